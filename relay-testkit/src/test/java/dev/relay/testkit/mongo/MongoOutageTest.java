package dev.relay.testkit.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.policy.ApprovedQuery;
import dev.relay.policy.Decision;
import dev.relay.policy.PolicyEngine;
import dev.relay.policy.PolicyRequest;
import dev.relay.policy.ResourcePolicy;
import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorException;
import dev.relay.policy.spi.HealthReport;
import dev.relay.policy.spi.QueryContext;
import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.testkit.db.MongoFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The server goes away under the connector: mid-cursor, and between requests. Each test owns its server. */
class MongoOutageTest {

    static final String RESOURCE = "main-mongo";

    private static ResourceConnector connector(MongoFixture mongo, int batchSize) {
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("uri", mongo.connectionString());
        connection.put("database", "outage");
        connection.put("batchSize", batchSize);
        connection.put("serverSelectionTimeout", "1s");
        connection.put("connectTimeout", "500ms");
        return MongoConnectorTest.provider().create(new ConnectorConfig(RESOURCE, "mongodb", connection, Map.of(),
                Duration.ofSeconds(5), ConnectorConfig.DEFAULT_MAX_RESPONSE_BYTES));
    }

    private static ApprovedQuery findAll(PolicyEngine engine) {
        Decision d = engine.evaluate(new PolicyRequest(RESOURCE, "query", null, List.of(), "items", Map.of(), null,
                Map.of("_id", 1), null, null, null, null));
        return ((Decision.Allowed) d).query();
    }

    private static void seed(MongoFixture mongo, int n) {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            docs.add(new Document("_id", i).append("payload", "x".repeat(50)));
        }
        mongo.client().getDatabase("outage").getCollection("items").insertMany(docs);
    }

    @Test
    void serverStoppedMidCursorIsResourceUnavailable() throws Exception {
        try (MongoFixture mongo = MongoFixture.create();
                PolicyEngine engine = PolicyEngine.builder()
                        .resource(ResourcePolicy.builder(RESOURCE, "mongodb").maxRowsPerQuery(5000).build()).build()) {
            int docs = mongo.supportsCommandHooks() ? 20 : 20_000;
            seed(mongo, docs);
            try (ResourceConnector connector = connector(mongo, 2)) {
                // the connector works before the outage
                QueryResult before = connector.query(findAll(engine), ctx());
                assertThat(before.rowCount()).isEqualTo(docs);

                CountDownLatch stopped = new CountDownLatch(1);
                Thread stopper = new Thread(() -> {
                    mongo.stop();
                    stopped.countDown();
                }, "mongo-stopper");
                if (mongo.supportsCommandHooks()) {
                    // deterministic: the first getMore (the second batch) takes the server down while it answers
                    System.err.println("MongoOutageTest: stopping the in-process server on the first getMore");
                    mongo.onCommand("getMore", () -> {
                        mongo.onCommand("getMore", null);
                        stopper.start();
                        sleep(200);
                    });
                } else {
                    // a real mongod: batches of 2 over 20,000 documents outlast the container's stop
                    System.err.println("MongoOutageTest: stopping the MongoDB container while the cursor is read");
                    stopper.start();
                }
                assertThatThrownBy(() -> connector.query(findAll(engine), ctx()))
                        .isInstanceOfSatisfying(ConnectorException.class, e -> {
                            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RESOURCE_UNAVAILABLE);
                            assertThat(e.getMessage()).startsWith("find: ");
                        });
                assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();

                // while down: requests fail fast as RESOURCE_UNAVAILABLE, health says it cannot connect
                assertThatThrownBy(() -> connector.query(findAll(engine), ctx()))
                        .isInstanceOfSatisfying(ConnectorException.class,
                                e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RESOURCE_UNAVAILABLE));
                HealthReport down = connector.health(Duration.ofMillis(800));
                assertThat(down.connect()).isFalse();
                assertThat(down.error()).startsWith("cannot connect to MongoDB");

                // and it recovers when the server is back
                mongo.start();
                if (mongo.backend() == MongoFixture.Backend.IN_MEMORY) {
                    assertThat(connector.query(findAll(engine), ctx()).rowCount()).isEqualTo(docs);
                    assertThat(connector.health(Duration.ofSeconds(5)).ok()).isTrue();
                }
            }
        }
    }

    @Test
    void cancelledRequestStopsReadingTheCursor() {
        try (MongoFixture mongo = MongoFixture.create();
                PolicyEngine engine = PolicyEngine.builder()
                        .resource(ResourcePolicy.builder(RESOURCE, "mongodb").maxRowsPerQuery(5000).build()).build()) {
            seed(mongo, 20);
            try (ResourceConnector connector = connector(mongo, 2)) {
                QueryContext context = ctx();
                if (mongo.supportsCommandHooks()) {
                    // the caller goes away while the second batch is being fetched
                    mongo.onCommand("getMore", context::cancel);
                } else {
                    System.err.println("MongoOutageTest: no command hooks on " + mongo.backend()
                            + "; cancelling before the query starts");
                    context.cancel();
                }
                assertThatThrownBy(() -> connector.query(findAll(engine), context))
                        .isInstanceOfSatisfying(ConnectorException.class, e -> {
                            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.QUERY_TIMEOUT);
                            assertThat(e.getMessage()).isEqualTo(
                                    "find: request cancelled (deadline passed or caller gone)");
                        });
                if (mongo.supportsCommandHooks()) {
                    mongo.onCommand("getMore", null);
                }
                // the connector stays usable
                assertThat(connector.query(findAll(engine), ctx()).rowCount()).isEqualTo(20);
            }
        }
    }

    @Test
    void wrongCredentialsAreAnAuthenticationFailureNotAnOutage() {
        try (MongoFixture mongo = MongoFixture.create();
                PolicyEngine engine = PolicyEngine.builder()
                        .resource(ResourcePolicy.builder(RESOURCE, "mongodb").build()).build()) {
            seed(mongo, 1);
            Map<String, Object> connection = new LinkedHashMap<>();
            connection.put("uri", mongo.connectionString());
            connection.put("database", "outage");
            connection.put("username", "relay");
            connection.put("password", "wrong-password-123");
            connection.put("serverSelectionTimeout", "1s");
            try (ResourceConnector connector = MongoConnectorTest.provider().create(new ConnectorConfig(RESOURCE,
                    "mongodb", connection, Map.of(), Duration.ofSeconds(5), ConnectorConfig.DEFAULT_MAX_RESPONSE_BYTES))) {
                HealthReport health = connector.health(Duration.ofSeconds(3));
                assertThat(health.connect()).isTrue();
                assertThat(health.auth()).isFalse();
                assertThat(health.error()).isEqualTo("authentication with MongoDB failed");
                assertThatThrownBy(() -> connector.query(findAll(engine), ctx()))
                        .isInstanceOfSatisfying(ConnectorException.class, e -> {
                            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RESOURCE_UNAVAILABLE);
                            assertThat(e.getMessage()).isEqualTo("find: authentication with MongoDB failed")
                                    .doesNotContain("wrong-password");
                        });
            }
        }
    }

    private static QueryContext ctx() {
        return new QueryContext("req-outage", Duration.ofSeconds(5), ConnectorConfig.DEFAULT_MAX_RESPONSE_BYTES);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
