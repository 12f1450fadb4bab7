package io.greetwire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The api module's published surface, read from the compiled {@code module-info.class} as
 * {@code jar --describe-module} shows it: users see {@code io.greetwire} and the SPI, the transports'
 * shared helpers are exported to the shipped transports only, and no public signature carries a
 * type of a module the api does not re-export (slf4j).
 */
class ModuleSurfaceTest {
    private static final Path CLASSES = Path.of("target", "classes");

    @Test
    void unqualifiedExports_areTheApiAndTheSpiOnly() throws IOException {
        ModuleDescriptor d = descriptor();
        Set<String> open = d.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertThat(open).containsExactlyInAnyOrder("io.greetwire", "io.greetwire.spi");
        Map<String, Set<String>> qualified = d.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));
        assertThat(qualified).containsOnlyKeys("io.greetwire.internal", "io.greetwire.internal.jmx");
        assertThat(qualified.get("io.greetwire.internal"))
                .containsExactlyInAnyOrder("io.greetwire.blocking", "io.greetwire.nio", "io.greetwire.netty");
        // The MXBean interface, for JMX's introspection only.
        assertThat(qualified.get("io.greetwire.internal.jmx")).containsExactly("java.management");
    }

    @Test
    void spi_holdsOnlyWhatATransportImplementsAndTheRegistry() throws IOException {
        assertThat(publicTypes("io/greetwire/spi")).containsExactlyInAnyOrder(
                "io.greetwire.spi.GreetingTransport", "io.greetwire.spi.Transports");
    }

    @Test
    void publicSignatures_carryNoSlf4jType() throws Exception {
        List<String> offenders = new ArrayList<>();
        List<String> types = new ArrayList<>(publicTypes("io/greetwire"));
        types.addAll(publicTypes("io/greetwire/spi"));
        for (String name : types) {
            Class<?> c = Class.forName(name);
            for (Method m : c.getMethods()) {
                Stream.concat(Stream.of(m.getReturnType()), Stream.of(m.getParameterTypes()))
                        .filter(ModuleSurfaceTest::isSlf4j).forEach(t -> offenders.add(m.toString()));
            }
            for (Constructor<?> k : c.getConstructors()) {
                Stream.of(k.getParameterTypes()).filter(ModuleSurfaceTest::isSlf4j).forEach(t -> offenders.add(k.toString()));
            }
            for (Field f : c.getFields()) {
                if (isSlf4j(f.getType())) {
                    offenders.add(f.toString());
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    private static boolean isSlf4j(Class<?> t) {
        return t.getName().startsWith("org.slf4j.");
    }

    private static ModuleDescriptor descriptor() throws IOException {
        try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    /** Public top-level and member types compiled into one package directory. */
    private static List<String> publicTypes(String dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(CLASSES.resolve(dir))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String file = f.getFileName().toString();
                if (!file.endsWith(".class") || file.equals("package-info.class")) {
                    continue;
                }
                String name = dir.replace('/', '.') + "." + file.substring(0, file.length() - 6).replace('$', '.');
                try {
                    Class<?> c = Class.forName(dir.replace('/', '.') + "." + file.substring(0, file.length() - 6));
                    if (Modifier.isPublic(c.getModifiers()) && !c.isAnonymousClass() && c.getEnclosingClass() == null) {
                        names.add(name);
                    }
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return names;
    }
}
