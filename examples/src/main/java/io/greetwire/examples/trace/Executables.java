package io.greetwire.examples.trace;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Finds a program the way a root shell would: PATH, then the sbin and bin folders PATH may lack. */
public final class Executables {
    private Executables() { }

    /** {@code nameOrPath} itself if it names a file, else the first executable of that name. */
    public static Optional<Path> find(String nameOrPath) {
        if (nameOrPath.contains(File.separator)) {
            Path p = Path.of(nameOrPath);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isEmpty()) {
                    dirs.add(d);
                }
            }
        }
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String d : dirs) {
            Path p = Path.of(d, nameOrPath);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
