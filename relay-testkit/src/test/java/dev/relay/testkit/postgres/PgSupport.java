package dev.relay.testkit.postgres;

import dev.relay.connectors.postgres.ConnectorBackdoor;
import dev.relay.connectors.postgres.PostgresConnectorProvider;
import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.QueryContext;
import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.testkit.db.PostgresFixture;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Builds PostgreSQL connectors against a fixture for the tests of this package. */
final class PgSupport {

    static final long MIB = 1024 * 1024;

    private PgSupport() {
    }

    static Map<String, Object> connection(PostgresFixture pg, String database) {
        Map<String, Object> c = new HashMap<>();
        c.put("url", pg.jdbcUrl(database));
        c.put("username", pg.user());
        c.put("password", pg.password());
        return c;
    }

    static ConnectorConfig config(PostgresFixture pg, String database, Map<String, Object> pool, Duration statementTimeout) {
        return new ConnectorConfig("pg-test", "postgres", connection(pg, database), pool, statementTimeout, 16 * MIB);
    }

    static ResourceConnector connector(PostgresFixture pg, String database) {
        return connector(config(pg, database, Map.of(), ConnectorConfig.DEFAULT_STATEMENT_TIMEOUT));
    }

    static ResourceConnector connector(ConnectorConfig config) {
        return new PostgresConnectorProvider().create(config);
    }

    static QueryContext ctx() {
        return ctx(Duration.ofSeconds(30), 16 * MIB);
    }

    static QueryContext ctx(Duration timeout, long maxBytes) {
        return new QueryContext("req-test", timeout, maxBytes);
    }

    static QueryResult.Rows run(ResourceConnector c, String sql, @Nullable Object... params) {
        return (QueryResult.Rows) ConnectorBackdoor.runUnchecked(c, sql, Arrays.asList(params), 1000, ctx());
    }

    static @Nullable Object single(ResourceConnector c, String sql, @Nullable Object... params) {
        List<List<@Nullable Object>> rows = run(c, sql, params).rows();
        return rows.get(0).get(0);
    }
}
