package dev.relay.connectors.mongo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoClientSettings;
import com.mongodb.ReadPreference;
import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MongoSettingsTest {

    private static ConnectorConfig config(Map<String, Object> connection, Map<String, Object> pool) {
        return new ConnectorConfig("main-mongo", "mongodb", connection, pool, Duration.ofSeconds(30), 1 << 20);
    }

    @Test
    void defaults() {
        MongoSettings s = MongoSettings.parse(config(Map.of("uri", "mongodb://db1:27017,db2:27017", "database", "app"),
                Map.of()));
        MongoClientSettings c = s.clientSettings();
        assertThat(s.database()).isEqualTo("app");
        assertThat(s.hosts()).containsExactly("db1:27017", "db2:27017");
        assertThat(c.getReadPreference()).isEqualTo(ReadPreference.secondaryPreferred());
        assertThat(c.getConnectionPoolSettings().getMaxSize()).isEqualTo(5);
        assertThat(c.getConnectionPoolSettings().getMinSize()).isZero();
        assertThat(c.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(10_000);
        assertThat(c.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(35_000);
        assertThat(c.getSslSettings().isEnabled()).isFalse();
        assertThat(c.getCredential()).isNull();
        assertThat(c.getApplicationName()).isEqualTo("relay");
        assertThat(s.sampleSize()).isEqualTo(100);
        assertThat(c.getLoggerSettings().getMaxDocumentLength()).isZero();
        assertThat(c.getRetryWrites()).isFalse();
    }

    @Test
    void explicitKeys() {
        MongoSettings s = MongoSettings.parse(config(Map.of("uri", "mongodb://db1", "database", "app",
                "username", "relay", "password", "s3cr3t", "readPreference", "primary",
                "tls", Map.of("enabled", true, "allowInvalidHostnames", false), "batchSize", 10,
                "serverSelectionTimeout", "2s"),
                Map.of("maxSize", 7, "minIdle", 1, "acquireTimeout", "500ms")));
        MongoClientSettings c = s.clientSettings();
        assertThat(c.getCredential().getUserName()).isEqualTo("relay");
        assertThat(c.getCredential().getSource()).isEqualTo("admin");
        assertThat(c.getReadPreference()).isEqualTo(ReadPreference.primary());
        assertThat(c.getSslSettings().isEnabled()).isTrue();
        assertThat(c.getSslSettings().isInvalidHostNameAllowed()).isFalse();
        assertThat(c.getConnectionPoolSettings().getMaxSize()).isEqualTo(7);
        assertThat(c.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS)).isEqualTo(500);
        assertThat(s.batchSize()).isEqualTo(10);
        assertThat(c.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2000);
        assertThat(s.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsKey() {
        assertThatThrownBy(() -> MongoSettings.parse(config(Map.of("uri", "postgres://x", "host", "h",
                "readPreference", "fastest", "password", "hunter2", "tls", Map.of("verify", true)),
                Map.of("maxSize", 0, "idle", 3, "acquireTimeout", 5))))
                .isInstanceOfSatisfying(ConnectorConfigException.class, e -> {
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("connection.host: unknown key"))
                            .anySatisfy(p -> assertThat(p).startsWith("connection.uri: must start with mongodb://"))
                            .anySatisfy(p -> assertThat(p).isEqualTo("connection.database: required"))
                            .anySatisfy(p -> assertThat(p).startsWith("connection.readPreference: must be one of"))
                            .anySatisfy(p -> assertThat(p).startsWith("connection.username: required when"))
                            .anySatisfy(p -> assertThat(p).startsWith("connection.tls.verify: unknown key"))
                            .anySatisfy(p -> assertThat(p).startsWith("pool.maxSize: must be between 1"))
                            .anySatisfy(p -> assertThat(p).startsWith("pool.idle: unknown key"))
                            .anySatisfy(p -> assertThat(p).isEqualTo(
                                    "pool.acquireTimeout: must be a duration such as 500ms, 30s, 5m or 1h"));
                    assertThat(e.getMessage()).doesNotContain("hunter2");
                });
    }

    @Test
    void invalidUriIsNotQuoted() {
        assertThatThrownBy(() -> MongoSettings.parse(config(Map.of("uri", "mongodb://user:pw-secret@host:notaport",
                "database", "app"), Map.of())))
                .isInstanceOf(ConnectorConfigException.class)
                .hasMessageContaining("connection.uri: not a valid MongoDB connection string")
                .hasMessageNotContaining("pw-secret");
    }

    @Test
    void credentialsTwiceAreRejected() {
        assertThatThrownBy(() -> MongoSettings.parse(config(Map.of("uri", "mongodb://u:p@host", "database", "app",
                "username", "v", "password", "q"), Map.of())))
                .isInstanceOf(ConnectorConfigException.class)
                .hasMessageContaining("connection.username: credentials are given both");
    }
}
