package dev.relay.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link JsonRpcCodec#decode} read from one text message.
 *
 * @param messages the valid requests, notifications and responses, in the order received
 * @param errors the error responses already due (parse errors, invalid requests, unknown
 *     methods), to be sent together with the answers to {@code messages}
 * @param batch whether the message was a (non-empty, parseable) batch: the answers then go out
 *     as one array, or not at all when there are none
 * @param discarded how many batch entries or messages were dropped without an answer: malformed
 *     responses (a response is never answered) and notifications of unknown methods
 */
public record Decoded(List<Message> messages, List<Response> errors, boolean batch, int discarded) {

    public Decoded {
        messages = List.copyOf(messages);
        errors = List.copyOf(errors);
    }

    /** The requests among {@link #messages()}, in order. */
    public List<Request> requests() {
        List<Request> out = new ArrayList<>();
        for (Message m : messages) {
            if (m instanceof Request r) {
                out.add(r);
            }
        }
        return out;
    }

    /** The notifications among {@link #messages()}, in order. */
    public List<Notification> notifications() {
        List<Notification> out = new ArrayList<>();
        for (Message m : messages) {
            if (m instanceof Notification n) {
                out.add(n);
            }
        }
        return out;
    }

    /** The responses among {@link #messages()} (the requesting side reads these), in order. */
    public List<Response> responses() {
        List<Response> out = new ArrayList<>();
        for (Message m : messages) {
            if (m instanceof Response r) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "Decoded[messages=" + messages + ", errors=" + errors + ", batch=" + batch
                + ", discarded=" + discarded + "]";
    }
}
