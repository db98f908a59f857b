package dev.relay.audit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@link AuditVerifier} found: OK, or the first bad record (its line and {@code seq}) and
 * what is wrong with it. {@link #toString()} is the text {@code relay audit verify} prints.
 */
public final class VerificationResult {

    /** What is wrong with the first bad record. */
    public enum Problem {
        /** The record's content does not match its hash, or its {@code prevHash} does not match the record before. */
        ALTERED,
        /** One or more records are missing (a gap in {@code seq}). */
        MISSING,
        /** Records are out of order (a {@code seq} appears before its predecessor, or twice). */
        REORDERED,
        /** A signature does not verify with the given public key. */
        BAD_SIGNATURE,
        /** A record is signed with a key other than the given one. */
        UNKNOWN_KEY,
        /**
         * The log does not end with a signed {@code audit_closed} record: the file ends in a
         * partial line, records after the last signature are unauthenticated, or the tail was cut.
         */
        TRUNCATED,
        /** A line is not a JSON record with the chain fields. */
        MALFORMED,
        /** No record is signed although a public key was given (tamper evidence was off or hash-only). */
        UNSIGNED
    }

    private final @Nullable Problem problem;
    private final long line;
    private final long seq;
    private final String message;
    private final long records;
    private final long signatures;
    private final List<String> notes;

    VerificationResult(@Nullable Problem problem, long line, long seq, String message, long records, long signatures,
            List<String> notes) {
        this.problem = problem;
        this.line = line;
        this.seq = seq;
        this.message = message;
        this.records = records;
        this.signatures = signatures;
        this.notes = List.copyOf(notes);
    }

    /** True when every record verified and the log ends with its signed closing record. */
    public boolean ok() {
        return problem == null;
    }

    /** What is wrong; null when {@link #ok()}. */
    public @Nullable Problem problem() {
        return problem;
    }

    /** The 1-based line of the first bad record; 0 when OK or not tied to a line. */
    public long line() {
        return line;
    }

    /** The {@code seq} of the first bad record, or -1 when OK or unknown. */
    public long seq() {
        return seq;
    }

    /** A sentence saying what is wrong (or what was verified). */
    public String message() {
        return message;
    }

    /** Records verified before the first problem (all records when OK). */
    public long recordsVerified() {
        return records;
    }

    /** Signatures verified. */
    public long signaturesVerified() {
        return signatures;
    }

    /** Things worth knowing that are not failures (restarts, runs that ended without closing). */
    public List<String> notes() {
        return notes;
    }

    @Override
    public String toString() {
        if (problem == null) {
            return "OK: " + message;
        }
        StringBuilder sb = new StringBuilder(problem.name());
        if (line > 0) {
            sb.append(" at line ").append(line);
        }
        if (seq >= 0) {
            sb.append(" (seq ").append(seq).append(')');
        }
        return sb.append(": ").append(message).toString();
    }
}
