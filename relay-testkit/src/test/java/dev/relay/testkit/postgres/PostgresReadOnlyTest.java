package dev.relay.testkit.postgres;

import static dev.relay.testkit.postgres.PgSupport.ctx;
import static dev.relay.testkit.postgres.PgSupport.run;
import static dev.relay.testkit.postgres.PgSupport.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.connectors.postgres.ConnectorBackdoor;
import dev.relay.policy.spi.ConnectorException;
import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.testkit.db.PostgresFixture;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Writes that got past the policy (sent straight to the connector) are refused by PostgreSQL itself. */
class PostgresReadOnlyTest {

    private static final PostgresFixture PG = PostgresFixture.shared();
    private static String db;
    private static ResourceConnector connector;

    @BeforeAll
    static void setUp() {
        db = PG.createDatabase("readonly");
        PG.executeIn(db, "CREATE TABLE accounts (id int PRIMARY KEY, balance int)", "INSERT INTO accounts VALUES (1, 100)");
        connector = PgSupport.connector(PG, db);
    }

    @AfterAll
    static void tearDown() {
        connector.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO accounts VALUES (2, 0)",
        "UPDATE accounts SET balance = 0",
        "DELETE FROM accounts",
        "CREATE TABLE evil (x int)",
        "DROP TABLE accounts",
        "TRUNCATE accounts",
        "WITH gone AS (DELETE FROM accounts RETURNING *) SELECT * FROM gone",
        "SELECT nextval('accounts_seq_does_not_matter'::regclass)",
        "SELECT * FROM accounts FOR UPDATE",
    })
    void postgresRefusesWritesWithReadOnlySqlTransaction(String write) {
        assertThatThrownBy(() -> run(connector, write))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.QUERY_FAILED);
                    if (!write.startsWith("SELECT nextval")) {
                        assertThat(e.getMessage()).startsWith("SQLSTATE 25006 (read_only_sql_transaction)");
                    }
                });
        assertThat(single(connector, "SELECT balance FROM accounts WHERE id = 1")).isEqualTo(100);
        assertThat(single(connector, "SELECT count(*) FROM accounts")).isEqualTo(1L);
    }

    /** The same writes through the cursor path (a row cap above fetchSize: BEGIN + statement, then ROLLBACK). */
    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO accounts VALUES (2, 0)",
        "WITH gone AS (DELETE FROM accounts RETURNING *) SELECT * FROM gone",
        "SELECT * FROM accounts FOR UPDATE",
    })
    void postgresRefusesWritesOnTheCursorPathToo(String write) {
        assertThatThrownBy(() -> ConnectorBackdoor.runUnchecked(connector, write, List.of(), 50_000, ctx()))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).startsWith("SQLSTATE 25006 (read_only_sql_transaction)"));
        assertThat(single(connector, "SELECT count(*) FROM accounts")).isEqualTo(1L);
    }

    /**
     * A session-level {@code set_config(..., false)} inside a statement (the policy blocks it; this is
     * the second guard) is undone by the statement's ROLLBACK, on the one-round-trip path (row cap
     * within fetchSize) and the cursor path alike: the next statement on the same pooled connection
     * is read-only again and has the resource's statement timeout.
     */
    @ParameterizedTest
    @ValueSource(ints = {10, 50_000})
    void setConfigInAStatementDoesNotOutliveIt(int maxRows) {
        ResourceConnector one = PgSupport.connector(PgSupport.config(PG, db, java.util.Map.of("maxSize", 1),
                dev.relay.policy.spi.ConnectorConfig.DEFAULT_STATEMENT_TIMEOUT));
        try {
            QueryResult.Rows changed = (QueryResult.Rows) ConnectorBackdoor.runUnchecked(one,
                    "SELECT set_config('default_transaction_read_only', 'off', false),"
                            + " set_config('statement_timeout', '1ms', false), current_setting('transaction_read_only')",
                    List.of(), maxRows, ctx());
            assertThat(changed.rows().get(0)).containsExactly("off", "1ms", "on");
            assertThat(single(one, "SELECT current_setting('default_transaction_read_only')")).isEqualTo("on");
            assertThat(single(one, "SELECT current_setting('statement_timeout')")).isEqualTo("30s");
            assertThatThrownBy(() -> ConnectorBackdoor.runUnchecked(one, "INSERT INTO accounts VALUES (5, 0)", List.of(),
                    maxRows, ctx())).hasMessageStartingWith("SQLSTATE 25006");
        } finally {
            one.close();
        }
        assertThat(single(connector, "SELECT count(*) FROM accounts")).isEqualTo(1L);
    }

    @Test
    void aTextEndingInsideACommentOrLiteralStillEndsItsTransaction() {
        // the pipelined ROLLBACK is not appended where it would land inside the comment; PostgreSQL
        // refuses the text, the transaction is rolled back in a second round trip, the pool goes on
        assertThatThrownBy(() -> run(connector, "SELECT balance FROM accounts WHERE id = 1 /* unclosed"))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.QUERY_FAILED));
        for (int i = 0; i < 10; i++) {
            assertThat(single(connector, "SELECT balance FROM accounts WHERE id = 1")).isEqualTo(100);
        }
    }

    @Test
    void standardConformingStringsIsOnWhateverTheDatabaseDefaultSays() {
        String legacy = PG.createDatabase("legacy_strings");
        PG.execute("ALTER DATABASE " + legacy + " SET standard_conforming_strings = off");
        ResourceConnector onLegacy = PgSupport.connector(PG, legacy);
        try {
            assertThat(single(onLegacy, "SELECT current_setting('standard_conforming_strings')")).isEqualTo("on");
            // a backslash is an ordinary character, as the policy's lexer reads it
            assertThat(single(onLegacy, "SELECT 'a\\' AS s")).isEqualTo("a\\");
        } finally {
            onLegacy.close();
        }
    }

    @Test
    void switchingTheTransactionToReadWriteIsRefusedBeforeItReachesTheDriver() {
        assertThatThrownBy(() -> run(connector, "SET TRANSACTION READ WRITE; INSERT INTO accounts VALUES (3, 0)"))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("exactly one statement"));
        assertThat(single(connector, "SELECT count(*) FROM accounts")).isEqualTo(1L);
    }

    @Test
    void changingTheSessionDefaultDoesNotOutliveTheRolledBackTransaction() {
        // each of these succeeds or fails on its own, but the next statement is still read-only
        for (String s : List.of("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
                "SET default_transaction_read_only = off", "SET TRANSACTION READ WRITE")) {
            try {
                ConnectorBackdoor.runUnchecked(connector, s, List.of(), 10, ctx());
            } catch (ConnectorException ignored) {
                // refused is fine too
            }
            assertThatThrownBy(() -> run(connector, "INSERT INTO accounts VALUES (4, 0)"))
                    .hasMessageStartingWith("SQLSTATE 25006");
        }
        assertThat(single(connector, "SELECT count(*) FROM accounts")).isEqualTo(1L);
    }
}
