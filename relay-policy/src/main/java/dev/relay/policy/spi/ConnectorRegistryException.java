package dev.relay.policy.spi;

import java.util.List;

/**
 * Connector discovery cannot give a consistent answer: two providers claim the same resource type.
 * Start-up stops; the message names both provider classes and the jars they came from.
 */
public class ConnectorRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public ConnectorRegistryException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every conflict found. */
    public List<String> problems() {
        return problems;
    }
}
