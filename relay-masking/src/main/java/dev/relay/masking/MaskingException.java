package dev.relay.masking;

/**
 * Masking could not complete, so the value must not be sent. The message never contains any part
 * of the value being masked, and no cause is chained (a JDK exception's message may quote its
 * input).
 */
public class MaskingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MaskingException(String message) {
        super(message, null, false, true);
    }
}
