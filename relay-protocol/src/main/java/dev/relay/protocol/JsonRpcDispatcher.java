package dev.relay.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Synchronous JSON-RPC 2.0 dispatch for simple users (tests, tools, a control plane's handling
 * of notifications): register a handler per method, hand in text, get the reply text (or nothing).
 * Requests of unregistered methods are answered {@code -32601}; notifications of unregistered
 * methods are dropped. A handler's {@link JsonRpcException} becomes its error; any other
 * exception becomes {@code -32603} with no detail (never a stack trace). The relay runtime uses
 * {@link JsonRpcCodec#decode} and {@link JsonRpcCodec#reply} directly to run requests on its own
 * workers.
 *
 * <pre>{@code
 * JsonRpcDispatcher d = JsonRpcDispatcher.builder()
 *     .onRequest("subtract", req -> ...)
 *     .onNotification("update", n -> ...)
 *     .build();
 * Optional<String> reply = d.handle(text);
 * }</pre>
 */
public final class JsonRpcDispatcher {

    /** Answers one request: the result as a JSON-compatible value, a JSON node or a {@link WireObject}. */
    @FunctionalInterface
    public interface RequestHandler {
        @Nullable Object handle(Request request);
    }

    /** Consumes one notification. */
    @FunctionalInterface
    public interface NotificationHandler {
        void handle(Notification notification);
    }

    /** Told about handler exceptions that were turned into {@code -32603} or swallowed. */
    @FunctionalInterface
    public interface FailureListener {
        /** The no-op listener. */
        FailureListener NONE = (method, failure) -> { };

        void handlerFailed(String method, RuntimeException failure);
    }

    private final JsonRpcCodec codec;
    private final Map<String, RequestHandler> requests;
    private final Map<String, NotificationHandler> notifications;
    private final Consumer<Response> responses;
    private final FailureListener failures;

    private JsonRpcDispatcher(Builder b) {
        this.codec = b.codec;
        this.requests = Map.copyOf(b.requests);
        this.notifications = Map.copyOf(b.notifications);
        this.responses = b.responses;
        this.failures = b.failures;
    }

    public static Builder builder() {
        return new Builder();
    }

    public JsonRpcCodec codec() {
        return codec;
    }

    /** Decodes {@code text}, runs the handlers in order, and returns the reply to send, if any. */
    public Optional<String> handle(String text) {
        Decoded decoded = codec.decode(text);
        return codec.reply(decoded, handle(decoded));
    }

    /** Runs the handlers for a decoded message; returns one response per request, in order. */
    public List<Response> handle(Decoded decoded) {
        List<Response> out = new ArrayList<>();
        for (Message m : decoded.messages()) {
            if (m instanceof Request r) {
                out.add(handle(r));
            } else if (m instanceof Notification n) {
                handle(n);
            } else if (m instanceof Response r) {
                responses.accept(r);
            }
        }
        return out;
    }

    /** Runs the handler of one request. Never throws. */
    public Response handle(Request request) {
        RequestHandler h = requests.get(request.method());
        if (h == null) {
            return Response.failure(request.id(), ErrorCode.METHOD_NOT_FOUND);
        }
        try {
            return Response.success(request.id(), h.handle(request));
        } catch (JsonRpcException e) {
            return e.toResponse(request.id());
        } catch (RuntimeException e) {
            failures.handlerFailed(request.method(), e);
            return Response.failure(request.id(), ErrorCode.INTERNAL_ERROR);
        }
    }

    private void handle(Notification n) {
        NotificationHandler h = notifications.get(n.method());
        if (h == null) {
            return;
        }
        try {
            h.handle(n);
        } catch (RuntimeException e) {
            failures.handlerFailed(n.method(), e);
        }
    }

    /** Handlers and codec of a {@link JsonRpcDispatcher}. */
    public static final class Builder {
        private JsonRpcCodec codec = JsonRpcCodec.defaults();
        private final Map<String, RequestHandler> requests = new LinkedHashMap<>();
        private final Map<String, NotificationHandler> notifications = new LinkedHashMap<>();
        private Consumer<Response> responses = r -> { };
        private FailureListener failures = FailureListener.NONE;

        private Builder() {
        }

        /** The codec (limits); default {@link JsonRpcCodec#defaults()}. */
        public Builder codec(JsonRpcCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        public Builder onRequest(String method, RequestHandler handler) {
            if (requests.putIfAbsent(method, Objects.requireNonNull(handler, "handler")) != null) {
                throw new IllegalArgumentException("onRequest: method " + method + " already has a handler");
            }
            return this;
        }

        public Builder onNotification(String method, NotificationHandler handler) {
            if (notifications.putIfAbsent(method, Objects.requireNonNull(handler, "handler")) != null) {
                throw new IllegalArgumentException("onNotification: method " + method + " already has a handler");
            }
            return this;
        }

        /** Receives responses arriving in the decoded text (the requesting side); default: ignored. */
        public Builder onResponse(Consumer<Response> consumer) {
            this.responses = Objects.requireNonNull(consumer, "consumer");
            return this;
        }

        public Builder failureListener(FailureListener listener) {
            this.failures = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public JsonRpcDispatcher build() {
            return new JsonRpcDispatcher(this);
        }
    }
}
