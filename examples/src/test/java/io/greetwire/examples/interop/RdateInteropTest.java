package io.greetwire.examples.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.spi.Transports;
import io.greetwire.tck.TestNet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code rdate -p -o PORT 127.0.0.1} (RFC 868) against every Greetwire server in {@code time} format. */
@Timeout(120)
class RdateInteropTest {
    /** rdate prints {@code Wed Nov 25 19:15:58 UTC 2026} (strftime's {@code %a %b %e %H:%M:%S %Z %Y}); TZ=UTC fixes the zone. */
    private static final Pattern DATE = Pattern.compile("([A-Z][a-z]{2} [A-Z][a-z]{2} +\\d{1,2} \\d\\d:\\d\\d:\\d\\d) UTC (\\d{4})");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ENGLISH);

    private Path rdate;

    @BeforeEach
    void peer() {
        rdate = Peers.find("rdate").orElse(null);
        Peers.assumePeer(rdate != null, () -> Peers.missing("rdate", "rdate"));
    }

    @ParameterizedTest(name = "{0} server")
    @MethodSource("io.greetwire.examples.interop.Peers#transports")
    void rdatePrintsTheServersTime(String transport) throws Exception {
        ServerConfig config = ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0).format(GreetingFormat.TIME).build();
        try (GreetingServer server = Transports.get(transport).newServer(config)) {
            int port = TestNet.port(server.start());
            // -p: print only, never set the clock; -4: IPv4, as the server listens on 127.0.0.1.
            Child c = Child.run(List.of(rdate.toString(), "-4", "-p", "-o", String.valueOf(port), "127.0.0.1"),
                    Map.of("TZ", "UTC", "LC_ALL", "C"), Peers.PROCESS_TIMEOUT);
            assertEquals(0, c.exitValue(), c::toString);
            Matcher m = DATE.matcher(c.stdout());
            assertTrue(m.find(), c::toString);
            LocalDateTime printed = LocalDateTime.parse(m.group(1).replaceAll(" +", " ") + " " + m.group(2), FORMAT);
            Peers.assertNearNow(printed.toInstant(ZoneOffset.UTC));
            TestNet.await("the server to count the greeting", Duration.ofSeconds(30), () -> server.stats().greeted() == 1);
        }
    }
}
