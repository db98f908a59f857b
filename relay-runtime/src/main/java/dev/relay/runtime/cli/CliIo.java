package dev.relay.runtime.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The streams and environment a command uses: stdin, stdout (results and audit), stderr
 * (diagnostics and logs). Injected so tests run commands in-process.
 */
public record CliIo(InputStream in, PrintStream out, PrintStream err, Function<String, @Nullable String> env) {

    public static CliIo system() {
        return new CliIo(System.in, System.out, System.err, System::getenv);
    }
}
