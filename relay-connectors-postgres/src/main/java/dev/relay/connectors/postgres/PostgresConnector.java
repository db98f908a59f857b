package dev.relay.connectors.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.relay.policy.ApprovedQuery;
import dev.relay.policy.Operation;
import dev.relay.policy.spi.Column;
import dev.relay.policy.spi.ConnectorException;
import dev.relay.policy.spi.ConnectorException.Kind;
import dev.relay.policy.spi.HealthReport;
import dev.relay.policy.spi.QueryContext;
import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.policy.spi.TableDescription;
import dev.relay.policy.spi.TableInfo;
import dev.relay.policy.spi.TruncatedBy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGResultSetMetaData;

/**
 * The PostgreSQL connector of one resource: a HikariCP pool of pgjdbc connections that only ever
 * run read-only transactions.
 *
 * <p>Read-only, twice: every session starts with {@code default_transaction_read_only=on}, and every
 * statement runs in a transaction pgjdbc opens as {@code BEGIN READ ONLY} (the pool hands out
 * connections with {@code autoCommit=false, readOnly=true}; the {@code BEGIN} travels in the same
 * round trip as the statement). The transaction is always rolled back, which also undoes any
 * {@code SET} or {@code set_config(..., false)} a statement could have made. When every row the
 * statement may return fits in one fetch ({@code maxRows <= fetchSize}) no cursor is needed and the
 * {@code ROLLBACK} is sent in the same round trip as the statement: one round trip per query, as
 * with autocommit, but the transaction (and what it guarantees) stays. A text holding {@code ;} outside literals and comments
 * is refused before it reaches pgjdbc, which would otherwise split it into several statements.
 *
 * <p>Timeouts: {@code statement_timeout}, {@code lock_timeout} and
 * {@code idle_in_transaction_session_timeout} are session settings sent at connect time; a request
 * with a budget shorter by more than a second (or a tenth of the session timeout) lowers {@code statement_timeout}
 * with {@code SET LOCAL} for its transaction (one more round trip), else its own deadline cancels the statement.
 *
 * <p>Larger results stream through a server-side cursor (a first fetch of {@code fetchSize} rows,
 * later fetches sized by bytes) and are read into the value model row by row, so a large result
 * is never held twice; reading stops at
 * {@code maxRows} (one more row proves the clamp) or when the estimated serialised size would pass
 * {@code maxResponseBytes}.
 */
final class PostgresConnector implements ResourceConnector {

    private static final Pattern EXPLAIN_PREFIX = Pattern.compile("(?is)^\\s*EXPLAIN\\b.*");
    private static final Pattern ANALYZE_OPTION = Pattern.compile("(?is)^\\s*EXPLAIN\\s*(\\([^)]*\\bANALY[SZ]E\\b|\\s+ANALY[SZ]E\\b).*");

    /** Appended to a statement that needs no cursor: ends its transaction in the same round trip. */
    private static final String PIPELINED_ROLLBACK = "\n;ROLLBACK";
    /** Estimated bytes a fetch after the first one aims at (see {@link #readRows}). */
    static final long FETCH_BYTES = 4L << 20;
    /** The most rows one fetch asks for. */
    static final int MAX_FETCH_ROWS = 100_000;

    /** The most a request's budget may sit below the session's statement timeout without a {@code SET LOCAL}. */
    private static final long SET_LOCAL_SLACK_MS = 1_000;

    private final PostgresSettings settings;
    private final HikariDataSource pool;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Re-sends cancels (see {@link #executeCancellable}); its one daemon thread starts on first use. */
    private final ScheduledThreadPoolExecutor cancelTimer;

    PostgresConnector(PostgresSettings settings) {
        this.settings = settings;
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("relay-pg-" + settings.resourceId());
        hc.setDriverClassName(org.postgresql.Driver.class.getName());
        hc.setJdbcUrl(settings.url());
        if (settings.username() != null) {
            hc.setUsername(settings.username());
        }
        if (settings.password() != null) {
            hc.setPassword(settings.password());
        }
        hc.setMaximumPoolSize(settings.poolMaxSize());
        hc.setMinimumIdle(settings.poolMinIdle());
        hc.setConnectionTimeout(settings.poolAcquireTimeout().toMillis());
        hc.setIdleTimeout(settings.poolIdleTimeout().toMillis());
        hc.setMaxLifetime(settings.poolMaxLifetime().toMillis());
        hc.setAutoCommit(false);
        hc.setReadOnly(true);
        // start without touching the network: connections are made on first use
        hc.setInitializationFailTimeout(-1);
        hc.setDataSourceProperties(driverProperties(settings, null));
        this.pool = new HikariDataSource(hc);
        String timerName = "relay-pg-cancel-" + settings.resourceId();
        this.cancelTimer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, timerName);
            t.setDaemon(true);
            return t;
        });
        this.cancelTimer.setRemoveOnCancelPolicy(true);
    }

    /** pgjdbc properties shared by the pool and the health probe; {@code connectTimeout} overridable. */
    private static Properties driverProperties(PostgresSettings s, @Nullable Duration connectTimeout) {
        Properties p = new Properties();
        p.setProperty("ApplicationName", s.applicationName());
        long connectSeconds = Math.max(1, ceilSeconds(connectTimeout == null ? s.connectTimeout() : connectTimeout));
        p.setProperty("connectTimeout", Long.toString(connectSeconds));
        p.setProperty("loginTimeout", Long.toString(connectSeconds));
        // a backstop for a peer that vanished without a reset: well past any statement timeout
        p.setProperty("socketTimeout", Long.toString(ceilSeconds(s.statementTimeout()) + 30));
        p.setProperty("tcpKeepAlive", "true");
        // strings bind as "unknown" so PostgreSQL infers their type from the query ($1 compared to a timestamp)
        p.setProperty("stringtype", "unspecified");
        p.setProperty("readOnlyMode", "transaction");
        p.setProperty("options", "-c default_transaction_read_only=on"
                + " -c statement_timeout=" + s.statementTimeout().toMillis()
                + " -c lock_timeout=" + s.lockTimeout().toMillis()
                + " -c idle_in_transaction_session_timeout=" + s.idleInTransactionTimeout().toMillis()
                + " -c IntervalStyle=iso_8601"
                // the policy's lexer reads '...' as PostgreSQL does with this on (backslash is an
                // ordinary character); pinned so a database or role default of off cannot move where a
                // literal ends (the lexer also refuses the texts whose reading would change)
                + " -c standard_conforming_strings=on");
        return p;
    }

    private static long ceilSeconds(Duration d) {
        return (d.toMillis() + 999) / 1000;
    }

    // ------------------------------------------------------------------------------------------ query

    @Override
    public QueryResult query(ApprovedQuery query, QueryContext context) {
        require(query, Operation.QUERY);
        return run(sqlOf(query), query.parameters(), query.maxRows(), context);
    }

    /**
     * Runs a statement exactly as {@link #query} does, without asking for an {@link ApprovedQuery}.
     * Package-private on purpose: tests use it to prove that PostgreSQL itself refuses a write that
     * got past the policy; production code never calls it.
     */
    QueryResult runUnchecked(String sql, List<@Nullable Object> parameters, int maxRows, QueryContext context) {
        return run(sql, parameters, maxRows, context);
    }

    private QueryResult run(String sql, List<@Nullable Object> parameters, int maxRows, QueryContext context) {
        Placeholders.Translation t = translate(sql, parameters);
        // Every row the statement may return (maxRows + the one that proves a clamp) fits in one
        // fetch: no cursor is needed, so the transaction's ROLLBACK travels with the statement and
        // the query costs one round trip (BEGIN READ ONLY, statement, ROLLBACK, one Sync).
        boolean oneRoundTrip = maxRows <= settings.fetchSize() && t.endsInCode();
        String text = oneRoundTrip ? t.jdbcSql() + PIPELINED_ROLLBACK : t.jdbcSql();
        return withTransaction(context, sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(text, ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                // the driver-level cap, a second guard behind the approved LIMIT
                ps.setMaxRows(maxRows + 1);
                // 0: the whole (capped) result in the statement's round trip; else a cursor whose
                // first fetch is fetchSize rows and later fetches are sized by bytes (readRows)
                int firstFetch = oneRoundTrip ? 0 : settings.fetchSize();
                ps.setFetchSize(firstFetch);
                bind(ps, t, parameters);
                return executeCancellable(ps, context, () -> {
                    if (!ps.execute()) {
                        throw new ConnectorException(Kind.QUERY_FAILED, "the statement returned no result set");
                    }
                    try (ResultSet rs = ps.getResultSet()) {
                        return readRows(rs, maxRows, firstFetch, context);
                    }
                });
            }
        });
    }

    private static Placeholders.Translation translate(String sql, List<@Nullable Object> parameters) {
        Placeholders.Translation t = Placeholders.translate(sql);
        if (t.hasStatementSeparator()) {
            throw new ConnectorException(Kind.QUERY_FAILED,
                    "the statement contains ';' outside literals and comments: exactly one statement may run");
        }
        if (t.highestParameter() > parameters.size()) {
            throw new ConnectorException(Kind.QUERY_FAILED, "parameter $" + t.highestParameter() + " has no value ("
                    + parameters.size() + " given)");
        }
        return t;
    }

    /**
     * Reads the result into the value model. With a cursor ({@code firstFetch > 0}) every later fetch
     * is sized from the rows read so far: about {@link #FETCH_BYTES} of estimated size, never more
     * than the byte budget has left (plus one row), so a result of narrow rows takes few round trips
     * and one of wide rows never buffers much more than it can return. The byte budget is kept by a
     * {@link RowBudget}, which measures strings character by character only near the budget.
     */
    private QueryResult.Rows readRows(ResultSet rs, int maxRows, int firstFetch, QueryContext context)
            throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        PgValues.Reader[] readers = PgValues.readers(md);
        List<Column> columns = new ArrayList<>(n);
        PGResultSetMetaData pgmd = md.isWrapperFor(PGResultSetMetaData.class) ? md.unwrap(PGResultSetMetaData.class) : null;
        long bytes = 64;
        for (int i = 1; i <= n; i++) {
            String table = pgmd == null ? "" : pgmd.getBaseTableName(i);
            String source = pgmd == null ? "" : pgmd.getBaseColumnName(i);
            Column col = new Column(md.getColumnLabel(i), PgValues.displayType(md.getColumnTypeName(i)),
                    table == null || table.isEmpty() ? null : table, source == null || source.isEmpty() ? null : source);
            columns.add(col);
            bytes += col.name().length() + col.type().length() + 32L;
        }
        long fetchedUpTo = firstFetch;
        List<List<@Nullable Object>> rows = new ArrayList<>();
        RowBudget budget = new RowBudget(bytes, context.maxResponseBytes(), rows);
        TruncatedBy truncatedBy = null;
        while (rs.next()) {
            if (rows.size() == maxRows) {
                truncatedBy = TruncatedBy.ROWS;
                break;
            }
            if ((rows.size() & 0xff) == 0xff && context.isCancelled()) {
                throw new ConnectorException(Kind.QUERY_TIMEOUT, "request cancelled while reading the result");
            }
            Object[] row = new Object[n];
            for (int i = 0; i < n; i++) {
                Object v;
                try {
                    v = PgValues.read(rs, i + 1, readers[i]);
                } catch (IllegalArgumentException e) {
                    throw new ConnectorException(Kind.QUERY_FAILED, "column " + (i + 1) + " ("
                            + columns.get(i).type() + ") could not be read: " + e.getMessage());
                }
                row[i] = v;
            }
            if (!budget.admit(row)) {
                truncatedBy = TruncatedBy.BYTES;
                break;
            }
            rows.add(Collections.unmodifiableList(Arrays.asList(row)));
            if (rows.size() == fetchedUpTo) { // the next row comes with the next fetch: size it
                int next = nextFetchSize(rows.size(), budget.rowBytes(), budget.budgetLeft());
                rs.setFetchSize(next);
                fetchedUpTo += next;
            }
        }
        return new QueryResult.Rows(List.copyOf(columns), Collections.unmodifiableList(rows), truncatedBy != null,
                truncatedBy);
    }

    /** Rows for the next fetch: ~{@link #FETCH_BYTES} (or what the budget has left) over the mean row size so far. */
    static int nextFetchSize(int rowsRead, long rowBytesRead, long budgetLeft) {
        long meanRow = Math.max(1, rowBytesRead / Math.max(1, rowsRead));
        long rows = Math.min(FETCH_BYTES, Math.max(0, budgetLeft)) / meanRow + 1;
        return (int) Math.max(1, Math.min(MAX_FETCH_ROWS, rows));
    }

    private static void bind(PreparedStatement ps, Placeholders.Translation t, List<@Nullable Object> parameters)
            throws SQLException {
        int[] indexes = t.parameterIndexes();
        for (int k = 0; k < indexes.length; k++) {
            int index = indexes[k];
            if (index < 1) {
                throw new ConnectorException(Kind.QUERY_FAILED, "parameter $" + index + " does not exist (they start at $1)");
            }
            bindOne(ps, k + 1, parameters.get(index - 1));
        }
    }

    private static void bindOne(PreparedStatement ps, int pos, @Nullable Object v) throws SQLException {
        if (v == null) {
            ps.setNull(pos, Types.OTHER);
        } else if (v instanceof Integer i) {
            ps.setInt(pos, i);
        } else if (v instanceof Long l) {
            ps.setLong(pos, l);
        } else if (v instanceof Short s) {
            ps.setShort(pos, s);
        } else if (v instanceof Double d) {
            ps.setDouble(pos, d);
        } else if (v instanceof Float f) {
            ps.setDouble(pos, f);
        } else if (v instanceof BigDecimal bd) {
            ps.setBigDecimal(pos, bd);
        } else if (v instanceof BigInteger bi) {
            ps.setBigDecimal(pos, new BigDecimal(bi));
        } else if (v instanceof Boolean b) {
            ps.setBoolean(pos, b);
        } else if (v instanceof Map<?, ?>) {
            ps.setString(pos, Json.write(v));
        } else if (v instanceof List<?> list) {
            ps.setString(pos, arrayLiteral(list));
        } else {
            ps.setString(pos, v.toString());
        }
    }

    /** A PostgreSQL array literal ({@code {"a","b",NULL}}) sent as one bound parameter of unknown type. */
    static String arrayLiteral(List<?> list) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object e = list.get(i);
            if (e == null) {
                sb.append("NULL");
            } else if (e instanceof List<?> inner) {
                sb.append(arrayLiteral(inner));
            } else {
                String text = e instanceof Map<?, ?> ? Json.write(e) : e.toString();
                sb.append('"');
                for (int k = 0; k < text.length(); k++) {
                    char c = text.charAt(k);
                    if (c == '"' || c == '\\') {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
                sb.append('"');
            }
        }
        return sb.append('}').toString();
    }

    // ------------------------------------------------------------------------------------------ explain

    @Override
    public Object explain(ApprovedQuery query, QueryContext context) {
        require(query, Operation.EXPLAIN);
        String sql = sqlOf(query);
        if (ANALYZE_OPTION.matcher(sql).matches()) {
            throw new ConnectorException(Kind.QUERY_FAILED, "EXPLAIN ANALYZE executes the statement and is never run");
        }
        String statement = EXPLAIN_PREFIX.matcher(sql).matches() ? sql : "EXPLAIN (FORMAT JSON) " + sql;
        Placeholders.Translation t = translate(statement, query.parameters());
        return withTransaction(context, statement, c -> {
            try (PreparedStatement ps = c.prepareStatement(t.jdbcSql())) {
                bind(ps, t, query.parameters());
                return executeCancellable(ps, context, () -> {
                    StringBuilder text = new StringBuilder();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (text.length() > 0) {
                                text.append('\n');
                            }
                            text.append(rs.getString(1));
                        }
                    }
                    String plan = text.toString().trim();
                    if (plan.startsWith("[") || plan.startsWith("{")) {
                        Object parsed = Json.parse(plan);
                        return parsed == null ? List.of() : parsed;
                    }
                    return plan;
                });
            }
        });
    }

    // ------------------------------------------------------------------------------------------ metadata

    @Override
    public List<TableInfo> listTables(ApprovedQuery request, QueryContext context) {
        require(request, Operation.LIST_TABLES);
        return withTransaction(context, c -> List.copyOf(Catalog.listTables(c, request::permitsTable)));
    }

    @Override
    public TableDescription describeTable(ApprovedQuery request, QueryContext context) {
        require(request, Operation.DESCRIBE_TABLE);
        String table = request.table();
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("describe_table needs ApprovedQuery.table()");
        }
        TableDescription d = withTransaction(context, c -> Catalog.describe(c, table, request::permitsTable));
        if (d == null) {
            String shown = table.matches("[A-Za-z0-9_.\"$ -]{1,128}") ? table : "(invalid name)";
            throw new ConnectorException(Kind.QUERY_FAILED, "SQLSTATE 42P01 (undefined_table): relation \"" + shown
                    + "\" does not exist or is not visible");
        }
        return d;
    }

    @Override
    public String schemaFingerprint(QueryContext context) {
        return withTransaction(context, Catalog::fingerprint);
    }

    // ------------------------------------------------------------------------------------------ health

    @Override
    public HealthReport health(Duration timeout) {
        long start = System.nanoTime();
        Properties props = driverProperties(settings, timeout);
        if (settings.username() != null) {
            props.setProperty("user", settings.username());
        }
        if (settings.password() != null) {
            props.setProperty("password", settings.password());
        }
        props.setProperty("socketTimeout", Long.toString(Math.max(1, ceilSeconds(timeout))));
        try (Connection c = new org.postgresql.Driver().connect(settings.url(), props)) {
            if (c == null) {
                return new HealthReport(false, false, elapsedMs(start), "connection.url is not a PostgreSQL URL");
            }
            try (Statement st = c.createStatement()) {
                st.execute("SELECT 1");
            }
            return new HealthReport(true, true, elapsedMs(start), null);
        } catch (SQLException e) {
            String state = e.getSQLState();
            String why = PgErrors.describe(e);
            if (PgErrors.isAuthFailure(state)) {
                return new HealthReport(true, false, elapsedMs(start), "authentication failed: " + why);
            }
            if (PgErrors.isConnectFailure(state)) {
                return new HealthReport(false, false, elapsedMs(start), "cannot connect: " + why);
            }
            return new HealthReport(true, true, elapsedMs(start), "connected, but the check failed: " + why);
        } catch (RuntimeException e) {
            return new HealthReport(false, false, elapsedMs(start), "cannot connect: " + e.getClass().getSimpleName());
        }
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    // ------------------------------------------------------------------------------------------ plumbing

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            cancelTimer.shutdownNow();
            pool.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresConnector[resourceId=" + settings.resourceId() + ", poolMaxSize=" + settings.poolMaxSize() + "]";
    }

    private static void require(ApprovedQuery q, Operation op) {
        if (q.operation() != op) {
            throw new IllegalArgumentException("expected an approved " + op + " request, got " + q.operation());
        }
    }

    private static String sqlOf(ApprovedQuery q) {
        String sql = q.sql();
        if (q.kind() != ApprovedQuery.Kind.SQL || sql == null) {
            throw new IllegalArgumentException("the PostgreSQL connector runs SQL requests only, got " + q.kind());
        }
        return sql;
    }

    @FunctionalInterface
    private interface SqlWork<R> {
        R run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface SqlCall<R> {
        R call() throws SQLException;
    }

    /**
     * Runs {@code call} with {@code ps} cancellable through the request's context while it executes.
     *
     * <p>PostgreSQL ignores a cancel that reaches a backend still waiting for its next command, so a
     * single cancel can be lost twice over: before {@code execute} starts (the context was
     * cancelled while the request waited for a connection or set up its transaction), and in the
     * instant between pgjdbc sending the statement and the server starting it. pgjdbc's
     * {@link Statement#cancel()} cannot cover either: it does nothing unless the statement is
     * executing, and after one cancel it does nothing again until the statement ends, even when
     * that cancel was ignored. Hence the cancel action only sets a flag and sends a cancel for the
     * connection's backend ({@link PGConnection#cancelQuery()}): the flag is checked here right
     * before the statement runs (first window), and while the statement has not finished the
     * cancel is sent again every {@link #RECANCEL_INTERVAL_MS} ms from the connector's cancel
     * timer (second window). A cancel is only ever sent while this statement has not finished
     * ({@link StatementCanceller#finished()} waits for one being sent), so none reaches a later
     * statement on the pooled connection: one that lands after the statement ends finds the
     * backend idle (ignored) or in this transaction's {@code ROLLBACK}, whose failure leaves as the
     * request's timeout.
     */
    private <R> R executeCancellable(Statement ps, QueryContext context, SqlCall<R> call) throws SQLException {
        StatementCanceller canceller = new StatementCanceller(ps.getConnection().unwrap(PGConnection.class));
        context.onCancel(canceller::cancel);
        try {
            if (canceller.requested()) {
                throw new ConnectorException(Kind.QUERY_TIMEOUT, "request cancelled before it ran");
            }
            return call.call();
        } finally {
            canceller.finished();
        }
    }

    /** Re-sent every this many ms while a cancelled statement has not returned. */
    static final long RECANCEL_INTERVAL_MS = 50;

    /** The cancel side of one statement; see {@link #executeCancellable}. */
    private final class StatementCanceller {
        private final PGConnection connection;
        private volatile boolean requested;
        /** Guarded by this: no cancel is sent once it is set. */
        private boolean finished;

        StatementCanceller(PGConnection connection) {
            this.connection = connection;
        }

        /**
         * The context's cancel action: sets the flag and leaves the sending (a connection to the
         * server) to the cancel timer, so the caller (a deadline timer, the event loop) never waits.
         */
        void cancel() {
            requested = true;
            schedule(0);
        }

        boolean requested() {
            return requested;
        }

        /** The statement returned: no cancel is sent from now on (waits for one being sent). */
        synchronized void finished() {
            finished = true;
        }

        private void attempt() {
            synchronized (this) {
                if (finished) {
                    return;
                }
                try {
                    connection.cancelQuery();
                } catch (SQLException | RuntimeException ignored) {
                    // the connection is gone (its pool closes it, which ends the query) or the
                    // server could not be reached right now: the next attempt tries again
                }
            }
            schedule(RECANCEL_INTERVAL_MS);
        }

        private void schedule(long delayMs) {
            try {
                cancelTimer.schedule(this::attempt, delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // the connector is closing: its pool closes the connection, which ends the query
            }
        }
    }

    /**
     * Borrows a connection, runs {@code work} in one read-only transaction with the request's statement
     * timeout, rolls the transaction back and returns the connection. Every failure leaves as a
     * {@link ConnectorException} with a safe message.
     */
    private <R> R withTransaction(QueryContext context, SqlWork<R> work) {
        return withTransaction(context, null, work);
    }

    /**
     * {@code sql}: the statement the request wrote, when there is one; an error message may then
     * only name objects that this text names (see {@link PgErrors#sanitize(String, String)}).
     */
    private <R> R withTransaction(QueryContext context, @Nullable String sql, SqlWork<R> work) {
        if (closed.get()) {
            throw new ConnectorException(Kind.RESOURCE_UNAVAILABLE, "the connector of resource "
                    + settings.resourceId() + " is closed");
        }
        if (context.isCancelled()) {
            throw new ConnectorException(Kind.QUERY_TIMEOUT, "request cancelled before it ran");
        }
        Connection c;
        try {
            c = pool.getConnection();
        } catch (SQLException e) {
            throw PgErrors.map(e);
        }
        try {
            if (c.getAutoCommit()) {
                c.setAutoCommit(false);
            }
            if (!c.isReadOnly()) {
                c.setReadOnly(true);
            }
            long sessionMs = settings.statementTimeout().toMillis();
            long timeoutMs = Math.min(context.timeout().toMillis(), sessionMs);
            // A budget a hair below the session's timeout (the runtime passes the time left of a
            // request whose timeout equals the statement timeout) is not worth a round trip: the
            // request's own deadline cancels the statement; the session timeout stays the backstop.
            if (sessionMs - timeoutMs > Math.min(SET_LOCAL_SLACK_MS, sessionMs / 10)) {
                try (Statement st = c.createStatement()) {
                    st.execute("SET LOCAL statement_timeout = " + Math.max(1, timeoutMs));
                }
            }
            R result = work.run(c);
            c.rollback();
            return result;
        } catch (SQLException e) {
            rollbackQuietly(c);
            if (context.isCancelled() && "57014".equals(e.getSQLState())) {
                throw new ConnectorException(Kind.QUERY_TIMEOUT,
                        "SQLSTATE 57014 (query_canceled): request cancelled or its deadline passed", e);
            }
            throw PgErrors.map(e, sql);
        } catch (RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        } finally {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the pool evicts a broken connection by itself
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // a dead connection has nothing to roll back
        }
    }
}
