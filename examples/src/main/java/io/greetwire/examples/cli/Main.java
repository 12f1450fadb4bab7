package io.greetwire.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar greetwire-examples.jar <command>}: the Greetwire command-line tool. */
@Command(name = "greetwire", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        description = "Greets TCP clients like the seed's C server, and fetches greetings like its client.",
        subcommands = {
            ServerCommand.class,
            ClientCommand.class,
            DemoCommand.class,
            LoadCommand.class,
            TraceCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs one command and exits with its status.
     *
     * @param args the command and its options; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit status (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("greetwire " + cmd.getCommandName() + ": " + Cli.describe(e));
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
