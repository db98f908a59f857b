package dev.relay.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.testkit.db.PostgresFixture;
import dev.relay.testkit.sample.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The least-privilege PostgreSQL role of docs/security-model.md, run as written against the sample
 * schema (which has the same tables): the role reads what it was granted and nothing else.
 */
class SecurityModelDocTest {

  static String sqlBlockAfter(String markdown, String heading) {
    int at = markdown.indexOf(heading);
    assertThat(at).as("heading %s", heading).isNotNegative();
    int start = markdown.indexOf("```sql\n", at) + "```sql\n".length();
    int end = markdown.indexOf("```", start);
    return markdown.substring(start, end);
  }

  @Test
  void the_documented_role_reads_only_what_it_was_granted() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "security-model.md"));
    String sql = sqlBlockAfter(doc, "## A least-privilege PostgreSQL role");

    PostgresFixture pg = PostgresFixture.shared();
    String db = pg.createDatabase("secmodel");
    SampleData.generate(3, new SampleData.Size(10, 10, 2, 5)).loadPostgres(pg.superuserDataSource(db));
    String role = "relay_ro_" + Long.toHexString(System.nanoTime() & 0xffffffL);
    String password = "doc-test-" + Long.toHexString(System.nanoTime());
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n")) {
      String l = line.strip();
      if (l.startsWith("--") || l.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (l.endsWith(";")) {
        statements.add(current.toString().strip().replaceAll(";$", "")
            .replace("relay_ro", role)
            .replace("DATABASE app", "DATABASE " + db)
            .replace("'use-a-generated-secret'", "'" + password + "'"));
        current.setLength(0);
      }
    }
    assertThat(statements).hasSizeGreaterThan(10);
    pg.executeIn(db, statements.toArray(String[]::new));

    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db), role, password);
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT id, city, plan FROM customers ORDER BY id LIMIT 1")) {
        assertThat(rs.next()).isTrue();
      }
      try (ResultSet rs = st.executeQuery("SELECT email_key FROM customers_for_agents LIMIT 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).matches("[0-9a-f]{32}");
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
        assertThat(rs.next()).isTrue();
      }
      assertThat(sqlState(st, "SELECT email FROM customers")).isEqualTo("42501");
      assertThat(sqlState(st, "SELECT * FROM customers")).isEqualTo("42501");
      assertThat(sqlState(st, "SELECT card_number FROM payments")).isEqualTo("42501");
      assertThat(sqlState(st, "SELECT * FROM support_tickets")).isEqualTo("42501");
      assertThat(sqlState(st, "SELECT * FROM internal_api_keys")).isEqualTo("42501");
      assertThat(sqlState(st, "SELECT pg_read_file('/etc/passwd')")).isEqualTo("42501");
      // default_transaction_read_only: even a granted table cannot be written
      assertThat(sqlState(st, "INSERT INTO orders SELECT * FROM orders LIMIT 0")).isIn("25006", "42501");
      assertThat(sqlState(st, "CREATE TABLE x (id int)")).isIn("25006", "42501");
      try (ResultSet rs = st.executeQuery("SHOW statement_timeout")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("30s");
      }
    }
  }

  private static String sqlState(Statement st, String sql) {
    try {
      st.execute(sql);
      throw new AssertionError("expected a failure for: " + sql);
    } catch (SQLException e) {
      return e.getSQLState();
    }
  }

  @Test
  void the_security_model_covers_the_threats_issue_10_names() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "security-model.md"));
    assertThat(doc).contains("### Inference through predicates on masked columns")
        .contains("### Prompt injection carried in returned rows")
        .contains("### A compromised control plane")
        .contains("### Side channels: timing, row counts, errors, plans")
        .contains("## A least-privilege PostgreSQL role")
        .contains("## A least-privilege MongoDB user")
        .contains("db.createUser(");
    assertThatThrownBy(() -> sqlBlockAfter(doc, "## No such heading")).isInstanceOf(AssertionError.class);
  }
}
