package dev.relay.protocol;

import java.util.Objects;

/**
 * A notification of one of the relay's own ({@code heartbeat}, {@code resource_update}) with its
 * params read and checked: the control-plane side's typed view.
 */
public sealed interface RelayNotification permits RelayNotification.Heartbeat, RelayNotification.ResourceUpdate {

    /** The JSON-RPC notification carrying this (the relay sends it). */
    Notification toNotification();

    /**
     * Reads a notification of the relay's.
     *
     * @throws JsonRpcException {@code -32601} for any other method; {@link InvalidParamsException}
     *     naming the param at fault. (A notification is never answered: the caller drops it.)
     */
    static RelayNotification from(Notification notification) {
        return switch (notification.method()) {
            case RelayMethods.HEARTBEAT -> new Heartbeat(HeartbeatParams.from(notification.params()));
            case RelayMethods.RESOURCE_UPDATE -> new ResourceUpdate(ResourceUpdateParams.from(notification.params()));
            default -> throw new JsonRpcException(JsonRpcError.of(ErrorCode.METHOD_NOT_FOUND));
        };
    }

    /** {@code heartbeat}. */
    record Heartbeat(HeartbeatParams params) implements RelayNotification {
        public Heartbeat {
            Objects.requireNonNull(params, "params");
        }

        @Override
        public Notification toNotification() {
            return params.toNotification();
        }
    }

    /** {@code resource_update}. */
    record ResourceUpdate(ResourceUpdateParams params) implements RelayNotification {
        public ResourceUpdate {
            Objects.requireNonNull(params, "params");
        }

        @Override
        public Notification toNotification() {
            return params.toNotification();
        }
    }
}
