package dev.relay.testkit.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.masking.MaskScope;
import dev.relay.masking.MaskStats;
import dev.relay.masking.Masker;
import dev.relay.masking.MaskingConfig;
import dev.relay.policy.Decision;
import dev.relay.policy.PolicyEngine;
import dev.relay.policy.PolicyRequest;
import dev.relay.policy.ResourcePolicy;
import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.QueryContext;
import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.testkit.db.MongoFixture;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The connector's documents go through relay-masking as the runtime does it: detectors by value anywhere in
 * nested documents and arrays, and column rules by dotted field path (array elements keep their array's path).
 */
class MongoMaskingTest {

    static final String RESOURCE = "main-mongo";

    @Test
    void nestedPiiIsMaskedByValueAndByFieldPath() {
        try (MongoFixture mongo = MongoFixture.create();
                PolicyEngine engine = PolicyEngine.builder()
                        .resource(ResourcePolicy.builder(RESOURCE, "mongodb").build()).build()) {
            mongo.client().getDatabase("crm").getCollection("customers").insertOne(new Document("_id", 1)
                    .append("name", "Ana Souza")
                    .append("contact", new Document("email", "ana.souza@example.com")
                            .append("notes", "call me at ana@work.example.org"))
                    .append("address", new Document("street", "Rua das Flores 12").append("city", "Recife"))
                    .append("cards", List.of(new Document("pan", "4111 1111 1111 1111").append("label", "main"),
                            new Document("pan", "5500 0000 0000 0004").append("label", "spare")))
                    .append("visits", 3));
            Map<String, Object> connection = new LinkedHashMap<>();
            connection.put("uri", mongo.connectionString());
            connection.put("database", "crm");
            try (ResourceConnector connector = MongoConnectorTest.provider().create(new ConnectorConfig(RESOURCE,
                    "mongodb", connection, Map.of(), Duration.ofSeconds(5),
                    ConnectorConfig.DEFAULT_MAX_RESPONSE_BYTES))) {
                Decision d = engine.evaluate(new PolicyRequest(RESOURCE, "query", null, List.of(), "customers",
                        Map.of(), null, null, null, null, null, null));
                QueryResult.Documents r = (QueryResult.Documents) connector.query(((Decision.Allowed) d).query(),
                        new QueryContext("req-mask", Duration.ofSeconds(5), 1 << 20));
                Map<String, Object> doc = r.documents().get(0);

                Masker masker = Masker.create(MaskingConfig.builder()
                        .column(new MaskingConfig.ColumnRule(RESOURCE, "customers", "address.street", null, null))
                        .column(new MaskingConfig.ColumnRule(null, "customers", "cards.label", null, null))
                        .build());
                MaskStats stats = new MaskStats();
                @SuppressWarnings("unchecked")
                Map<String, Object> masked = (Map<String, Object>) masker.maskValue(doc,
                        MaskScope.of(RESOURCE, "customers"), stats);

                String all = String.valueOf(masked);
                assertThat(all).doesNotContain("ana.souza@example.com", "ana@work.example.org",
                        "4111 1111 1111 1111", "5500 0000 0000 0004", "Rua das Flores", "main", "spare");
                @SuppressWarnings("unchecked")
                Map<String, Object> contact = (Map<String, Object>) masked.get("contact");
                assertThat(contact.get("email")).isEqualTo("***@***.***");
                assertThat((String) contact.get("notes")).startsWith("call me at ");
                @SuppressWarnings("unchecked")
                Map<String, Object> address = (Map<String, Object>) masked.get("address");
                assertThat(address.get("city")).isEqualTo("Recife");
                assertThat(address.get("street")).isNotEqualTo("Rua das Flores 12");
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> cards = (List<Map<String, Object>>) masked.get("cards");
                assertThat(cards).hasSize(2);
                assertThat(masked.get("visits")).isEqualTo(3);
                assertThat(masked.get("_id")).isEqualTo(1);
                assertThat(stats.fieldsMasked()).isGreaterThanOrEqualTo(6);
                // the connector's own result is untouched (masking copies)
                assertThat(String.valueOf(doc)).contains("ana.souza@example.com");
            }
        }
    }
}
