package dev.relay.testkit.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.relay.testkit.db.MongoFixture;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class MongoFixtureTest {

    @Test
    void startsStopsAndRestartsKeepingData() {
        try (MongoFixture mongo = MongoFixture.create()) {
            assertThat(mongo.connectionString()).startsWith("mongodb://");
            MongoCollection<Document> users = mongo.client().getDatabase("fixture").getCollection("users");
            users.insertOne(new Document("name", "Ada"));
            assertThat(users.countDocuments()).isEqualTo(1);

            mongo.stop();
            assertThat(mongo.isRunning()).isFalse();
            try (MongoClient probe = MongoClients.create(mongo.connectionString()
                    + "/?serverSelectionTimeoutMS=500&connectTimeoutMS=500")) {
                assertThatThrownBy(() -> probe.getDatabase("admin").runCommand(new Document("ping", 1)))
                        .isInstanceOf(MongoException.class);
            }

            mongo.start();
            try (MongoClient again = MongoClients.create(mongo.connectionString())) {
                assertThat(again.getDatabase("fixture").getCollection("users").countDocuments()).isEqualTo(1);
            }
        }
    }
}
