package io.greetwire.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native engines are optional dependencies: without their jars (and without
 * {@code netty-transport-native-unix-common}, whose {@code NativeIoException} the failure
 * classification knows by name) the transport runs on NIO and classifies failures the same way.
 */
class WithoutNativesTest {
    private static final Pattern NATIVE_JAR =
            Pattern.compile("netty-transport-(native-unix-common|classes-epoll|native-epoll|classes-io_uring|native-io_uring)");

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void withoutTheNativeJars_runsOnNio_andAResetIsStillReset(@TempDir Path dir) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String withoutNatives = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !NATIVE_JAR.matcher(entry).find())
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(withoutNatives).as("the test's class path had the native jars to leave out").isNotEqualTo(classPath);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", withoutNatives, WithoutNativesMain.class.getName())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the child finished").isTrue();
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            assertThat(lines).as("stdout; stderr:%n%s", Files.readString(err, StandardCharsets.UTF_8))
                    .containsExactly("natives: absent", "flavour: nio", "reset: RESET", "refused: CONNECT_REFUSED",
                            "server: RESET");
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }
}
