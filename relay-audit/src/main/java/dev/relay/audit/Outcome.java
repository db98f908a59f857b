package dev.relay.audit;

/** How a request ended, as written in the {@code outcome} field. */
public enum Outcome {
    /** The request was answered with a result. */
    SUCCESS("success"),
    /** The relay refused the request (policy, unknown resource, malformed message, overload). */
    REJECTED("rejected"),
    /** The request was accepted but failed (database error, resource unavailable, dropped). */
    ERROR("error"),
    /** The statement timeout was reached. */
    TIMEOUT("timeout");

    private final String wireName;

    Outcome(String wireName) {
        this.wireName = wireName;
    }

    /** The value written in the record: {@code success}, {@code rejected}, {@code error} or {@code timeout}. */
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
