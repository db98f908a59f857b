package dev.relay.connectors.postgres;

import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The validated, frozen settings of one PostgreSQL resource. Every key of the {@code connection}
 * and {@code pool} sections is checked here and all problems are reported at once, each naming its
 * key ({@code connection.url: ...}, {@code pool.maxSize: ...}); a password is never quoted.
 */
record PostgresSettings(
        String resourceId,
        String url,
        @Nullable String username,
        @Nullable String password,
        String applicationName,
        Duration connectTimeout,
        Duration lockTimeout,
        Duration idleInTransactionTimeout,
        int fetchSize,
        int poolMaxSize,
        int poolMinIdle,
        Duration poolAcquireTimeout,
        Duration poolIdleTimeout,
        Duration poolMaxLifetime,
        Duration statementTimeout,
        long maxResponseBytes) {

    static final Set<String> CONNECTION_KEYS = Set.of("url", "username", "password", "applicationName",
            "connectTimeout", "lockTimeout", "idleInTransactionTimeout", "fetchSize");
    static final Set<String> POOL_KEYS = Set.of("maxSize", "minIdle", "acquireTimeout", "idleTimeout", "maxLifetime");

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(60);
    static final int DEFAULT_FETCH_SIZE = 1000;
    static final int DEFAULT_MIN_IDLE = 0;
    static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(30);

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    @Override
    public String toString() {
        return "PostgresSettings[resourceId=" + resourceId + ", poolMaxSize=" + poolMaxSize + ", <connection redacted>]";
    }

    static PostgresSettings from(ConnectorConfig config) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> conn = config.connection();
        Map<String, Object> pool = config.pool();
        unknownKeys("connection", conn, CONNECTION_KEYS, problems);
        unknownKeys("pool", pool, POOL_KEYS, problems);

        String url = string(conn, "connection", "url", problems, false);
        if (url == null) {
            if (!conn.containsKey("url")) {
                problems.add("connection.url: is required (jdbc:postgresql://host:port/database)");
            }
            url = "";
        } else if (!url.startsWith("jdbc:postgresql://")) {
            problems.add("connection.url: must start with jdbc:postgresql://");
        } else if (url.contains("password=")) {
            problems.add("connection.url: must not carry a password; use connection.password");
        }
        String username = string(conn, "connection", "username", problems, false);
        String password = string(conn, "connection", "password", problems, true);
        String appName = string(conn, "connection", "applicationName", problems, false);
        Duration connectTimeout = duration(conn, "connection", "connectTimeout", DEFAULT_CONNECT_TIMEOUT,
                Duration.ofSeconds(1), Duration.ofMinutes(5), problems);
        Duration lockTimeout = duration(conn, "connection", "lockTimeout", DEFAULT_LOCK_TIMEOUT,
                Duration.ofMillis(1), Duration.ofHours(1), problems);
        Duration idleTx = duration(conn, "connection", "idleInTransactionTimeout", DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT,
                Duration.ofSeconds(1), Duration.ofHours(1), problems);
        int fetchSize = integer(conn, "connection", "fetchSize", DEFAULT_FETCH_SIZE, 1, 100_000, problems);

        int maxSize = integer(pool, "pool", "maxSize", ConnectorConfig.DEFAULT_POOL_MAX_SIZE, 1, 100, problems);
        int minIdle = integer(pool, "pool", "minIdle", DEFAULT_MIN_IDLE, 0, 100, problems);
        if (minIdle > maxSize) {
            problems.add("pool.minIdle: must not exceed pool.maxSize (" + maxSize + ")");
        }
        Duration acquire = duration(pool, "pool", "acquireTimeout", DEFAULT_ACQUIRE_TIMEOUT,
                Duration.ofMillis(250), Duration.ofMinutes(10), problems);
        Duration idle = duration(pool, "pool", "idleTimeout", DEFAULT_IDLE_TIMEOUT,
                Duration.ofSeconds(10), Duration.ofHours(24), problems);
        Duration lifetime = duration(pool, "pool", "maxLifetime", DEFAULT_MAX_LIFETIME,
                Duration.ofSeconds(30), Duration.ofHours(24), problems);

        if (!problems.isEmpty()) {
            throw new ConnectorConfigException(problems);
        }
        return new PostgresSettings(config.resourceId(), url, username, password,
                appName == null ? "relay" : appName, connectTimeout, lockTimeout, idleTx, fetchSize,
                maxSize, minIdle, acquire, idle, lifetime, config.statementTimeout(), config.maxResponseBytes());
    }

    private static void unknownKeys(String section, Map<String, Object> map, Set<String> known, List<String> problems) {
        for (String key : new TreeSet<>(map.keySet())) {
            if (!known.contains(key)) {
                problems.add(section + "." + key + ": unknown key (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private static @Nullable String string(Map<String, Object> map, String section, String key, List<String> problems,
            boolean secret) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            problems.add(section + "." + key + ": must be a string" + (secret ? "" : ", got " + typeName(v)));
            return null;
        }
        if (s.isBlank() && !secret) {
            problems.add(section + "." + key + ": must not be empty");
            return null;
        }
        return s;
    }

    private static int integer(Map<String, Object> map, String section, String key, int dflt, int min, int max,
            List<String> problems) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            n = ((Number) v).longValue();
        } else if (v instanceof String s && s.trim().matches("-?\\d{1,18}")) {
            n = Long.parseLong(s.trim());
        } else {
            problems.add(section + "." + key + ": must be an integer, got " + typeName(v));
            return dflt;
        }
        if (n < min || n > max) {
            problems.add(section + "." + key + ": must be between " + min + " and " + max + ", got " + n);
            return dflt;
        }
        return (int) n;
    }

    private static Duration duration(Map<String, Object> map, String section, String key, Duration dflt,
            Duration min, Duration max, List<String> problems) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        Duration d = parseDuration(v);
        if (d == null) {
            problems.add(section + "." + key + ": must be a duration such as 500ms, 30s, 5m or 1h");
            return dflt;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problems.add(section + "." + key + ": must be between " + format(min) + " and " + format(max)
                    + ", got " + format(d));
            return dflt;
        }
        return d;
    }

    static @Nullable Duration parseDuration(Object v) {
        if (v instanceof Duration d) {
            return d;
        }
        if (!(v instanceof String s)) {
            return null;
        }
        Matcher m = DURATION.matcher(s.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || m.group(1).length() > 12) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static String typeName(Object v) {
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Number) {
            return "a number";
        }
        return "a string";
    }
}
