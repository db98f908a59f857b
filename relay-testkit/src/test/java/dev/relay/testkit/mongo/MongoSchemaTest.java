package dev.relay.testkit.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.relay.policy.ApprovedQuery;
import dev.relay.policy.Decision;
import dev.relay.policy.PolicyEngine;
import dev.relay.policy.PolicyRequest;
import dev.relay.policy.ResourcePolicy;
import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.QueryContext;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.policy.spi.TableDescription;
import dev.relay.policy.spi.TableDescription.Field;
import dev.relay.testkit.db.MongoFixture;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Schema inference over documents of different shapes, and the fingerprint built from it. */
class MongoSchemaTest {

    static final String RESOURCE = "main-mongo";

    private static ResourceConnector connector(MongoFixture mongo) {
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("uri", mongo.connectionString());
        connection.put("database", "shapes");
        connection.put("serverSelectionTimeout", "2s");
        return MongoConnectorTest.provider().create(new ConnectorConfig(RESOURCE, "mongodb", connection, Map.of(),
                Duration.ofSeconds(5), ConnectorConfig.DEFAULT_MAX_RESPONSE_BYTES));
    }

    private static QueryContext ctx() {
        return new QueryContext("req-schema", Duration.ofSeconds(5), ConnectorConfig.DEFAULT_MAX_RESPONSE_BYTES);
    }

    @Test
    void describeTableOnDocumentsOfDifferentShapes() {
        try (MongoFixture mongo = MongoFixture.create();
                PolicyEngine engine = PolicyEngine.builder()
                        .resource(ResourcePolicy.builder(RESOURCE, "mongodb").build()).build()) {
            MongoCollection<Document> things = mongo.client().getDatabase("shapes").getCollection("things");
            things.insertMany(List.of(
                    new Document("_id", 1).append("a", 1).append("b", "x"),
                    new Document("_id", 2).append("a", "one").append("c", new Document("d", true)),
                    new Document("_id", 3).append("a", null).append("e", List.of(new Document("f", 1),
                            new Document("f", "2"))),
                    new Document("_id", 4).append("a", 2L).append("c", "flat")));
            try (ResourceConnector connector = connector(mongo)) {
                Decision d = engine.evaluate(new PolicyRequest(RESOURCE, "describe_table", null, List.of(), null,
                        null, null, null, null, null, null, "things"));
                ApprovedQuery q = ((Decision.Allowed) d).query();
                TableDescription t = connector.describeTable(q, ctx());

                assertThat(t.schema()).isEqualTo("shapes");
                assertThat(t.name()).isEqualTo("things");
                assertThat(t.estimatedRows()).isEqualTo(4L);
                Map<String, Field> byName = new LinkedHashMap<>();
                t.fields().forEach(f -> byName.put(f.name(), f));
                assertThat(byName.keySet()).containsExactly("_id", "a", "b", "c", "c.d", "e", "e.f");
                assertThat(byName.get("_id")).isEqualTo(new Field("_id", "int", false, 1.0));
                assertThat(byName.get("a").type()).isEqualTo("int|long|null|string");
                assertThat(byName.get("a").nullable()).isTrue();
                assertThat(byName.get("a").presence()).isEqualTo(1.0);
                assertThat(byName.get("b")).isEqualTo(new Field("b", "string", true, 0.25));
                assertThat(byName.get("c")).isEqualTo(new Field("c", "object|string", true, 0.5));
                assertThat(byName.get("c.d")).isEqualTo(new Field("c.d", "bool", true, 0.25));
                assertThat(byName.get("e")).isEqualTo(new Field("e", "array", true, 0.25));
                assertThat(byName.get("e.f")).isEqualTo(new Field("e.f", "int|string", true, 0.25));
            }
        }
    }

    @Test
    void fingerprintIsStableAndChangesWithAFieldType() {
        try (MongoFixture mongo = MongoFixture.create()) {
            MongoCollection<Document> people = mongo.client().getDatabase("shapes").getCollection("people");
            people.insertMany(List.of(new Document("_id", 1).append("name", "a").append("age", 30),
                    new Document("_id", 2).append("name", "b").append("age", 40)));
            String first;
            try (ResourceConnector connector = connector(mongo)) {
                first = connector.schemaFingerprint(ctx());
                assertThat(first).matches("[0-9a-f]{64}");
                assertThat(connector.schemaFingerprint(ctx())).isEqualTo(first);
            }
            // a new connector (as after a relay restart) and a server restart give the same digest
            mongo.stop();
            mongo.start();
            people = mongo.client().getDatabase("shapes").getCollection("people");
            try (ResourceConnector connector = connector(mongo)) {
                assertThat(connector.schemaFingerprint(ctx())).isEqualTo(first);
                // more rows of the same shape: same digest
                people.insertOne(new Document("_id", 3).append("name", "c").append("age", 50));
                assertThat(connector.schemaFingerprint(ctx())).isEqualTo(first);
                // a field changes type: new digest
                people.updateOne(Filters.eq("_id", 2), Updates.set("age", "forty"));
                assertThat(connector.schemaFingerprint(ctx())).isNotEqualTo(first);
            }
        }
    }
}
