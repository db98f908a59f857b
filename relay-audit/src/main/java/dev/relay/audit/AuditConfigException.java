package dev.relay.audit;

import java.util.List;

/**
 * The {@code audit:} section is wrong. Each problem names its key relative to the section
 * ({@code signing.checkpointEvery: must be between 1 and 1000000}); all problems are reported at
 * once and no secret's value is quoted.
 */
public class AuditConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public AuditConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, each starting with its key path. */
    public List<String> problems() {
        return problems;
    }
}
