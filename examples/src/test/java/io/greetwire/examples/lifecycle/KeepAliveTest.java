package io.greetwire.examples.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingFormat;
import io.greetwire.Greetwire;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code main} that starts a server and returns leaves the JVM serving, on every transport, and
 * the JVM exits by itself once the server is closed: the library's keeper thread is the only thing
 * holding it.
 */
class KeepAliveTest {

    static Stream<Arguments> servers() {
        List<Arguments> all = new ArrayList<>(List.of(Arguments.of("blocking", null), Arguments.of("nio", null)));
        for (String flavour : List.of("io_uring", "epoll", "nio")) {
            all.add(Arguments.of("netty", flavour));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void serverStartedByAReturnedMain_keepsServing_untilClosed(String transport, String flavour) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                ServerMain.class.getName(), transport));
        if (flavour != null) {
            cmd.add(flavour);
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             GreetingClient client = Greetwire.newClient("nio", ClientConfig.builder().format(GreetingFormat.SEED).build())) {
            String portLine = out.readLine();
            assertThat(portLine).as("child's first line").startsWith("port ");
            int port = Integer.parseInt(portLine.substring(5));
            assertThat(out.readLine()).isEqualTo("main returns");

            // main has returned; two seconds later the JVM must still be there, serving.
            assertThat(p.waitFor(2, TimeUnit.SECONDS)).as("the JVM exited after main returned").isFalse();
            Greeting g = client.fetch(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(g.text()).startsWith("welcome to our server.timestamp on server:");

            p.getOutputStream().close(); // the child closes its server
            assertThat(out.readLine()).isEqualTo("closing");
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the JVM exits once the server is closed").isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }
}
