package io.greetwire.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first Java snippet is what a new user copies: it must compile against the library
 * with imports from {@code io.greetwire} only (no SPI, no internals), and print a greeting.
 */
class ReadmeSnippetTest {

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void readmeSnippet_usesThePublicApiOnly_compiles_andPrintsAGreeting(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("a ```java block in README.md").isTrue();
        String source = m.group(1);

        List<String> imports = source.lines().filter(l -> l.startsWith("import ")).collect(Collectors.toList());
        assertThat(imports).isNotEmpty();
        assertThat(imports).allSatisfy(i -> assertThat(i).matches("import (io\\.greetwire\\.[A-Z]\\w*|java\\.[\\w.]+);"));

        Matcher cls = Pattern.compile("public (?:final )?class (\\w+)").matcher(source);
        assertThat(cls.find()).as("the snippet is a whole class").isTrue();
        Path file = dir.resolve(cls.group(1) + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, null, diagnostics, "-d", dir.toString(), "-cp", classPath(), file.toString());
        assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        String printed = runMain(dir, cls.group(1));
        assertThat(printed).startsWith("welcome to our server.timestamp on server:");
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String runMain(Path dir, String className) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                ReadmeSnippetTest.class.getClassLoader())) {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
