package io.greetwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every config field: a bad value fails at build with the field's name and the value. */
class ConfigValidationTest {

    private static void serverRejects(Consumer<ServerConfig.Builder> change, String... messageParts) {
        ServerConfig.Builder b = ServerConfig.builder();
        change.accept(b);
        var thrown = assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class);
        for (String part : messageParts) {
            thrown.hasMessageContaining(part);
        }
    }

    private static void clientRejects(Consumer<ClientConfig.Builder> change, String... messageParts) {
        ClientConfig.Builder b = ClientConfig.builder();
        change.accept(b);
        var thrown = assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class);
        for (String part : messageParts) {
            thrown.hasMessageContaining(part);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65_536, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void server_portOutOfRange(int port) {
        serverRejects(b -> b.port(port), "port", String.valueOf(port));
    }

    @Test
    void server_portBounds_areAccepted() {
        assertThat(ServerConfig.builder().port(0).build().port()).isZero();
        assertThat(ServerConfig.builder().port(65_535).build().port()).isEqualTo(65_535);
    }

    @Test
    void server_badValues() {
        serverRejects(b -> b.backlog(0), "backlog", "0");
        serverRejects(b -> b.writeTimeout(Duration.ZERO), "writeTimeout", "PT0S");
        serverRejects(b -> b.writeTimeout(Duration.ofSeconds(-1)), "writeTimeout", "PT-1S");
        serverRejects(b -> b.drainTimeout(Duration.ofMillis(-5)), "drainTimeout", "PT-0.005S");
        serverRejects(b -> b.writeTimeout(java.time.temporal.ChronoUnit.FOREVER.getDuration()), "writeTimeout", "at most");
        serverRejects(b -> b.drainTimeout(Duration.ofMillis(Long.MAX_VALUE)), "drainTimeout", "at most");
        serverRejects(b -> b.maxConnections(0), "maxConnections", "0");
        serverRejects(b -> b.maxConnections(-3), "maxConnections", "-3");
        serverRejects(b -> b.ioThreads(-1), "ioThreads", "-1");
        serverRejects(b -> b.sendBufferSize(-1), "sendBufferSize", "-1");
        serverRejects(b -> b.option("", "x"), "option");
    }

    @Test
    void server_greetingOverTheFormatsSize() {
        serverRejects(b -> b.greeting("x".repeat(255)), "SEED", "254", "255");
        serverRejects(b -> b.format(GreetingFormat.DAYTIME).greeting("two\nlines"), "DAYTIME");
        // TEXT has no such limit.
        assertThat(ServerConfig.builder().format(GreetingFormat.TEXT).greeting("x".repeat(1 << 20)).build().format())
                .isEqualTo(GreetingFormat.TEXT);
    }

    @Test
    void server_defaultsFollowTheSeedAndAreNamed() {
        ServerConfig c = ServerConfig.defaults();
        assertThat(c.toString()).isEqualTo(ServerConfig.builder().build().toString());
        assertThat(c.port()).isEqualTo(ServerConfig.DEFAULT_PORT).isEqualTo(20_000);
        assertThat(c.bindAddress()).isNull();
        assertThat(((java.net.InetSocketAddress) c.socketAddress()).getAddress().isAnyLocalAddress()).isTrue();
        assertThat(c.format()).isEqualTo(GreetingFormat.SEED);
        assertThat(c.backlog()).isEqualTo(ServerConfig.DEFAULT_BACKLOG);
        assertThat(c.maxConnections()).isEqualTo(ServerConfig.DEFAULT_MAX_CONNECTIONS);
        assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(ServerConfig.DEFAULT_WRITE_TIMEOUT_SECONDS));
        assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(ServerConfig.DEFAULT_DRAIN_TIMEOUT_SECONDS));
        assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString());
        // A defaulted greeting stays defaulted: DAYTIME gets its own, not the seed's text.
        ServerConfig daytime = c.toBuilder().format(GreetingFormat.DAYTIME).build();
        String line = daytime.source().text(new GreetingContext(null, null, java.time.Instant.EPOCH, java.time.ZoneOffset.UTC));
        assertThat(line).isEqualTo("Thu Jan  1 00:00:00 1970");
    }

    @Test
    void client_badValues() {
        clientRejects(b -> b.connectTimeout(Duration.ZERO), "connectTimeout", "PT0S");
        clientRejects(b -> b.connectTimeout(Duration.ofSeconds(-2)), "connectTimeout", "PT-2S");
        clientRejects(b -> b.readTimeout(Duration.ZERO), "readTimeout", "PT0S");
        clientRejects(b -> b.readTimeout(Duration.ofDays(40_000)), "readTimeout", "at most");
        clientRejects(b -> b.maxGreetingBytes(0), "maxGreetingBytes", "0");
        clientRejects(b -> b.maxGreetingBytes(Integer.MAX_VALUE), "maxGreetingBytes", String.valueOf(Integer.MAX_VALUE));
        clientRejects(b -> b.ioThreads(-1), "ioThreads", "-1");
    }

    @Test
    void client_defaults() {
        ClientConfig c = ClientConfig.defaults();
        assertThat(c.maxGreetingBytes()).isEqualTo(64 * 1024);
        assertThat(c.format()).isEqualTo(GreetingFormat.SEED);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(ClientConfig.DEFAULT_CONNECT_TIMEOUT_SECONDS));
        assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(ClientConfig.DEFAULT_READ_TIMEOUT_SECONDS));
        assertThat(c.strictUtf8()).isFalse();
        assertThat(c.clock().getZone()).isEqualTo(java.time.ZoneId.systemDefault());
    }

    @Test
    void clock_isOneNameOnBothSides_andTheClientReadsCtimeInItsZone() throws Exception {
        java.time.Instant when = java.time.Instant.parse("2026-11-05T09:03:07Z");
        java.time.ZoneId paris = java.time.ZoneId.of("Europe/Paris");
        java.time.Clock serverClock = java.time.Clock.fixed(when, paris);
        ServerConfig server = ServerConfig.builder().clock(serverClock).build();
        ClientConfig client = ClientConfig.builder().clock(java.time.Clock.system(paris)).build();
        assertThat(server.clock()).isSameAs(serverClock);
        assertThat(client.toBuilder().build().clock().getZone()).isEqualTo(paris);
        // The seed's stamp carries no zone: read in the client clock's zone, it is the server's instant.
        byte[] wire = server.format().encode(server.source().text(
                new GreetingContext(null, null, when, paris)), when);
        var reader = new io.greetwire.internal.GreetingReader(client, new java.net.InetSocketAddress("127.0.0.1", 20000));
        reader.append(wire, 0, wire.length);
        assertThat(reader.finish().serverTime()).contains(when);
    }

    @Test
    void server_unixPathTooLongForSunPath_namesThePathAndTheLimit() {
        String path = "/tmp/" + "s".repeat(ServerConfig.MAX_UNIX_PATH_BYTES - 4); // 108 bytes
        serverRejects(b -> b.unixPath(java.nio.file.Path.of(path)), "unixPath", "at most 107 bytes", "got 108", path);
    }

    @Test
    void server_unixPathOfTheLongestLength_isAccepted() {
        String path = "/tmp/" + "s".repeat(ServerConfig.MAX_UNIX_PATH_BYTES - 5); // 107 bytes
        assertThat(ServerConfig.builder().unixPath(java.nio.file.Path.of(path)).build().unixPath())
                .hasToString(path);
    }

    @Test
    void server_unixPathWithABindAddress_isRejected() {
        serverRejects(b -> b.unixPath(java.nio.file.Path.of("/tmp/g.sock"))
                .bindAddress(java.net.InetAddress.getLoopbackAddress()), "unixPath", "bindAddress", "127.0.0.1");
    }

    @Test
    void server_addressOfEitherKind_setsTheMatchingFields() {
        ServerConfig unix = ServerConfig.builder()
                .address(java.net.UnixDomainSocketAddress.of("/tmp/g.sock")).build();
        assertThat(unix.isUnix()).isTrue();
        assertThat(unix.socketAddress()).isEqualTo(java.net.UnixDomainSocketAddress.of("/tmp/g.sock"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(unix.socketPermissions()))
                .isEqualTo(ServerConfig.DEFAULT_SOCKET_PERMISSIONS);

        ServerConfig tcp = unix.toBuilder()
                .address(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 2000)).build();
        assertThat(tcp.isUnix()).isFalse();
        assertThat(tcp.socketAddress()).isEqualTo(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 2000));
    }
}
