package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request of one of the relay's methods with its params read and checked: the one place the
 * relay side turns a {@link Request} into something typed.
 *
 * <pre>{@code
 * RelayRequest r = RelayRequest.from(request);   // -32601 / -32602 as JsonRpcException
 * if (r instanceof RelayRequest.Execute e) { ... e.params() ... }
 * }</pre>
 */
public sealed interface RelayRequest
        permits RelayRequest.Execute, RelayRequest.ListResources, RelayRequest.DescribeResource, RelayRequest.HealthCheck {

    JsonRpcId id();

    /** The method name on the wire. */
    String method();

    /** The JSON-RPC request carrying this (the control-plane side sends it). */
    Request toRequest();

    /**
     * Reads a request of the relay's methods.
     *
     * @throws JsonRpcException {@code -32601} for any other method; {@link InvalidParamsException}
     *     ({@code -32602}) naming the param at fault
     */
    static RelayRequest from(Request request) {
        JsonRpcId id = request.id();
        JsonNode params = request.params();
        return switch (request.method()) {
            case RelayMethods.EXECUTE -> new Execute(id, ExecuteParams.from(params, id));
            case RelayMethods.LIST_RESOURCES -> {
                requireNoParams(params, RelayMethods.LIST_RESOURCES);
                yield new ListResources(id);
            }
            case RelayMethods.DESCRIBE_RESOURCE -> new DescribeResource(id, DescribeResourceParams.from(params));
            case RelayMethods.HEALTH_CHECK -> new HealthCheck(id, HealthCheckParams.from(params));
            default -> throw new JsonRpcException(JsonRpcError.of(ErrorCode.METHOD_NOT_FOUND));
        };
    }

    private static void requireNoParams(@Nullable JsonNode params, String method) {
        if (params != null && !params.isEmpty()) {
            throw new InvalidParamsException("params", method + " takes no params");
        }
    }

    /** {@code execute}. */
    record Execute(JsonRpcId id, ExecuteParams params) implements RelayRequest {
        public Execute {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(params, "params");
        }

        @Override
        public String method() {
            return RelayMethods.EXECUTE;
        }

        @Override
        public Request toRequest() {
            return Request.of(id, method(), params);
        }
    }

    /** {@code list_resources} (no params). */
    record ListResources(JsonRpcId id) implements RelayRequest {
        public ListResources {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String method() {
            return RelayMethods.LIST_RESOURCES;
        }

        @Override
        public Request toRequest() {
            return new Request(id, method(), null);
        }
    }

    /** {@code describe_resource}. */
    record DescribeResource(JsonRpcId id, DescribeResourceParams params) implements RelayRequest {
        public DescribeResource {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(params, "params");
        }

        @Override
        public String method() {
            return RelayMethods.DESCRIBE_RESOURCE;
        }

        @Override
        public Request toRequest() {
            return Request.of(id, method(), params);
        }
    }

    /** {@code health_check}. */
    record HealthCheck(JsonRpcId id, HealthCheckParams params) implements RelayRequest {
        public HealthCheck {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(params, "params");
        }

        @Override
        public String method() {
            return RelayMethods.HEALTH_CHECK;
        }

        @Override
        public Request toRequest() {
            return Request.of(id, method(), params);
        }
    }
}
