package dev.relay.connectors.mongo.internal;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.ReadPreference;
import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The validated, frozen settings of one {@code mongodb} resource. {@link #parse(ConnectorConfig)} checks every
 * key of {@code connection} and {@code pool}, rejects unknown ones and reports all problems at once.
 * {@code toString()} never prints the URI (it may hold a password) or the password.
 */
public final class MongoSettings {

    public static final String DEFAULT_READ_PREFERENCE = "secondaryPreferred";
    public static final int DEFAULT_SAMPLE_SIZE = 100;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SERVER_SELECTION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_POOL_MAX_WAIT = Duration.ofSeconds(10);
    public static final String DEFAULT_AUTH_SOURCE = "admin";
    /** Slack added to the statement timeout for the default socket read timeout. */
    public static final Duration SOCKET_TIMEOUT_SLACK = Duration.ofSeconds(5);

    public static final Duration DEFAULT_POOL_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_POOL_MAX_LIFETIME = Duration.ofMinutes(30);

    private static final Set<String> CONNECTION_KEYS = Set.of("uri", "database", "username", "password", "authSource",
            "readPreference", "tls", "applicationName", "connectTimeout", "serverSelectionTimeout", "socketTimeout",
            "batchSize", "sampleSize");
    private static final Set<String> TLS_KEYS = Set.of("enabled", "caFile", "allowInvalidHostnames");
    private static final Set<String> POOL_KEYS = Set.of("maxSize", "minIdle", "acquireTimeout", "idleTimeout",
            "maxLifetime");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final String resourceId;
    private final String database;
    private final MongoClientSettings clientSettings;
    private final List<String> hosts;
    private final int batchSize;
    private final int sampleSize;
    private final String readPreference;
    private final int poolMaxSize;

    private MongoSettings(String resourceId, String database, MongoClientSettings clientSettings, List<String> hosts,
            int batchSize, int sampleSize, String readPreference, int poolMaxSize) {
        this.resourceId = resourceId;
        this.database = database;
        this.clientSettings = clientSettings;
        this.hosts = List.copyOf(hosts);
        this.batchSize = batchSize;
        this.sampleSize = sampleSize;
        this.readPreference = readPreference;
        this.poolMaxSize = poolMaxSize;
    }

    public String resourceId() {
        return resourceId;
    }

    /** The database the resource exposes. */
    public String database() {
        return database;
    }

    /** Driver settings: pool, credentials, TLS, read preference, timeouts. Holds the password: never print. */
    public MongoClientSettings clientSettings() {
        return clientSettings;
    }

    /** Host:port list from the URI, safe to log. */
    public List<String> hosts() {
        return hosts;
    }

    /** Cursor batch size, 0 for the server's default. */
    public int batchSize() {
        return batchSize;
    }

    /** Documents sampled per collection by {@code describe_table} and the schema fingerprint. */
    public int sampleSize() {
        return sampleSize;
    }

    public String readPreference() {
        return readPreference;
    }

    public int poolMaxSize() {
        return poolMaxSize;
    }

    @Override
    public String toString() {
        return "MongoSettings[resourceId=" + resourceId + ", hosts=" + hosts + ", database=" + database
                + ", readPreference=" + readPreference + ", pool.maxSize=" + poolMaxSize + ", <credentials redacted>]";
    }

    /** Validates a resource's {@code connection} and {@code pool} sections; throws with every problem found. */
    public static MongoSettings parse(ConnectorConfig config) {
        Problems p = new Problems();
        Map<String, Object> conn = config.connection();
        Map<String, Object> pool = config.pool();
        p.unknownKeys("connection", conn.keySet(), CONNECTION_KEYS);
        p.unknownKeys("pool", pool.keySet(), POOL_KEYS);

        ConnectionString cs = null;
        String uri = p.string(conn, "connection.uri", "uri", true);
        if (uri != null) {
            String lower = uri.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("mongodb://") && !lower.startsWith("mongodb+srv://")) {
                p.add("connection.uri: must start with mongodb:// or mongodb+srv://");
            } else {
                try {
                    cs = new ConnectionString(uri);
                } catch (RuntimeException e) {
                    // the driver's message may quote the URI, password included: say only that it is invalid
                    p.add("connection.uri: not a valid MongoDB connection string");
                }
            }
        }

        String database = p.string(conn, "connection.database", "database", true);
        if (database != null && !validDatabaseName(database)) {
            p.add("connection.database: not a valid database name (1-63 characters, none of /\\. \"$)");
        }

        String username = p.string(conn, "connection.username", "username", false);
        String password = p.string(conn, "connection.password", "password", false);
        String authSource = p.string(conn, "connection.authSource", "authSource", false);
        if ((username == null) != (password == null)) {
            p.add(username == null ? "connection.username: required when connection.password is set"
                    : "connection.password: required when connection.username is set");
        }
        if (username != null && cs != null && cs.getCredential() != null) {
            p.add("connection.username: credentials are given both in connection.uri and as username/password; keep one");
        }
        if (authSource != null && username == null) {
            p.add("connection.authSource: only used with connection.username/password");
        }

        String readPreference = p.string(conn, "connection.readPreference", "readPreference", false);
        ReadPreference rp = null;
        if (readPreference != null) {
            try {
                rp = ReadPreference.valueOf(readPreference);
            } catch (IllegalArgumentException e) {
                p.add("connection.readPreference: must be one of primary, primaryPreferred, secondary, "
                        + "secondaryPreferred, nearest");
            }
        }
        String appName = p.string(conn, "connection.applicationName", "applicationName", false);
        Duration connectTimeout = p.duration(conn, "connection.connectTimeout", "connectTimeout", Duration.ofMillis(1),
                Duration.ofMinutes(10));
        Duration selectionTimeout = p.duration(conn, "connection.serverSelectionTimeout", "serverSelectionTimeout",
                Duration.ofMillis(1), Duration.ofMinutes(10));
        Duration socketTimeout = p.duration(conn, "connection.socketTimeout", "socketTimeout", Duration.ZERO,
                Duration.ofHours(24));
        Integer batchSize = p.integer(conn, "connection.batchSize", "batchSize", 1, 100_000);
        Integer sampleSize = p.integer(conn, "connection.sampleSize", "sampleSize", 1, 10_000);

        // tls: a nested section
        Boolean tlsEnabled = null;
        String caFile = null;
        Boolean allowInvalidHostnames = null;
        Object tlsRaw = conn.get("tls");
        if (tlsRaw != null) {
            if (!(tlsRaw instanceof Map)) {
                p.add("connection.tls: must be a section with enabled, caFile, allowInvalidHostnames");
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> tls = (Map<String, Object>) tlsRaw;
                p.unknownKeys("connection.tls", tls.keySet(), TLS_KEYS);
                tlsEnabled = p.bool(tls, "connection.tls.enabled", "enabled");
                caFile = p.string(tls, "connection.tls.caFile", "caFile", false);
                allowInvalidHostnames = p.bool(tls, "connection.tls.allowInvalidHostnames", "allowInvalidHostnames");
            }
        }
        SSLContext sslContext = null;
        if (caFile != null) {
            try {
                sslContext = sslContextTrusting(Path.of(caFile));
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                p.add("connection.tls.caFile: cannot read a PEM certificate from the file (" + e.getClass().getSimpleName()
                        + ")");
            }
        }

        Integer maxSize = p.integer(pool, "pool.maxSize", "maxSize", 1, 1000);
        Integer minIdle = p.integer(pool, "pool.minIdle", "minIdle", 0, 1000);
        Duration acquireTimeout = p.duration(pool, "pool.acquireTimeout", "acquireTimeout", Duration.ZERO,
                Duration.ofMinutes(10));
        Duration idleTimeout = p.duration(pool, "pool.idleTimeout", "idleTimeout", Duration.ZERO, Duration.ofDays(1));
        Duration maxLifetime = p.duration(pool, "pool.maxLifetime", "maxLifetime", Duration.ZERO, Duration.ofDays(1));
        int poolMax = maxSize == null ? ConnectorConfig.DEFAULT_POOL_MAX_SIZE : maxSize;
        int poolMin = minIdle == null ? 0 : minIdle;
        if (poolMin > poolMax) {
            p.add("pool.minIdle: must not exceed pool.maxSize (" + poolMax + ")");
        }

        p.throwIfAny();
        ConnectionString connectionString = java.util.Objects.requireNonNull(cs);

        MongoClientSettings.Builder b = MongoClientSettings.builder().applyConnectionString(connectionString);
        if (username != null && password != null) {
            b.credential(MongoCredential.createCredential(username,
                    authSource == null ? DEFAULT_AUTH_SOURCE : authSource, password.toCharArray()));
        }
        ReadPreference effective = rp != null ? rp
                : connectionString.getReadPreference() != null ? connectionString.getReadPreference()
                : ReadPreference.valueOf(DEFAULT_READ_PREFERENCE);
        b.readPreference(effective);
        b.applicationName(appName != null ? appName
                : connectionString.getApplicationName() != null ? connectionString.getApplicationName() : "relay");
        b.retryWrites(false);
        // The driver's structured command logging (DEBUG) prints commands and replies, i.e. filters and documents:
        // truncate every logged document to nothing, so no log level can leak a value.
        b.applyToLoggerSettings(l -> l.maxDocumentLength(0));

        long connectMs = (connectTimeout != null ? connectTimeout : DEFAULT_CONNECT_TIMEOUT).toMillis();
        long socketMs = (socketTimeout != null ? socketTimeout
                : config.statementTimeout().plus(SOCKET_TIMEOUT_SLACK)).toMillis();
        long selectionMs = (selectionTimeout != null ? selectionTimeout : DEFAULT_SERVER_SELECTION_TIMEOUT).toMillis();
        b.applyToSocketSettings(s -> s.connectTimeout((int) connectMs, TimeUnit.MILLISECONDS)
                .readTimeout((int) socketMs, TimeUnit.MILLISECONDS));
        b.applyToClusterSettings(s -> s.serverSelectionTimeout(selectionMs, TimeUnit.MILLISECONDS));
        long waitMs = (acquireTimeout != null ? acquireTimeout : DEFAULT_POOL_MAX_WAIT).toMillis();
        long idleMs = (idleTimeout != null ? idleTimeout : DEFAULT_POOL_IDLE_TIMEOUT).toMillis();
        long lifetimeMs = (maxLifetime != null ? maxLifetime : DEFAULT_POOL_MAX_LIFETIME).toMillis();
        b.applyToConnectionPoolSettings(s -> s.maxSize(poolMax).minSize(poolMin)
                .maxWaitTime(waitMs, TimeUnit.MILLISECONDS)
                .maxConnectionIdleTime(idleMs, TimeUnit.MILLISECONDS)
                .maxConnectionLifeTime(lifetimeMs, TimeUnit.MILLISECONDS));

        boolean tlsOn = tlsEnabled != null ? tlsEnabled
                : Boolean.TRUE.equals(connectionString.getSslEnabled()) || caFile != null;
        SSLContext ctx = sslContext;
        boolean invalidHosts = Boolean.TRUE.equals(allowInvalidHostnames)
                || (allowInvalidHostnames == null && Boolean.TRUE.equals(connectionString.getSslInvalidHostnameAllowed()));
        b.applyToSslSettings(s -> {
            s.enabled(tlsOn);
            s.invalidHostNameAllowed(invalidHosts);
            if (ctx != null) {
                s.context(ctx);
            }
        });

        List<String> hosts = new ArrayList<>(connectionString.getHosts());
        return new MongoSettings(config.resourceId(), java.util.Objects.requireNonNull(database), b.build(), hosts,
                batchSize == null ? 0 : batchSize, sampleSize == null ? DEFAULT_SAMPLE_SIZE : sampleSize,
                effective.getName(), poolMax);
    }

    private static boolean validDatabaseName(String name) {
        if (name.isEmpty() || name.length() > 63) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c == '.' || c == ' ' || c == '"' || c == '$' || c == '\0') {
                return false;
            }
        }
        return true;
    }

    private static SSLContext sslContextTrusting(Path pemFile) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("no certificate");
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (Certificate c : certs) {
            ks.setCertificateEntry("ca-" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Collects problems, each naming its key; values are never quoted (they may be secrets). */
    private static final class Problems {
        private final List<String> problems = new ArrayList<>();

        void add(String problem) {
            problems.add(problem);
        }

        void unknownKeys(String section, Set<String> keys, Set<String> known) {
            for (String key : new TreeSet<>(keys)) {
                if (!known.contains(key)) {
                    add(section + "." + key + ": unknown key (known: " + String.join(", ", new TreeSet<>(known)) + ")");
                }
            }
        }

        @Nullable String string(Map<String, Object> map, String path, String key, boolean required) {
            Object v = map.get(key);
            if (v == null) {
                if (required) {
                    add(path + ": required");
                }
                return null;
            }
            if (!(v instanceof String)) {
                add(path + ": must be a string");
                return null;
            }
            String s = (String) v;
            if (s.isBlank()) {
                add(path + ": must not be empty");
                return null;
            }
            return s;
        }

        @Nullable Integer integer(Map<String, Object> map, String path, String key, int min, int max) {
            Object v = map.get(key);
            if (v == null) {
                return null;
            }
            long n;
            if (v instanceof Integer || v instanceof Long || v instanceof Short) {
                n = ((Number) v).longValue();
            } else if (v instanceof String && ((String) v).trim().matches("-?\\d{1,12}")) {
                n = Long.parseLong(((String) v).trim());
            } else {
                add(path + ": must be an integer");
                return null;
            }
            if (n < min || n > max) {
                add(path + ": must be between " + min + " and " + max);
                return null;
            }
            return (int) n;
        }

        /** A duration written {@code 500ms}, {@code 30s}, {@code 5m} or {@code 1h} ({@code 0s} where 0 is allowed). */
        @Nullable Duration duration(Map<String, Object> map, String path, String key, Duration min, Duration max) {
            Object v = map.get(key);
            if (v == null) {
                return null;
            }
            Duration d = null;
            if (v instanceof Duration) {
                d = (Duration) v;
            } else if (v instanceof String) {
                Matcher m = DURATION.matcher(((String) v).trim().toLowerCase(Locale.ROOT));
                if (m.matches() && m.group(1).length() <= 12) {
                    long n = Long.parseLong(m.group(1));
                    switch (m.group(2)) {
                        case "ms": d = Duration.ofMillis(n); break;
                        case "s": d = Duration.ofSeconds(n); break;
                        case "m": d = Duration.ofMinutes(n); break;
                        default: d = Duration.ofHours(n); break;
                    }
                }
            }
            if (d == null) {
                add(path + ": must be a duration such as 500ms, 30s, 5m or 1h");
                return null;
            }
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                add(path + ": must be between " + min.toMillis() + "ms and " + max.toMillis() + "ms");
                return null;
            }
            return d;
        }

        @Nullable Boolean bool(Map<String, Object> map, String path, String key) {
            Object v = map.get(key);
            if (v == null) {
                return null;
            }
            if (v instanceof Boolean) {
                return (Boolean) v;
            }
            if (v instanceof String && ("true".equals(v) || "false".equals(v))) {
                return Boolean.valueOf((String) v);
            }
            add(path + ": must be true or false");
            return null;
        }

        void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new ConnectorConfigException(problems);
            }
        }
    }
}
