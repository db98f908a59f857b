package dev.relay.policy.spi;

import java.util.List;

/**
 * A resource's connector configuration is wrong. Each problem names the key relative to the
 * resource ({@code connection.url: must start with jdbc:postgresql://}) and never quotes a
 * secret's value.
 */
public class ConnectorConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public ConnectorConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, each naming its key. */
    public List<String> problems() {
        return problems;
    }
}
