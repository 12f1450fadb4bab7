package io.greetwire.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greetwire.GreetingFormat;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class ServersTest {

    @ParameterizedTest
    @ValueSource(strings = {"base-blocking", "base-nio", "base-netty", "base-netty/nio", "blocking", "nio", "netty", "netty/nio"})
    void everyServerGreetsTheRawClient(String name) throws Exception {
        Servers.Greeting g = new Servers.Greeting(GreetingFormat.TEXT, "x".repeat(300_000));
        try (BenchServer s = Servers.start(name, g, 1); BenchClient c = BenchClient.create("raw", GreetingFormat.TEXT, 300_000, 1)) {
            for (int i = 0; i < 5; i++) {
                assertThat(c.fetch(s.address())).isEqualTo(300_000);
            }
            assertThat(s.greeted()).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base-blocking", "base-nio", "base-netty", "base-netty/epoll", "base-netty/nio",
            "blocking", "nio", "netty", "netty/epoll", "netty/nio"})
    void everyServerGreetsTheRawClientOverAUnixSocket(String name, @TempDir Path dir) throws Exception {
        Servers.Greeting g = new Servers.Greeting(GreetingFormat.TEXT, "u".repeat(300_000));
        UnixDomainSocketAddress at = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        try (BenchServer s = Servers.start(name, g, 1, at); BenchClient c = BenchClient.create("raw", GreetingFormat.TEXT, 300_000, 1)) {
            assertThat(s.address()).isEqualTo(at);
            for (int i = 0; i < 5; i++) {
                assertThat(c.fetch(s.address())).isEqualTo(300_000);
            }
            assertThat(s.greeted()).isEqualTo(5);
        }
    }

    @Test
    void quickComparesEveryServerOnUnixSockets() {
        List<Quick.Plan> unix = Quick.plans().stream()
                .filter(p -> p.params().getOrDefault("channel", List.of()).contains("unix")).toList();
        assertThat(unix).extracting(Quick.Plan::benchmark).containsExactlyInAnyOrder(Report.SETUP, Report.RATE);
        assertThat(unix.get(0).params().get("server")).contains("base-blocking", "base-nio", "base-netty", "blocking");
    }

    @Test
    void baselinesSendWhatGreetwireSends() throws Exception {
        Servers.Greeting g = new Servers.Greeting(GreetingFormat.SEED, null);
        try (BenchServer base = Servers.start("base-nio", g, 1); BenchServer gw = Servers.start("blocking", g, 1);
                BenchClient c = BenchClient.create("blocking", GreetingFormat.SEED, 255, 1)) {
            assertThat(c.fetch(base.address())).isEqualTo(GreetingFormat.SEED_LENGTH);
            assertThat(c.fetch(gw.address())).isEqualTo(GreetingFormat.SEED_LENGTH);
        }
    }

    @Test
    void aMissingTransportSaysHowToLeaveItOut() {
        assertThatThrownBy(() -> Servers.start("nosuch", new Servers.Greeting(GreetingFormat.SEED, null), 1))
                .hasMessageContaining("server 'nosuch' cannot run")
                .hasMessageContaining("-p server=");
    }

    @Test
    void portExhaustionIsExplained() {
        IOException e = new IOException("connect", new BindException("Cannot assign requested address"));
        assertThat(PortExhaustion.isExhaustion(e)).isTrue();
        assertThat(PortExhaustion.isExhaustion(new IOException("Connection refused"))).isFalse();
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 1234);
        assertThatThrownBy(() -> PortExhaustion.check(a, e)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ran out of ephemeral ports").hasMessageContaining("TIME_WAIT")
                .hasCause(e);
    }

    @Test
    void quickPlansCoverEveryBenchmark() {
        List<Quick.Plan> plans = Quick.plans();
        List<String> benches = new ArrayList<>();
        plans.forEach(p -> benches.add(p.benchmark()));
        assertThat(benches).contains(Report.SETUP, Report.RATE, Report.PAYLOAD);
        assertThat(plans.get(0).params().get("server")).contains("base-blocking", "base-nio", "base-netty", "blocking");
    }
    @Test
    void quickMeasuresTheTlsGreetingRate_andTheSmokeOnePoint() {
        List<Quick.Plan> tls = Quick.plans(false).stream().filter(p -> p.benchmark().equals(Report.RATE)
                && p.params().containsKey(TlsSections.TLS)).toList();
        assertThat(tls).isNotEmpty().allSatisfy(p -> {
            assertThat(p.params().get(TlsSections.TLS)).containsExactly("full", "resumed");
            assertThat(p.params().get("server")).isEqualTo(p.params().get("client")); // each transport with its own client
            assertThat(p.params().get("channel")).containsExactly("tcp");
        });
        List<Quick.Plan> smoke = Quick.plans(true).stream().filter(p -> p.benchmark().equals(Report.RATE)
                && p.params().containsKey(TlsSections.TLS)).toList();
        assertThat(smoke).hasSize(1);
        assertThat(smoke.get(0).expected()).isEqualTo(1);
        // every other plan runs without TLS: the rate benchmark's default is tls=none
        assertThat(Quick.plans(false).stream().filter(p -> !p.params().containsKey(TlsSections.TLS)))
                .noneMatch(p -> p.params().values().stream().anyMatch(v -> v.contains("full")));
    }

    @Test
    void tlsSkipsWhatSpeaksNoTls() {
        assertThat(BenchTls.unsupported("base-nio", "nio", "tcp", "full")).contains("speaks no TLS");
        assertThat(BenchTls.unsupported("nio", "raw", "tcp", "resumed")).contains("raw client");
        assertThat(BenchTls.unsupported("nio", "blocking", "unix", "full")).isNull();
        assertThat(BenchTls.unsupported("blocking", "blocking", "unix", "resumed")).isNull();
        assertThat(BenchTls.unsupported("netty", "nio", "unix", "resumed")).isNull();
        assertThat(BenchTls.unsupported("blocking", "blocking", "tcp", "full")).isNull();
        assertThat(BenchTls.unsupported("base-nio", "raw", "unix", "none")).isNull();
    }
}
