package dev.relay.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresSettingsTest {

    private static ConnectorConfig config(Map<String, Object> connection, Map<String, Object> pool) {
        return new ConnectorConfig("main-pg", "postgres", connection, pool, Duration.ofSeconds(30), 1 << 20);
    }

    @Test
    void defaults() {
        PostgresSettings s = PostgresSettings.from(config(Map.of("url", "jdbc:postgresql://db:5432/app"), Map.of()));
        assertThat(s.poolMaxSize()).isEqualTo(5);
        assertThat(s.poolMinIdle()).isZero();
        assertThat(s.poolAcquireTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.lockTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.idleInTransactionTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.fetchSize()).isEqualTo(1000);
        assertThat(s.applicationName()).isEqualTo("relay");
    }

    @Test
    void parsesDurationsAndSizes() {
        PostgresSettings s = PostgresSettings.from(config(
                Map.of("url", "jdbc:postgresql://db/app", "username", "ro", "password", "pw", "lockTimeout", "500ms",
                        "connectTimeout", "3s", "fetchSize", 50),
                Map.of("maxSize", 2, "acquireTimeout", "1m", "minIdle", "1")));
        assertThat(s.poolMaxSize()).isEqualTo(2);
        assertThat(s.poolMinIdle()).isEqualTo(1);
        assertThat(s.poolAcquireTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.lockTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.toString()).doesNotContain("pw");
    }

    @Test
    void reportsEveryBadKeyAtOnceByName() {
        assertThatThrownBy(() -> PostgresSettings.from(config(
                Map.of("url", "mysql://x", "password", 12345, "lockTimeout", "soon", "hostname", "x"),
                Map.of("maxSize", 0, "minIdle", "many", "size", 3))))
                .isInstanceOfSatisfying(ConnectorConfigException.class, e -> {
                    assertThat(e.problems()).containsExactlyInAnyOrder(
                            "connection.hostname: unknown key (known: applicationName, connectTimeout, fetchSize,"
                                    + " idleInTransactionTimeout, lockTimeout, password, url, username)",
                            "pool.size: unknown key (known: acquireTimeout, idleTimeout, maxLifetime, maxSize, minIdle)",
                            "connection.url: must start with jdbc:postgresql://",
                            "connection.password: must be a string",
                            "connection.lockTimeout: must be a duration such as 500ms, 30s, 5m or 1h",
                            "pool.maxSize: must be between 1 and 100, got 0",
                            "pool.minIdle: must be an integer, got a string");
                    assertThat(e.getMessage()).doesNotContain("12345");
                });
    }

    @Test
    void urlIsRequired() {
        assertThatThrownBy(() -> PostgresSettings.from(config(Map.of(), Map.of())))
                .hasMessage("connection.url: is required (jdbc:postgresql://host:port/database)");
    }
}
