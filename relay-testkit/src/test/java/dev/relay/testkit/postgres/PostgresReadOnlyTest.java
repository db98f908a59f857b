package dev.relay.testkit.postgres;

import static dev.relay.testkit.postgres.PgSupport.ctx;
import static dev.relay.testkit.postgres.PgSupport.run;
import static dev.relay.testkit.postgres.PgSupport.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.connectors.postgres.ConnectorBackdoor;
import dev.relay.policy.spi.ConnectorException;
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
