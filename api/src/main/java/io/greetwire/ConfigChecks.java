package io.greetwire;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Validation shared by the two configs: each error names the field and the value. */
final class ConfigChecks {
    /** The longest timeout taken: 100 years, far inside what {@code Duration.toNanos()} can hold. */
    static final Duration MAX_DURATION = Duration.ofDays(36_500);

    private ConfigChecks() { }

    private static Duration capped(String field, Duration d) {
        if (d.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(field + ": must be at most " + MAX_DURATION + ", got " + d);
        }
        return d;
    }

    static Duration positive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive, got " + d);
        }
        return capped(field, d);
    }

    static Duration notNegative(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative()) {
            throw new IllegalArgumentException(field + ": must not be negative, got " + d);
        }
        return capped(field, d);
    }

    static int atLeast(String field, int min, int value) {
        if (value < min) {
            throw new IllegalArgumentException(field + ": must be at least " + min + ", got " + value);
        }
        return value;
    }

    static int port(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: must be 0 to 65535, got " + port);
        }
        return port;
    }

    /** A Unix socket path that fits {@code sun_path}; {@code null} passes (TCP). */
    static java.nio.file.Path unixPath(java.nio.file.Path path) {
        if (path == null) {
            return null;
        }
        String s = path.toString();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("unixPath: must not be empty");
        }
        int bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > ServerConfig.MAX_UNIX_PATH_BYTES) {
            throw new IllegalArgumentException("unixPath: must be at most " + ServerConfig.MAX_UNIX_PATH_BYTES
                    + " bytes (sun_path holds 108 with its NUL), got " + bytes + ": " + s);
        }
        return path;
    }

    static Map<String, String> options(Map<String, String> options) {
        TreeMap<String, String> copy = new TreeMap<>();
        options.forEach((k, v) -> {
            if (k == null || k.isBlank() || v == null) {
                throw new IllegalArgumentException("option: key and value must be non-empty, got " + k + "=" + v);
            }
            copy.put(k, v);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    static java.util.Set<TlsVersion> versionSet(TlsVersion... versions) {
        Objects.requireNonNull(versions, "versions");
        java.util.EnumSet<TlsVersion> set = java.util.EnumSet.noneOf(TlsVersion.class);
        for (TlsVersion v : versions) {
            set.add(Objects.requireNonNull(v, "versions"));
        }
        return set;
    }

    static java.util.Set<TlsVersion> versions(java.util.Set<TlsVersion> versions) {
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("versions: must name at least one TLS version, got none");
        }
        return java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(versions));
    }

    /** Newest first, as the JDK and OpenSSL list them. */
    static String[] protocolNames(java.util.Set<TlsVersion> versions) {
        TlsVersion[] all = TlsVersion.values();
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = all.length - 1; i >= 0; i--) {
            if (versions.contains(all[i])) {
                names.add(all[i].protocolName());
            }
        }
        return names.toArray(new String[0]);
    }

    /** Null (no MBean) or a non-blank name; JMX quotes the characters it reserves, so any other is fine. */
    static String jmxName(String name) {
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("jmxName: must be null (no MBean) or not blank, got \"" + name + "\"");
        }
        return name;
    }
}
