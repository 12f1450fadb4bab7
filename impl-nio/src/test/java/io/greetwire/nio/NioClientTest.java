package io.greetwire.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import io.greetwire.GreetingServer;
import io.greetwire.GreetingSource;
import io.greetwire.ServerConfig;
import io.greetwire.tck.TestNet;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The multiplexing client: many fetches on few threads, close, cancel. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NioClientTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private final NioTransport transport = new NioTransport();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private GreetingServer started(ServerConfig config) throws Exception {
        GreetingServer s = transport.newServer(config);
        toClose.add(s);
        s.start();
        return s;
    }

    private static ServerConfig.Builder serverConfig() {
        return ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0).backlog(4096);
    }

    private static ClientConfig.Builder clientConfig() {
        return ClientConfig.builder().connectTimeout(Duration.ofSeconds(30)).readTimeout(Duration.ofSeconds(30))
                .clock(Clock.systemUTC());
    }

    private GreetingClient client(ClientConfig config) {
        GreetingClient c = transport.newClient(config);
        toClose.add(c);
        return c;
    }

    /** The soft limit on open files, from /proc (no java.management in this module); unknown = no limit. */
    private static long maxDescriptors() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return Long.MAX_VALUE;
    }

    @Test
    void twoThousandConcurrentFetchAsync_fromOneClient_allSucceedOnTwoThreads() throws Exception {
        int n = 2_000;
        // Each fetch holds a descriptor on both ends while in flight.
        assumeThat(maxDescriptors()).as("file descriptor limit").isGreaterThan(3L * n);
        GreetingServer server = started(serverConfig().build());
        GreetingClient client = client(clientConfig().build());
        AtomicLong maxClientThreads = new AtomicLong();
        List<CompletableFuture<Greeting>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            futures.add(client.fetchAsync(server.localAddress()));
            if (i % 100 == 0) {
                maxClientThreads.accumulateAndGet(TestNet.threadsNamed("greetwire-nio-client-"), Math::max);
            }
        }
        maxClientThreads.accumulateAndGet(TestNet.threadsNamed("greetwire-nio-client-"), Math::max);
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        for (CompletableFuture<Greeting> f : futures) {
            assertThat(f.join().text()).startsWith(GreetingSource.SEED_PREFIX);
        }
        // One or two loops per client, whatever the number of fetches in flight.
        assertThat(maxClientThreads.get()).isBetween(1L, 2L);
        assertThat(TestNet.threadsNamed("greetwire-nio-client-")).isBetween(1L, 2L);
        TestNet.await("all greeted", DEADLINE, () -> server.stats().greeted() == n);
    }

    @Test
    void ioThreads_setsTheNumberOfClientLoops() throws Exception {
        GreetingServer server = started(serverConfig().build());
        GreetingClient client = client(clientConfig().ioThreads(3).build());
        long before = TestNet.threadsNamed("greetwire-nio-client-");
        List<CompletableFuture<Greeting>> futures = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            futures.add(client.fetchAsync(server.localAddress()));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(TestNet.threadsNamed("greetwire-nio-client-") - before).isEqualTo(3);
    }

    @Test
    void close_failsFetchesInFlightWithClosed_andLaterFetchesToo() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 200, TestNet.LOOPBACK)) {
            InetSocketAddress address = (InetSocketAddress) silent.getLocalSocketAddress();
            GreetingClient client = transport.newClient(clientConfig().build());
            List<CompletableFuture<Greeting>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                futures.add(client.fetchAsync(address));
            }
            client.close();
            for (CompletableFuture<Greeting> f : futures) {
                assertThat(f).failsWithin(DEADLINE).withThrowableOfType(ExecutionException.class)
                        .havingCause().isInstanceOfSatisfying(GreetingException.class,
                                e -> assertThat(e.kind()).isEqualTo(GreetingException.Kind.CLOSED));
            }
            assertThatThrownBy(() -> client.fetch(address)).isInstanceOfSatisfying(GreetingException.class,
                    e -> assertThat(e.kind()).isEqualTo(GreetingException.Kind.CLOSED));
            assertThat(client.fetchAsync(address)).isCompletedExceptionally();
        }
    }

    @Test
    void cancel_closesTheConnection() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, TestNet.LOOPBACK)) {
            InetSocketAddress address = (InetSocketAddress) silent.getLocalSocketAddress();
            GreetingClient client = client(clientConfig().build());
            CompletableFuture<Greeting> f = client.fetchAsync(address);
            try (Socket accepted = silent.accept()) {
                assertThat(f.cancel(false)).isTrue();
                accepted.setSoTimeout((int) DEADLINE.toMillis());
                assertThat(accepted.getInputStream().read()).isEqualTo(-1); // the client closed its end
            }
        }
    }

    @Test
    void fetch_runsOnTheCallersThread_noLoopStarts() throws Exception {
        GreetingServer server = transport.newServer(serverConfig().build());
        GreetingClient client = transport.newClient(clientConfig().build());
        toClose.add(server);
        toClose.add(client);
        server.start();
        for (int i = 0; i < 3; i++) {
            assertThat(client.fetch(server.localAddress()).text()).startsWith(GreetingSource.SEED_PREFIX);
        }
        assertThat(TestNet.threadsNamed("greetwire-nio-client")).isZero();
        client.fetchAsync(server.localAddress()).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(TestNet.threadsNamed("greetwire-nio-client")).isPositive();
    }

    @Test
    void close_leavesNoNioThreadAlive() throws Exception {
        GreetingServer server = transport.newServer(serverConfig().ioThreads(3).build());
        GreetingClient client = transport.newClient(clientConfig().ioThreads(2).build());
        toClose.add(server);
        toClose.add(client);
        // The factories allocate nothing: no thread until start() or the first fetch.
        assertThat(TestNet.threadsNamed("greetwire-nio")).isZero();
        server.start();
        assertThat(client.fetch(server.localAddress()).text()).startsWith(GreetingSource.SEED_PREFIX);
        client.fetchAsync(server.localAddress()).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(TestNet.threadsNamed("greetwire-nio")).isEqualTo(5);
        client.close();
        server.close();
        assertThat(TestNet.threadsNamed("greetwire-nio")).isZero();
    }

    @Test
    void unknownNioOption_isRejectedNamingIt_otherTransportsOptionsAreIgnored() {
        ServerConfig badServer = serverConfig().option("nio.nonsense", "1").build();
        assertThatThrownBy(() -> transport.newServer(badServer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nio.nonsense");
        ClientConfig badClient = clientConfig().option("nio.nonsense", "1").build();
        assertThatThrownBy(() -> transport.newClient(badClient))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nio.nonsense");
        ServerConfig badValue = serverConfig().option("nio.inlineLimit", "lots").build();
        assertThatThrownBy(() -> transport.newServer(badValue))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nio.inlineLimit");

        GreetingServer s = transport.newServer(serverConfig().option("netty.flavour", "epoll")
                .option("blocking.threads", "virtual").option("nio.acceptBatch", "16").build());
        s.close();
        transport.newClient(clientConfig().option("netty.flavour", "epoll").build()).close();
    }

    @Test
    void transport_isFoundByNameWithItsPriority() {
        var t = io.greetwire.spi.Transports.get("nio");
        assertThat(t).isInstanceOf(NioTransport.class);
        assertThat(t.name()).isEqualTo("nio");
        assertThat(t.priority()).isEqualTo(5);
        assertThat(t.isAvailable()).isTrue();
        assertThat(t.unavailableReason()).isEmpty();
    }
}
