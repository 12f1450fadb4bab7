package io.greetwire.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.greetwire.spi.GreetingTransport;
import io.greetwire.spi.Transports;
import io.greetwire.tck.AbstractTransportTest;
import io.greetwire.tck.Permutations;
import io.greetwire.tck.TransportPair;
import io.greetwire.tck.TransportUnderTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite on every server against every client of another transport, each Netty
 * flavour as a server and a client of its own (each module runs its own pairs and the one-sided
 * tests; this module's surefire leaves out the {@code per-server} and {@code per-client} tags).
 */
class CrossTransportTest extends AbstractTransportTest {
    /** The Netty engines as the netty transport names them in {@code netty.flavour}. */
    private static final List<String> NETTY_FLAVOURS = List.of("io_uring", "epoll", "nio");

    static List<TransportPair> pairs() {
        return Permutations.across(everyVariant());
    }

    /** Every transport on the class path; netty once per flavour. */
    static List<TransportUnderTest> everyVariant() {
        List<TransportUnderTest> all = new ArrayList<>();
        for (GreetingTransport t : Transports.available()) {
            TransportUnderTest base = TransportUnderTest.of(t);
            if (t.name().equals("netty")) {
                for (String f : NETTY_FLAVOURS) {
                    all.add(base.with(f, "netty.flavour", f));
                }
            } else {
                all.add(base);
            }
        }
        return all;
    }

    @Test
    void everyTransportOfThisProjectIsOnTheClassPath() {
        assertThat(Transports.available()).extracting(GreetingTransport::name).contains("blocking", "nio", "netty");
        assertThat(pairs()).hasSizeGreaterThanOrEqualTo(6); // blocking, nio and netty/nio against each other, at least
    }
}
