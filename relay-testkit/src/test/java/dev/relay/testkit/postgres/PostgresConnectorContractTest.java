package dev.relay.testkit.postgres;

import dev.relay.connectors.postgres.PostgresConnectorProvider;
import dev.relay.policy.PolicyRequest;
import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorProvider;
import dev.relay.testkit.contract.ResourceConnectorContract;
import dev.relay.testkit.db.PostgresFixture;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The PostgreSQL connector against the connector contract kit. */
class PostgresConnectorContractTest extends ResourceConnectorContract {

    private static final PostgresFixture PG = PostgresFixture.shared();
    private static final String DB = PG.createDatabase("contract");

    static {
        PG.executeIn(DB, "CREATE TABLE " + TABLE + " (id int8 PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO " + TABLE + " SELECT i, 'item-' || i FROM generate_series(1, " + ROWS + ") AS i");
    }

    @Override
    protected ConnectorProvider provider() {
        return new PostgresConnectorProvider();
    }

    @Override
    protected ConnectorConfig config() {
        return new ConnectorConfig(RESOURCE_ID, "postgres", PgSupport.connection(PG, DB), Map.of(),
                Duration.ofSeconds(30), 16L << 20);
    }

    @Override
    protected ConnectorConfig unreachableConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put("url", "jdbc:postgresql://127.0.0.1:" + PostgresFixture.freePortForTests() + "/nothing");
        c.put("username", "nobody");
        return new ConnectorConfig(RESOURCE_ID, "postgres", c, Map.of("acquireTimeout", "1s"), Duration.ofSeconds(30),
                16L << 20);
    }

    @Override
    protected ConnectorConfig invalidConfig() {
        return new ConnectorConfig(RESOURCE_ID, "postgres", Map.of("url", "mysql://db/app", "password", 42),
                Map.of("maxSize", 0, "acquireTimeout", "soon"), Duration.ofSeconds(30), 16L << 20);
    }

    @Override
    protected Set<String> invalidKeys() {
        return Set.of("connection.url", "connection.password", "pool.maxSize", "pool.acquireTimeout");
    }

    @Override
    protected void changeSchema() {
        PG.executeIn(DB, "ALTER TABLE " + TABLE + " ADD COLUMN extra text");
    }

    @Override
    protected void restoreSchema() {
        PG.executeIn(DB, "ALTER TABLE " + TABLE + " DROP COLUMN extra");
    }

    @Override
    protected PolicyRequest selectAllRows() {
        return PolicyRequest.sql(RESOURCE_ID, "query", "SELECT id, name FROM " + TABLE + " ORDER BY id", List.of());
    }
}
