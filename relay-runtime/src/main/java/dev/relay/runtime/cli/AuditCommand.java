package dev.relay.runtime.cli;

import dev.relay.audit.AuditException;
import dev.relay.audit.AuditVerifier;
import dev.relay.audit.VerificationResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code relay audit ...}. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Work with audit trails.",
        subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: verify");
    }

    /** {@code relay audit verify --file F --public-key K}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify a signed audit trail: names the first record altered, removed or reordered.")
    static final class Verify implements Callable<Integer> {

        private final CliIo io;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The audit file (JSON lines).")
        Path file;

        @Option(names = "--public-key", required = true, paramLabel = "KEY", description = "The Ed25519 public key file.")
        Path publicKey;

        Verify(CliIo io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            VerificationResult result;
            try {
                result = AuditVerifier.verify(file, publicKey);
            } catch (AuditException e) {
                io.err().println("relay audit verify: " + e.getMessage());
                return 1;
            }
            if (result.ok()) {
                io.out().println(file + ": ok (" + result.recordsVerified() + " record(s), " + result.signaturesVerified()
                        + " signature(s) verified)");
                for (String note : result.notes()) {
                    io.out().println("  note: " + note);
                }
                io.out().flush();
                return 0;
            }
            io.out().println(file + ": FAILED at line " + result.line() + " (seq " + result.seq() + "): " + result.problem()
                    + ": " + result.message());
            io.out().flush();
            return 1;
        }
    }
}
