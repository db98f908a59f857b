package dev.relay.connectors.mongo.internal;

import com.mongodb.MongoClientException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoQueryException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import dev.relay.policy.spi.ConnectorException;
import dev.relay.policy.spi.ConnectorException.Kind;
import java.util.Set;

/**
 * Maps driver exceptions to {@link ConnectorException}s. Driver messages can quote documents, filter values or
 * host names with credentials, so the message is composed here from the server's error code and code name (or
 * the exception's class) and never copies the driver's text. The driver exception stays as the cause for local
 * diagnostics.
 */
public final class MongoErrors {

    /** Server error codes meaning "time limit reached": MaxTimeMSExpired, ExceededTimeLimit. */
    private static final Set<Integer> TIMEOUT_CODES = Set.of(50, 262);
    /**
     * Server error codes meaning the server (not the query) is the problem: HostUnreachable, HostNotFound,
     * AuthenticationFailed, NetworkTimeout, ShutdownInProgress, PrimarySteppedDown, SocketException,
     * NotWritablePrimary, InterruptedAtShutdown, InterruptedDueToReplStateChange, NotPrimaryNoSecondaryOk,
     * NotPrimaryOrSecondary, NodeNotFound... (see the server's error_codes.yml).
     */
    private static final Set<Integer> UNAVAILABLE_CODES = Set.of(6, 7, 18, 89, 91, 189, 9001, 10107, 11600, 11602,
            13435, 13436, 74, 133);

    private MongoErrors() {
    }

    /**
     * Maps an exception thrown while running {@code what} ({@code "find"}, {@code "aggregate"}, {@code "explain"},
     * {@code "listCollections"}...). Never copies the driver's message.
     */
    public static ConnectorException map(RuntimeException e, String what) {
        if (e instanceof ConnectorException) {
            return (ConnectorException) e;
        }
        if (e instanceof MongoOperationTimeoutException) {
            return new ConnectorException(Kind.QUERY_TIMEOUT, what + ": the operation timed out", e);
        }
        if (e instanceof MongoExecutionTimeoutException) {
            return new ConnectorException(Kind.QUERY_TIMEOUT, what + ": statement timeout reached (maxTimeMS, "
                    + describeCode((MongoException) e) + ")", e);
        }
        if (e instanceof MongoTimeoutException) {
            return new ConnectorException(Kind.RESOURCE_UNAVAILABLE, what
                    + ": no MongoDB server reachable, or no pooled connection free, within the wait time", e);
        }
        if (e instanceof MongoSecurityException) {
            return new ConnectorException(Kind.RESOURCE_UNAVAILABLE, what + ": authentication with MongoDB failed", e);
        }
        if (e instanceof MongoSocketException) {
            return new ConnectorException(Kind.RESOURCE_UNAVAILABLE, what + ": connection to MongoDB lost or refused ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        if (e instanceof MongoNotPrimaryException || e instanceof MongoNodeIsRecoveringException) {
            return new ConnectorException(Kind.RESOURCE_UNAVAILABLE, what + ": the MongoDB server is not available ("
                    + describeCode((MongoException) e) + ")", e);
        }
        if (e instanceof MongoCursorNotFoundException) {
            return new ConnectorException(Kind.RESOURCE_UNAVAILABLE, what
                    + ": the server lost the cursor (restarted or failed over)", e);
        }
        if (e instanceof MongoInterruptedException) {
            return new ConnectorException(Kind.QUERY_TIMEOUT, what + ": interrupted (request cancelled)", e);
        }
        if (e instanceof MongoServerException || e instanceof MongoCommandException || e instanceof MongoQueryException) {
            MongoException me = (MongoException) e;
            int code = me.getCode();
            if (TIMEOUT_CODES.contains(code)) {
                return new ConnectorException(Kind.QUERY_TIMEOUT, what + ": statement timeout reached ("
                        + describeCode(me) + ")", e);
            }
            if (UNAVAILABLE_CODES.contains(code)) {
                return new ConnectorException(Kind.RESOURCE_UNAVAILABLE, what + ": the MongoDB server is not available ("
                        + describeCode(me) + ")", e);
            }
            return new ConnectorException(Kind.QUERY_FAILED, what + " failed: MongoDB error " + describeCode(me), e);
        }
        if (e instanceof MongoClientException) {
            return new ConnectorException(Kind.QUERY_FAILED, what + " failed: the MongoDB driver refused the request ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        if (e instanceof IllegalStateException) {
            // e.g. "state should be: open" after close()
            return new ConnectorException(Kind.RESOURCE_UNAVAILABLE, what + ": the connector is closed", e);
        }
        if (e instanceof MongoException) {
            return new ConnectorException(Kind.QUERY_FAILED, what + " failed: MongoDB error "
                    + describeCode((MongoException) e), e);
        }
        return new ConnectorException(Kind.QUERY_FAILED, what + " failed (" + e.getClass().getSimpleName() + ")", e);
    }

    /** {@code 2 (BadValue)}, or the exception's class when the server gave no code. */
    public static String describeCode(MongoException e) {
        String codeName = null;
        if (e instanceof MongoCommandException) {
            codeName = ((MongoCommandException) e).getErrorCodeName();
        } else if (e instanceof MongoServerException) {
            codeName = ((MongoServerException) e).getErrorCodeName();
        }
        if (e.getCode() <= 0) {
            return e.getClass().getSimpleName();
        }
        return e.getCode() + (codeName == null || codeName.isEmpty() ? "" : " (" + safeCodeName(codeName) + ")");
    }

    private static String safeCodeName(String codeName) {
        // code names are identifiers like BadValue; keep only identifier characters to be sure nothing else leaks
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < codeName.length() && sb.length() < 64; i++) {
            char c = codeName.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '_') {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
