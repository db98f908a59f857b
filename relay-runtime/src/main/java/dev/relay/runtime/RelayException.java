package dev.relay.runtime;

/** Root of the runtime's unchecked exceptions. Messages never carry row values, literals or secrets. */
public class RelayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RelayException(String message) {
        super(message);
    }

    public RelayException(String message, Throwable cause) {
        super(message, cause);
    }
}
