package dev.relay.policy;

import java.util.List;

/**
 * A policy configuration is invalid. {@link #problems()} lists every problem at once, each
 * starting with the key at fault relative to the resource ({@code maxRowsPerQuery: must be ...}).
 */
public final class PolicyConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public PolicyConfigException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, each {@code key: what is wrong}. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        return "invalid policy (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "): "
                + String.join("; ", problems);
    }
}
