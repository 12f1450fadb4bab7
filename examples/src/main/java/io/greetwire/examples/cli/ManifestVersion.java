package io.greetwire.examples.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the {@code Implementation-Version} the build writes into the jar's manifest
 * (the POM's version), so that the tool cannot drift from what was released.
 */
final class ManifestVersion implements IVersionProvider {
    /** What prints when no manifest says (run from class files, e.g. in an IDE). */
    static final String UNKNOWN = "unknown (not run from the greetwire-examples jar)";

    @Override
    public String[] getVersion() {
        return new String[] {"greetwire " + of(Main.class.getPackage())};
    }

    /** The package's manifest version, or {@link #UNKNOWN}. */
    static String of(Package p) {
        String v = p == null ? null : p.getImplementationVersion();
        return v == null || v.isBlank() ? UNKNOWN : v;
    }
}
