package io.greetwire.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greetwire.ClientConfig;
import io.greetwire.ServerConfig;
import org.junit.jupiter.api.Test;

class BlockingOptionsTest {
    private final BlockingTransport transport = new BlockingTransport();

    @Test
    void unknownBlockingOption_isRefusedByName() {
        assertThatThrownBy(() -> transport.newServer(ServerConfig.builder().option("blocking.thredas", "virtual").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blocking.thredas").hasMessageContaining("blocking.threads");
    }

    @Test
    void otherTransportsOptions_areIgnored() {
        transport.newServer(ServerConfig.builder().option("netty.flavour", "epoll").build()).close();
    }

    @Test
    void badValues_areRefusedWithTheValue() {
        assertThatThrownBy(() -> transport.newClient(ClientConfig.builder().option("blocking.threads", "green").build()))
                .hasMessageContaining("blocking.threads").hasMessageContaining("'green'");
        assertThatThrownBy(() -> transport.newClient(ClientConfig.builder().option("blocking.maxThreads", "0").build()))
                .hasMessageContaining("blocking.maxThreads").hasMessageContaining("'0'");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void close_completesFetchesQueuedBehindAFullPool() throws Exception {
        try (io.greetwire.tck.HostileServer silent = io.greetwire.tck.HostileServer.start(io.greetwire.tck.HostileServer.silent())) {
            var client = transport.newClient(ClientConfig.builder().option("blocking.maxThreads", "2").build());
            var futures = new java.util.ArrayList<java.util.concurrent.CompletableFuture<io.greetwire.Greeting>>();
            for (int i = 0; i < 10; i++) {
                futures.add(client.fetchAsync(silent.address()));
            }
            client.close();
            for (var f : futures) {
                assertThat(f).failsWithin(java.time.Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void virtualThreads_workOn21AndAreAClearErrorBefore() {
        ServerConfig config = ServerConfig.builder().option("blocking.threads", "virtual").build();
        if (VirtualThreads.isSupported()) {
            transport.newServer(config).close();
            assertThat(VirtualThreads.factory("t").newThread(() -> { }).toString()).startsWith("VirtualThread").contains("t-1");
        } else {
            assertThatThrownBy(() -> transport.newServer(config))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Java 21").hasMessageContaining(Runtime.version().toString());
        }
    }
}
