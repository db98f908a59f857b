package dev.relay.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.testkit.db.PostgresFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresFixtureTest {

    @Test
    void sharedServerAcceptsTheLoginAndRefusesAWrongPassword() throws SQLException {
        PostgresFixture pg = PostgresFixture.shared();
        assertThat(PostgresFixture.shared()).isSameAs(pg);
        String db = pg.createDatabase("fixture test");
        pg.executeIn(db, "CREATE TABLE t (id int)", "INSERT INTO t VALUES (1), (2)");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db), pg.user(), pg.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
        if (pg.mode() != PostgresFixture.Mode.EXTERNAL) {
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(db), pg.user(), "wrong").close())
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        }
        assertThat(pg.canStop()).isFalse();
        assertThatThrownBy(pg::stop).isInstanceOf(IllegalStateException.class).hasMessageContaining("startPrivate");
    }

    @Test
    void privateServerStopsAndComesBackOnTheSamePortWithTheSameData() throws SQLException {
        try (PostgresFixture pg = PostgresFixture.startPrivate()) {
            pg.execute("CREATE TABLE kept (v text)", "INSERT INTO kept VALUES ('still here')");
            int port = pg.port();
            pg.stop();
            assertThat(pg.isRunning()).isFalse();
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password()).close())
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).startsWith("08"));
            pg.start();
            assertThat(pg.port()).isEqualTo(port);
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT v FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("still here");
            }
        }
    }
}
