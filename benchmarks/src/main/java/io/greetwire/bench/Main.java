package io.greetwire.bench;

import java.util.Arrays;

/**
 * {@code java -jar benchmarks.jar}: {@code serve}, {@code quick} and {@code report} are this
 * project's ({@link BenchCommands}, each with {@code --help});
 * anything else goes to JMH's own command line ({@code -rf json -rff results.json}, {@code -p},
 * {@code -l}, {@code -h}, a benchmark regex, ...).
 */
public final class Main {
    private Main() { }

    /**
     * JMH's command line, or {@code quick}, {@code report} or {@code serve}.
     *
     * @param args a subcommand and its arguments, or JMH's
     * @throws Exception if the run fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && BenchCommands.NAMES.contains(args[0])) {
            System.exit(BenchCommands.execute(args[0], Arrays.copyOfRange(args, 1, args.length)));
        } else {
            org.openjdk.jmh.Main.main(args);
        }
    }
}
