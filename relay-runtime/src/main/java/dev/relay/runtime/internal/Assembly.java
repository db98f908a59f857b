package dev.relay.runtime.internal;

import dev.relay.audit.AuditConfig;
import dev.relay.audit.AuditConfigException;
import dev.relay.masking.Masker;
import dev.relay.masking.MaskingConfig;
import dev.relay.masking.MaskingConfigException;
import dev.relay.policy.FunctionPolicy;
import dev.relay.policy.PolicyConfigException;
import dev.relay.policy.PolicyEngine;
import dev.relay.policy.ResourcePolicy;
import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorConfigException;
import dev.relay.policy.spi.ConnectorProvider;
import dev.relay.policy.spi.ConnectorRegistry;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.runtime.RelayConfig;
import dev.relay.runtime.RelayConfigLoader;
import dev.relay.runtime.RelayException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link RelayConfig} into running parts ({@link ActiveConfig}), and lends the config
 * loader the other modules' validation, so {@code validate-config} reports their problems with
 * file positions too.
 */
public final class Assembly {

    private static final Logger LOG = LoggerFactory.getLogger(Assembly.class);

    private Assembly() {
    }

    /** A loader that also checks masking, audit, each resource's policy and its connection settings. */
    public static RelayConfigLoader withModuleChecks(RelayConfigLoader loader, ConnectorRegistry registry) {
        return loader
                .withCheck("masking", (config, section, values) -> {
                    try {
                        MaskingConfig.fromMap(values);
                        return List.of();
                    } catch (MaskingConfigException e) {
                        return e.problems();
                    }
                })
                .withCheck("audit", (config, section, values) -> {
                    try {
                        AuditConfig.fromMap(values);
                        return List.of();
                    } catch (AuditConfigException e) {
                        return e.problems();
                    }
                })
                .withCheck("resources", (config, section, values) -> {
                    int index = Integer.parseInt(section.substring(section.indexOf('[') + 1, section.indexOf(']')));
                    RelayConfig.Resource r = config.resources().get(index);
                    List<String> problems = new ArrayList<>();
                    try {
                        policyOf(r);
                    } catch (PolicyConfigException e) {
                        problems.addAll(e.problems());
                    }
                    Optional<ConnectorProvider> provider = registry.provider(r.type());
                    if (provider.isEmpty()) {
                        problems.add("type: unknown resource type '" + r.type() + "' (available: "
                                + String.join(", ", new TreeSet<>(registry.types())) + ")");
                    } else {
                        try {
                            provider.get().validate(connectorConfigOf(r));
                        } catch (ConnectorConfigException e) {
                            problems.addAll(e.problems());
                        } catch (RuntimeException e) {
                            problems.add("connection: the " + r.type() + " connector rejected the settings ("
                                    + e.getClass().getSimpleName() + ")");
                        }
                    }
                    return problems;
                });
    }

    public static ResourcePolicy policyOf(RelayConfig.Resource r) {
        return ResourcePolicy.builder(r.id(), r.type())
                .allowedOperations(r.allowedOperations())
                .maxRowsPerQuery(r.maxRowsPerQuery())
                .statementTimeout(r.statementTimeout())
                .tablesAllow(r.tablesAllow())
                .tablesDeny(r.tablesDeny())
                .functionPolicy(FunctionPolicy.valueOf(r.functionPolicy().toUpperCase(Locale.ROOT)))
                .blockedFunctions(new HashSet<>(r.blockedFunctions()))
                .allowedFunctions(new HashSet<>(r.allowedFunctions()))
                .allowServerSideJavaScript(r.allowServerSideJavaScript())
                .maxQueryLength(r.maxQueryLength())
                .build();
    }

    public static ConnectorConfig connectorConfigOf(RelayConfig.Resource r) {
        return new ConnectorConfig(r.id(), r.type(), r.connection(), r.pool(), r.statementTimeout(), r.maxResponseBytes());
    }

    public static PolicyEngine engineOf(RelayConfig config) {
        List<ResourcePolicy> policies = new ArrayList<>();
        for (RelayConfig.Resource r : config.resources()) {
            policies.add(policyOf(r));
        }
        return PolicyEngine.builder().resources(policies).build();
    }

    /**
     * Builds the parts for {@code config}. Connectors of resources whose settings did not change
     * are taken over from {@code previous} (no new pool); the others are created.
     */
    public static ActiveConfig assemble(RelayConfig config, ConnectorRegistry registry, @Nullable ActiveConfig previous) {
        PolicyEngine engine = engineOf(config);
        Masker masker = Masker.create(MaskingConfig.fromMap(config.masking()));
        Map<String, ResourceConnector> connectors = new LinkedHashMap<>();
        try {
            for (RelayConfig.Resource r : config.resources()) {
                ResourceConnector reused = null;
                if (previous != null) {
                    RelayConfig.Resource old = previous.resource(r.id());
                    if (old != null && connectorConfigOf(old).equals(connectorConfigOf(r))) {
                        reused = previous.connector(r.id());
                    }
                }
                connectors.put(r.id(), reused != null ? reused : registry.create(connectorConfigOf(r)));
            }
        } catch (RuntimeException e) {
            for (Map.Entry<String, ResourceConnector> c : connectors.entrySet()) {
                if (previous == null || previous.connector(c.getKey()) != c.getValue()) {
                    closeQuietly(c.getValue());
                }
            }
            engine.close();
            throw e instanceof RelayException re ? re
                    : new RelayException("cannot start the connectors: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        return new ActiveConfig(config, engine, connectors, masker);
    }

    /** Closes what {@code old} has and {@code next} does not reuse. */
    public static void retire(ActiveConfig old, @Nullable ActiveConfig next) {
        for (Map.Entry<String, ResourceConnector> c : old.connectors().entrySet()) {
            if (next == null || next.connector(c.getKey()) != c.getValue()) {
                closeQuietly(c.getValue());
            }
        }
        // requests queued under the old snapshot are still judged by its rules: its engine closes
        // when the last of them is answered (at once when none is waiting)
        old.retire(old.engine()::close);
    }

    static void closeQuietly(ResourceConnector connector) {
        try {
            connector.close();
        } catch (RuntimeException e) {
            LOG.warn("closing a connector failed", e);
        }
    }
}
