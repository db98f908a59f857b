package dev.relay.protocol;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@link JsonRpcCodec#decode} read from one text message: the valid requests,
 * notifications and responses in the order received ({@link #messages()}), the error responses
 * already due ({@link #errors()}: parse errors, invalid requests, unknown methods), and whether
 * it was a batch. Pass it back to {@link JsonRpcCodec#reply} with the answers to its requests:
 * the reply keeps the order of the input. Immutable.
 */
public final class Decoded {

    /** One answered entry of the input, in order: a request to answer or an error already due. */
    private record Slot(@Nullable Request request, @Nullable Response error) {
    }

    private final List<Message> messages;
    private final List<Response> errors;
    private final boolean batch;
    private final int discarded;
    private final List<Slot> order;

    private Decoded(List<Message> messages, List<Response> errors, boolean batch, int discarded, List<Slot> order) {
        this.messages = List.copyOf(messages);
        this.errors = List.copyOf(errors);
        this.batch = batch;
        this.discarded = discarded;
        this.order = List.copyOf(order);
    }

    /** A message that could not be read at all: one error, not a batch. */
    static Decoded failed(Response error) {
        return new Decoded(List.of(), List.of(error), false, 0, List.of(new Slot(null, error)));
    }

    /** Collects the entries of one message, in order. */
    static final class Builder {
        private final List<Message> messages = new ArrayList<>();
        private final List<Response> errors = new ArrayList<>();
        private final List<Slot> order = new ArrayList<>();
        private int discarded;

        void message(Message m) {
            messages.add(m);
            if (m instanceof Request r) {
                order.add(new Slot(r, null));
            }
        }

        void error(Response e) {
            errors.add(e);
            order.add(new Slot(null, e));
        }

        void discard() {
            discarded++;
        }

        Decoded build(boolean batch) {
            return new Decoded(messages, errors, batch, discarded, order);
        }
    }

    /** The valid requests, notifications and responses, in the order received. */
    public List<Message> messages() {
        return messages;
    }

    /** The error responses already due, to be sent with the answers to the requests. */
    public List<Response> errors() {
        return errors;
    }

    /**
     * Whether the message was a (non-empty, parseable) batch: the answers then go out as one
     * array, or not at all when there are none.
     */
    public boolean batch() {
        return batch;
    }

    /**
     * How many entries were dropped without an answer: responses that were malformed (a
     * response is never answered) and notifications of methods this side does not know.
     */
    public int discarded() {
        return discarded;
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

    /**
     * The errors and {@code answers} in the order of the input: each answer takes the place of
     * the first unanswered request with its id; answers matching no request come last.
     */
    List<Response> inInputOrder(List<? extends Response> answers) {
        Map<JsonRpcId, ArrayDeque<Response>> byId = new HashMap<>();
        for (Response a : answers) {
            byId.computeIfAbsent(a.id(), k -> new ArrayDeque<>()).add(a);
        }
        List<Response> out = new ArrayList<>(answers.size() + errors.size());
        for (Slot s : order) {
            if (s.error() != null) {
                out.add(s.error());
            } else if (s.request() != null) {
                ArrayDeque<Response> q = byId.get(s.request().id());
                if (q != null && !q.isEmpty()) {
                    out.add(q.poll());
                }
            }
        }
        for (Response a : answers) {
            ArrayDeque<Response> q = byId.get(a.id());
            if (q != null && !q.isEmpty() && q.peek() == a) {
                out.add(q.poll());
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
