package dev.relay.protocol;

import java.util.List;

/**
 * A batch: a non-empty array of requests and notifications, or of responses. Batches do not nest.
 */
public record Batch(List<Message> messages) implements Message {

    public Batch {
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages: a batch holds at least one message");
        }
        for (Message m : messages) {
            if (m instanceof Batch) {
                throw new IllegalArgumentException("messages: batches do not nest");
            }
        }
    }

    @Override
    public String toString() {
        return "Batch[size=" + messages.size() + "]";
    }
}
