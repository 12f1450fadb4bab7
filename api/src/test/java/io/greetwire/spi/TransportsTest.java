package io.greetwire.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import org.junit.jupiter.api.Test;

/** Uses the two fake transports registered in this module's test resources (not shipped in the test-jar). */
class TransportsTest {

    @Test
    void all_findsEveryProvider_highestPriorityFirst() {
        assertThat(Transports.all()).extracting(GreetingTransport::name).containsExactly("broken", "fake");
    }

    @Test
    void available_leavesOutWhatCannotRun() {
        assertThat(Transports.available()).extracting(GreetingTransport::name).containsExactly("fake");
        assertThat(Transports.best().name()).isEqualTo("fake");
    }

    @Test
    void get_byName_ignoresCase() {
        assertThat(Transports.get("FAKE").name()).isEqualTo("fake");
    }

    @Test
    void get_unknownName_listsWhatIsThereAndNamesTheArtifact() {
        assertThatThrownBy(() -> Transports.get("nio"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nio'")
                .hasMessageContaining("available: fake;")
                .hasMessageContaining("io.greetwire:greetwire-nio");
        assertThatThrownBy(() -> Transports.get("carrier-pigeon"))
                .hasMessageContaining("'carrier-pigeon'")
                .hasMessageContaining("known transports: blocking, netty, nio");
    }

    @Test
    void get_unavailable_saysWhy() {
        assertThatThrownBy(() -> Transports.get("broken"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not available").hasMessageContaining("no native library");
    }

    public static final class FakeTransport implements GreetingTransport {
        @Override public String name() { return "fake"; }
        @Override public boolean isAvailable() { return true; }
        @Override public String unavailableReason() { return ""; }
        @Override public int priority() { return 3; }
        @Override public GreetingServer newServer(ServerConfig config) { throw new UnsupportedOperationException("fake"); }
        @Override public GreetingClient newClient(ClientConfig config) { throw new UnsupportedOperationException("fake"); }
    }

    public static final class BrokenTransport implements GreetingTransport {
        @Override public String name() { return "broken"; }
        @Override public boolean isAvailable() { return false; }
        @Override public String unavailableReason() { return "no native library for this test"; }
        @Override public int priority() { return 9; }
        @Override public GreetingServer newServer(ServerConfig config) { throw new IllegalStateException("unavailable"); }
        @Override public GreetingClient newClient(ClientConfig config) { throw new IllegalStateException("unavailable"); }
    }
}
