package dev.relay.protocol;

/**
 * Thrown by the typed params' {@code from(JsonNode)} methods: a {@code -32602} error naming the
 * parameter at fault. The message is {@code "<param>: <detail>"}; it never contains the value.
 */
public final class InvalidParamsException extends JsonRpcException {

    private final String param;
    private final String detail;

    public InvalidParamsException(String param, String detail) {
        super(JsonRpcError.invalidParams(param, detail));
        this.param = param;
        this.detail = detail;
    }

    /** The dotted path of the parameter at fault. */
    public String param() {
        return param;
    }

    public String detail() {
        return detail;
    }

    @Override
    public String getMessage() {
        return param + ": " + detail;
    }
}
