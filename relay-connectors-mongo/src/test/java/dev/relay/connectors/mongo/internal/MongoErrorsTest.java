package dev.relay.connectors.mongo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoCredential;
import com.mongodb.ServerAddress;
import dev.relay.policy.spi.ConnectorException;
import dev.relay.policy.spi.ConnectorException.Kind;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

class MongoErrorsTest {

    private static MongoCommandException commandError(int code, String codeName, String message) {
        return new MongoCommandException(new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(code))
                .append("codeName", new BsonString(codeName)).append("errmsg", new BsonString(message)),
                new ServerAddress());
    }

    @Test
    void timeoutsAreQueryTimeout() {
        ConnectorException e = MongoErrors.map(new MongoExecutionTimeoutException(50, "operation exceeded time limit"),
                "find");
        assertThat(e.kind()).isEqualTo(Kind.QUERY_TIMEOUT);
        assertThat(MongoErrors.map(commandError(50, "MaxTimeMSExpired", "x"), "aggregate").kind())
                .isEqualTo(Kind.QUERY_TIMEOUT);
    }

    @Test
    void unreachableAndAuthAreResourceUnavailable() {
        assertThat(MongoErrors.map(new MongoTimeoutException("Timed out after 10 ms"), "find").kind())
                .isEqualTo(Kind.RESOURCE_UNAVAILABLE);
        assertThat(MongoErrors.map(new MongoSocketReadException("Prematurely reached end of stream",
                new ServerAddress()), "find").kind()).isEqualTo(Kind.RESOURCE_UNAVAILABLE);
        assertThat(MongoErrors.map(new MongoSecurityException(MongoCredential.createCredential("u", "admin",
                "pw".toCharArray()), "Exception authenticating"), "find").kind()).isEqualTo(Kind.RESOURCE_UNAVAILABLE);
        assertThat(MongoErrors.map(commandError(91, "ShutdownInProgress", "x"), "find").kind())
                .isEqualTo(Kind.RESOURCE_UNAVAILABLE);
    }

    @Test
    void otherServerErrorsAreQueryFailedAndNeverQuoteTheDriverMessage() {
        ConnectorException e = MongoErrors.map(commandError(2, "BadValue",
                "unknown operator: $foo in {email: \"ada@example.com\"}"), "find");
        assertThat(e.kind()).isEqualTo(Kind.QUERY_FAILED);
        assertThat(e.getMessage()).isEqualTo("find failed: MongoDB error 2 (BadValue)").doesNotContain("ada@");
        assertThat(e.getCause()).isNotNull();
    }
}
