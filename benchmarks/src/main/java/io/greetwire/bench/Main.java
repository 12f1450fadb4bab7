package io.greetwire.bench;

import java.util.Arrays;

/**
 * {@code java -jar benchmarks.jar}: {@code quick ...} and {@code report ...} are this project's;
 * anything else goes to JMH's own command line ({@code -rf json -rff results.json}, {@code -p},
 * {@code -l}, {@code -h}, a benchmark regex, ...).
 */
public final class Main {
    private Main() { }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("report")) {
            System.exit(Report.main0(Arrays.copyOfRange(args, 1, args.length)));
        } else if (args.length > 0 && args[0].equals("quick")) {
            System.exit(Quick.main0(Arrays.copyOfRange(args, 1, args.length)));
        } else {
            org.openjdk.jmh.Main.main(args);
        }
    }
}
