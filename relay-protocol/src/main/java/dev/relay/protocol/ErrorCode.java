package dev.relay.protocol;

import java.util.Optional;

/** The error codes JSON-RPC 2.0 defines, with the messages the specification uses for them. */
public enum ErrorCode {
    /** Invalid JSON was received. The id of the answer is always null. */
    PARSE_ERROR(-32700, "Parse error"),
    /** The JSON sent is not a valid request object. */
    INVALID_REQUEST(-32600, "Invalid Request"),
    /** The method does not exist or is not available. */
    METHOD_NOT_FOUND(-32601, "Method not found"),
    /** Invalid method parameters. */
    INVALID_PARAMS(-32602, "Invalid params"),
    /** Internal JSON-RPC error. */
    INTERNAL_ERROR(-32603, "Internal error");

    private final int code;
    private final String message;

    ErrorCode(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public int code() {
        return code;
    }

    /** The specification's message for this code, e.g. {@code "Invalid Request"}. */
    public String message() {
        return message;
    }

    public static Optional<ErrorCode> fromCode(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
