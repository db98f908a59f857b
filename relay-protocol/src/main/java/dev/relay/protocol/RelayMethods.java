package dev.relay.protocol;

import java.util.Set;

/** The relay's method names, and which side serves which. */
public final class RelayMethods {

    /** Control plane → relay: run an operation against a resource. */
    public static final String EXECUTE = "execute";
    /** Control plane → relay: the configured resources and their state. */
    public static final String LIST_RESOURCES = "list_resources";
    /** Control plane → relay: one resource's metadata and schema. */
    public static final String DESCRIBE_RESOURCE = "describe_resource";
    /** Control plane → relay: probe one or every resource. */
    public static final String HEALTH_CHECK = "health_check";
    /** Relay → control plane (notification): liveness and counters. */
    public static final String HEARTBEAT = "heartbeat";
    /** Relay → control plane (notification): the resource list changed. */
    public static final String RESOURCE_UPDATE = "resource_update";

    /** The requests a relay serves: give these to the relay side's codec. */
    public static final Set<String> RELAY_METHODS = Set.of(EXECUTE, LIST_RESOURCES, DESCRIBE_RESOURCE, HEALTH_CHECK);

    /** The notifications a control plane receives: give these to the control-plane side's codec. */
    public static final Set<String> CONTROL_PLANE_METHODS = Set.of(HEARTBEAT, RESOURCE_UPDATE);

    /** The default path of the relay's WebSocket endpoint on the control plane. */
    public static final String CONNECT_PATH = "/v1/relay/connect";
    /** Handshake header: {@code Authorization: Bearer <token>}. */
    public static final String HEADER_AUTHORIZATION = "Authorization";
    /** Handshake header: the relay's id. */
    public static final String HEADER_RELAY_ID = "X-Relay-Id";
    /** Handshake header: the relay's version. */
    public static final String HEADER_RELAY_VERSION = "X-Relay-Version";

    private RelayMethods() {
    }
}
