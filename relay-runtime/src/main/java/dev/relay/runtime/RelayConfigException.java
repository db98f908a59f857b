package dev.relay.runtime;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration is invalid; {@link #problems()} lists every problem found, each with its place. */
public class RelayConfigException extends RelayException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public RelayConfigException(List<ConfigProblem> problems) {
        super(problems.size() + " configuration problem(s):\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
