package io.greetwire.tck;

import java.util.ArrayList;
import java.util.List;

/**
 * The pairs a suite runs, as in Netty's testsuite: every server against every client. Server-only
 * and client-only tests run once per transport, on the pair where server and client are the same
 * variant.
 */
public final class Permutations {
    private Permutations() { }

    /**
     * Every server of {@code transports} against every client of them. Variants that cannot run
     * here are left out, with their reason printed.
     */
    public static List<TransportPair> every(List<TransportUnderTest> transports) {
        List<TransportUnderTest> runnable = runnable(transports);
        List<TransportPair> pairs = new ArrayList<>();
        for (TransportUnderTest s : runnable) {
            for (TransportUnderTest c : runnable) {
                pairs.add(new TransportPair(s, c, s == c, s == c));
            }
        }
        return pairs;
    }

    /**
     * Each variant's server with its own client only: the fault suite, whose tests are one-sided.
     * With {@value #REPEAT} = N, the whole list N times over (in one JVM, one Maven run).
     */
    public static List<TransportPair> own(List<TransportUnderTest> transports) {
        List<TransportPair> pairs = new ArrayList<>();
        int times = Integer.getInteger(REPEAT, 1);
        if (times < 1) {
            throw new IllegalArgumentException(REPEAT + ": must be at least 1, got " + times);
        }
        for (int i = 0; i < times; i++) {
            for (TransportUnderTest t : runnable(transports)) {
                pairs.add(new TransportPair(t, t, true, true));
            }
        }
        return pairs;
    }

    /**
     * A system property: how many times {@link #own} lists its pairs, to repeat the fault suite
     * (CI runs the default engine's five times); 1 when unset.
     */
    public static final String REPEAT = "greetwire.tck.repeat";

    /**
     * The pairs whose server and client come from different transports, for a module that has
     * them all on its class path; each transport's module runs its own pairs and one-sided tests.
     */
    public static List<TransportPair> across(List<TransportUnderTest> transports) {
        List<TransportUnderTest> runnable = runnable(transports);
        List<TransportPair> pairs = new ArrayList<>();
        for (TransportUnderTest s : runnable) {
            for (TransportUnderTest c : runnable) {
                if (!s.transportName().equals(c.transportName())) {
                    pairs.add(new TransportPair(s, c, false, false));
                }
            }
        }
        return pairs;
    }

    /**
     * A system property: a comma-separated list of variant names (e.g. {@code netty/io_uring}) to
     * run alone, e.g. to repeat one flavour's fault suite; unset, every variant runs.
     */
    public static final String ONLY = "greetwire.tck.only";

    private static List<TransportUnderTest> runnable(List<TransportUnderTest> transports) {
        List<TransportUnderTest> ok = new ArrayList<>();
        List<String> only = System.getProperty(ONLY, "").isBlank() ? List.of()
                : List.of(System.getProperty(ONLY).split("\\s*,\\s*"));
        for (TransportUnderTest t : transports) {
            if (!only.isEmpty() && !only.contains(t.name())) {
                continue;
            }
            String why = t.unavailableReason();
            if (why.isEmpty()) {
                ok.add(t);
            } else {
                System.out.println("not run here: " + t.name() + ": " + why);
            }
        }
        return ok;
    }
}
