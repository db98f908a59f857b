package dev.relay.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code relay mask}. */
@Command(name = "mask", mixinStandardHelpOptions = true, description = "Mask text (or JSON with --json) read line by line from stdin.")
final class MaskCommand implements Callable<Integer> {

    private final CliIo io;

    MaskCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        io.err().println("relay mask: not available in this build yet");
        return 1;
    }
}
