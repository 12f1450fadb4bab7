package io.greetwire.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greetwire.ClientConfig;
import io.greetwire.FailureReason;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import io.greetwire.GreetingServer;
import io.greetwire.GreetingSource;
import io.greetwire.ServerConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees of every transport's server: its JFR events ({@code io.greetwire.*}) and
 * its JMX MBean. A transport module runs it by subclassing with its two factories, like
 * {@link AbstractTransportTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AbstractObservabilityTest {
    private static final MBeanServer MBEANS = ManagementFactory.getPlatformMBeanServer();

    /** A new, unstarted server of the transport under test. */
    protected abstract GreetingServer newServer(ServerConfig config);

    /** A new client of the transport under test. */
    protected abstract GreetingClient newClient(ClientConfig config);

    private static ServerConfig.Builder serverConfig() {
        return ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0)
                .writeTimeout(Duration.ofSeconds(5)).drainTimeout(Duration.ofSeconds(2));
    }

    private GreetingClient client() {
        return newClient(ClientConfig.builder().connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(10)).build());
    }

    @Test
    void jfr_recordsStart_eachGreeting_eachFailure_andStop(@TempDir Path dir) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        // Three greetings, then one whose source throws: a SOURCE_ERROR failure.
        GreetingSource source = GreetingSource.perConnection(ctx -> {
            if (calls.incrementAndGet() == 4) {
                throw new IllegalStateException("the fourth greeting fails");
            }
            return "hello from " + ctx.local() + "\n";
        });
        Path file = dir.resolve("greetwire.jfr");
        String transport;
        String address;
        int length = 0;
        try (Recording recording = new Recording()) {
            recording.enable("io.greetwire.ServerStarted");
            recording.enable("io.greetwire.ServerStopped");
            recording.enable("io.greetwire.GreetingServed");
            recording.enable("io.greetwire.GreetingFailed");
            recording.start();
            try (GreetingServer server = newServer(serverConfig().source(source).build());
                 GreetingClient client = client()) {
                server.start();
                transport = server.stats().transport();
                address = server.localAddress().toString();
                for (int i = 0; i < 3; i++) {
                    Greeting g = client.fetch(server.localAddress());
                    assertThat(g.text()).startsWith("hello from ");
                    length = g.length();
                }
                assertThatThrownBy(() -> client.fetch(server.localAddress())).isInstanceOf(GreetingException.class);
            }
            recording.stop();
            recording.dump(file);
        }
        int greetingLength = length;
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Map<String, List<RecordedEvent>> byName = events.stream()
                .collect(Collectors.groupingBy(e -> e.getEventType().getName()));

        assertThat(byName.get("io.greetwire.ServerStarted")).singleElement().satisfies(e -> {
            assertThat(e.getString("transport")).isEqualTo(transport);
            assertThat(e.getString("format")).isEqualTo("SEED");
            assertThat(e.getString("server")).isEqualTo(address);
        });
        assertThat(byName.get("io.greetwire.GreetingServed")).hasSize(3).allSatisfy(e -> {
            assertThat(e.getString("transport")).isEqualTo(transport);
            assertThat(e.getString("server")).isEqualTo(address);
            assertThat(e.getString("client")).contains("127.0.0.1");
            assertThat(e.getLong("bytes")).isEqualTo(greetingLength);
            assertThat(e.getDuration("elapsed")).isPositive();
            assertThat(e.getEventType().getCategoryNames()).containsExactly("Greetwire", "Server");
        });
        assertThat(byName.get("io.greetwire.GreetingFailed")).singleElement().satisfies(e -> {
            assertThat(e.getString("reason")).isEqualTo(FailureReason.SOURCE_ERROR.name());
            assertThat(e.getLong("bytes")).isZero();
            assertThat(e.getString("transport")).isEqualTo(transport);
        });
        assertThat(byName.get("io.greetwire.ServerStopped")).singleElement().satisfies(e -> {
            assertThat(e.getLong("accepted")).isEqualTo(4);
            assertThat(e.getLong("greeted")).isEqualTo(3);
            assertThat(e.getLong("failed")).isEqualTo(1);
        });
    }

    @Test
    void jmx_registersTheServerWhileItRuns_andUnregistersOnClose() throws Exception {
        String name = "tck-" + UUID.randomUUID();
        ObjectName objectName = new ObjectName("io.greetwire:type=GreetingServer,name=" + name);
        GreetingServer server = newServer(serverConfig().jmxName(name).build());
        assertThat(MBEANS.isRegistered(objectName)).as("registered before start").isFalse();
        try (GreetingClient client = client()) {
            server.start();
            assertThat(MBEANS.isRegistered(objectName)).isTrue();
            client.fetch(server.localAddress());
            client.fetch(server.localAddress());

            assertThat(MBEANS.getAttribute(objectName, "Transport")).isEqualTo(server.stats().transport());
            assertThat(MBEANS.getAttribute(objectName, "Address")).isEqualTo(server.localAddress().toString());
            TestNet.await("two greetings counted", Duration.ofSeconds(20), () -> server.stats().greeted() == 2);
            assertThat(MBEANS.getAttribute(objectName, "Greeted")).isEqualTo(2L);
            assertThat(MBEANS.getAttribute(objectName, "Accepted")).isEqualTo(2L);
            TabularData failures = (TabularData) MBEANS.getAttribute(objectName, "Failures");
            assertThat(failures.values()).hasSize(FailureReason.values().length)
                    .allSatisfy(row -> assertThat(((CompositeData) row).get("value")).isEqualTo(0L));
        } finally {
            server.close();
        }
        assertThat(MBEANS.isRegistered(objectName)).as("registered after close").isFalse();
    }

    @Test
    void jmx_aNameInUse_failsStart_namingIt_withNothingBound() throws Exception {
        String name = "tck-" + UUID.randomUUID();
        int port = TestNet.portForAPeerToBind(); // the failed start must leave it free: we bind it below
        try (GreetingServer first = newServer(serverConfig().jmxName(name).build());
             GreetingServer second = newServer(serverConfig().port(port).jmxName(name).build())) {
            first.start();
            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("io.greetwire:type=GreetingServer,name=" + name)
                    .hasMessageContaining("already registered");
            // Nothing of the failed start is left: no thread named after its port, the port free.
            assertThat(Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && t.getName().contains(String.valueOf(port))))
                    .as("threads of the server that failed to start").isEmpty();
            try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, TestNet.LOOPBACK)) {
                assertThat(s.getLocalPort()).isEqualTo(port);
            }
            second.close();
            assertThat(MBEANS.isRegistered(new ObjectName("io.greetwire:type=GreetingServer,name=" + name)))
                    .as("the first server's MBean stays").isTrue();
        }
    }

    @Test
    void jmx_withoutAName_registersNothing() throws Exception {
        try (GreetingServer server = newServer(serverConfig().build())) {
            server.start();
            assertThat(MBEANS.queryNames(new ObjectName("io.greetwire:*"), null)).isEmpty();
        }
    }
}
