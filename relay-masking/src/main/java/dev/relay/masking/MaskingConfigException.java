package dev.relay.masking;

import java.util.List;

/**
 * The {@code masking:} configuration is invalid. {@link #problems()} lists every problem found, each
 * starting with its dotted key path relative to the section ({@code custom[0].regex: ...}).
 */
public class MaskingConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public MaskingConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, each {@code key.path: what is wrong}. */
    public List<String> problems() {
        return problems;
    }
}
