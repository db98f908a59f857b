package dev.relay.runtime;

import java.util.Objects;

/**
 * A secret read from the configuration (a token, a password). Its {@link #toString()} is redacted,
 * so a secret that ends up in a log line, an exception or a debugger prints {@code ******}.
 * Only the code that must send it calls {@link #reveal()}.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The secret's value; call only where it is handed to the peer that needs it. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "******";
    }
}
