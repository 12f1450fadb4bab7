package io.greetwire.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code load}: being written on its own branch; until it lands it says so and fails. */
@Command(name = "load", mixinStandardHelpOptions = true, description = "Not built yet.")
final class LoadCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("greetwire load: not built yet");
        return 1;
    }
}
