package dev.relay.runtime.cli;

import dev.relay.runtime.RelayVersion;
import dev.relay.runtime.internal.log.LogSettings;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code relay}: the command line. Every subcommand takes {@code --help}; exit codes are 0 ok,
 * 1 failure, 2 usage. Operational logs go to stderr (text, or JSON lines with
 * {@code --log-format json}); results and the audit trail go to stdout.
 */
@Command(name = "relay", mixinStandardHelpOptions = true, versionProvider = RelayCli.Version.class,
        description = "Outbound-only, read-only, PII-masking database relay for AI agents.",
        subcommands = {RunCommand.class, ValidateConfigCommand.class, CheckCommand.class, PolicyCommand.class,
                MaskCommand.class, AuditCommand.class, VersionCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage.", "Docs: docs/configuration.md, docs/deployment.md"})
public final class RelayCli implements Runnable {

    @Option(names = "--log-format", scope = ScopeType.INHERIT, paramLabel = "text|json",
            description = "Operational log format on stderr: text (default) or json; overrides logging.format.")
    @Nullable String logFormat;

    @Option(names = "--log-level", scope = ScopeType.INHERIT, paramLabel = "LEVEL",
            description = "error, warn, info (default), debug or trace; overrides logging.level.")
    @Nullable String logLevel;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = execute(CliIo.system(), args);
        System.exit(code);
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int execute(CliIo io, String... args) {
        CommandLine cli = commandLine(io);
        return cli.execute(args);
    }

    static CommandLine commandLine(CliIo io) {
        CommandLine cli = new CommandLine(RelayCli.class, new Factory(io));
        cli.setOut(new PrintWriter(new java.io.OutputStreamWriter(io.out(), StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new java.io.OutputStreamWriter(io.err(), StandardCharsets.UTF_8), true));
        cli.setExecutionStrategy(parseResult -> {
            RelayCli root = parseResult.commandSpec().root().commandLine().getCommand();
            try {
                LogSettings.configure(root.logFormatGiven() ? root.logFormat : "text",
                        root.logLevelGiven() ? root.logLevel : "info");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(parseResult.commandSpec().commandLine(),
                        "--log-level must be one of error, warn, info, debug, trace");
            }
            if (root.logFormatGiven() && !root.logFormat.equals("text") && !root.logFormat.equals("json")) {
                throw new CommandLine.ParameterException(parseResult.commandSpec().commandLine(),
                        "--log-format must be text or json");
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("relay: " + ex.getClass().getSimpleName()
                    + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
            return 1;
        });
        return cli;
    }

    boolean logFormatGiven() {
        return logFormat != null;
    }

    boolean logLevelGiven() {
        return logLevel != null;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints the relay version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"relay " + RelayVersion.get(), "Java " + System.getProperty("java.version")};
        }
    }

    /** Hands the injected streams to commands that take them. */
    private static final class Factory implements CommandLine.IFactory {
        private final CliIo io;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        Factory(CliIo io) {
            this.io = io;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (Constructor<?> c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == CliIo.class) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(io));
                }
            }
            return fallback.create(cls);
        }
    }
}
