package dev.relay.testkit.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.relay.connectors.mongo.MongoConnectorProvider;
import dev.relay.policy.PolicyRequest;
import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorProvider;
import dev.relay.testkit.contract.ResourceConnectorContract;
import dev.relay.testkit.db.MongoFixture;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;

/** The MongoDB connector against the connector contract kit. */
class MongoConnectorContractTest extends ResourceConnectorContract {

    private static final String DB = "contract";
    private static final MongoFixture MONGO = MongoFixture.create();

    static {
        List<Document> docs = new ArrayList<>();
        for (int i = 1; i <= ROWS; i++) {
            docs.add(new Document("id", i).append("name", "item-" + i));
        }
        MONGO.client().getDatabase(DB).getCollection(TABLE).insertMany(docs);
    }

    @AfterAll
    static void closeFixture() {
        MONGO.close();
    }

    private static MongoCollection<Document> table() {
        return MONGO.client().getDatabase(DB).getCollection(TABLE);
    }

    @Override
    protected ConnectorProvider provider() {
        return new MongoConnectorProvider();
    }

    @Override
    protected ConnectorConfig config() {
        Map<String, Object> c = new HashMap<>();
        c.put("uri", MONGO.connectionString());
        c.put("database", DB);
        c.put("serverSelectionTimeout", "2s");
        return new ConnectorConfig(RESOURCE_ID, "mongodb", c, Map.of(), Duration.ofSeconds(30), 16L << 20);
    }

    @Override
    protected ConnectorConfig unreachableConfig() {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, Object> c = new HashMap<>();
        c.put("uri", "mongodb://127.0.0.1:" + port);
        c.put("database", DB);
        c.put("serverSelectionTimeout", "1s");
        c.put("connectTimeout", "500ms");
        return new ConnectorConfig(RESOURCE_ID, "mongodb", c, Map.of("acquireTimeout", "1s"), Duration.ofSeconds(30),
                16L << 20);
    }

    @Override
    protected ConnectorConfig invalidConfig() {
        return new ConnectorConfig(RESOURCE_ID, "mongodb",
                Map.of("uri", "mysql://db/app", "password", 42, "readPreference", "fastest"),
                Map.of("maxSize", 0, "acquireTimeout", "soon"), Duration.ofSeconds(30), 16L << 20);
    }

    @Override
    protected Set<String> invalidKeys() {
        return Set.of("connection.uri", "connection.database", "connection.password", "connection.readPreference",
                "pool.maxSize", "pool.acquireTimeout");
    }

    @Override
    protected void changeSchema() {
        table().updateMany(Filters.empty(), Updates.set("extra", "x"));
    }

    @Override
    protected void restoreSchema() {
        table().updateMany(Filters.empty(), Updates.unset("extra"));
    }

    @Override
    protected PolicyRequest selectAllRows() {
        return new PolicyRequest(RESOURCE_ID, "query", null, List.of(), TABLE, Map.of(), null, Map.of("id", 1), null,
                null, null, null);
    }
}
