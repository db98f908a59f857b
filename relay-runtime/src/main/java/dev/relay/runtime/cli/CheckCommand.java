package dev.relay.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code relay check}. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Check the health of every configured resource (no control plane needed).")
final class CheckCommand implements Callable<Integer> {

    private final CliIo io;

    CheckCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        io.err().println("relay check: not available in this build yet");
        return 1;
    }
}
