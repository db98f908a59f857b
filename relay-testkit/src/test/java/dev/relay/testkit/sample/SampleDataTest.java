package dev.relay.testkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.relay.testkit.db.MongoFixture;
import dev.relay.testkit.db.PostgresFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class SampleDataTest {

  private final SampleData data = SampleData.generate();

  @Test
  void is_deterministic_for_a_seed() {
    SampleData again = SampleData.generate();
    assertThat(again.customers()).isEqualTo(data.customers());
    assertThat(again.tickets()).isEqualTo(data.tickets());
    assertThat(again.events()).isEqualTo(data.events());
    assertThat(again.customerDocuments()).isEqualTo(data.customerDocuments());
    assertThat(SampleData.generate(7).customers()).isNotEqualTo(data.customers());
  }

  @Test
  void personal_data_is_valid_looking() {
    assertThat(data.customers()).allSatisfy(c -> {
      assertThat(FakePii.isValidCpf(c.cpf())).as("cpf of customer %d", c.id()).isTrue();
      assertThat(c.email()).matches("[a-z0-9._+]+@[a-z0-9.\\-]+\\.[a-z]+");
    });
    assertThat(data.payments()).filteredOn(p -> p.cardNumber() != null).isNotEmpty()
        .allSatisfy(p -> assertThat(FakePii.isLuhnValid(p.cardNumber())).isTrue());
    assertThat(data.payments()).allSatisfy(p -> assertThat(FakePii.isValidCnpj(p.merchantCnpj())).isTrue());
    assertThat(data.tickets()).anySatisfy(t -> assertThat(t.body()).contains("Bearer "));
    assertThat(data.tickets()).anySatisfy(t -> assertThat(t.body()).contains("eyJ"));
    assertThat(data.customers()).anySatisfy(c -> assertThat(c.phone()).startsWith("+55"));
    assertThat(data.customers()).anySatisfy(c -> assertThat(c.phone()).doesNotStartWith("+55").startsWith("+"));
  }

  @Test
  void generators_pass_their_own_checks_and_known_values() {
    FakePii pii = new FakePii(new Random(1));
    for (int i = 0; i < 500; i++) {
      assertThat(FakePii.isValidCpf(pii.cpf())).isTrue();
      assertThat(FakePii.isValidCnpj(pii.cnpj())).isTrue();
      assertThat(FakePii.isLuhnValid(pii.cardNumber())).isTrue();
    }
    assertThat(FakePii.isValidCpf("529.982.247-25")).isTrue();
    assertThat(FakePii.isValidCpf("529.982.247-26")).isFalse();
    assertThat(FakePii.isValidCpf("111.111.111-11")).isFalse();
    assertThat(FakePii.isValidCnpj("11.222.333/0001-81")).isTrue();
    assertThat(FakePii.isValidCnpj("11.222.333/0001-82")).isFalse();
    assertThat(FakePii.isLuhnValid("4111 1111 1111 1111")).isTrue();
    assertThat(FakePii.isLuhnValid("4111 1111 1111 1112")).isFalse();
    assertThat(pii.jwt("u1")).startsWith("eyJ").matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
  }

  @Test
  void records_do_not_print_their_personal_data() {
    SampleData.Customer c = data.customers().get(0);
    assertThat(c.toString()).doesNotContain(c.email()).doesNotContain(c.cpf());
  }

  @Test
  void loads_into_postgresql() throws Exception {
    PostgresFixture pg = PostgresFixture.shared();
    String db = pg.createDatabase("sample");
    data.loadPostgres(pg.jdbcUrl(db), pg.user(), pg.password());
    data.loadPostgres(pg.superuserDataSource(db)); // idempotent: replaces the tables
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db), pg.user(), pg.password());
        Statement st = c.createStatement()) {
      for (var e : data.postgresRowCounts().entrySet()) {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + e.getKey())) {
          rs.next();
          assertThat(rs.getInt(1)).as(e.getKey()).isEqualTo(e.getValue());
        }
      }
      try (ResultSet rs = st.executeQuery(
          "SELECT payload->'actor'->>'email' FROM events WHERE payload ? 'actor' LIMIT 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).contains("@");
      }
    }
  }

  @Test
  void loads_into_mongodb() {
    try (MongoFixture mongo = MongoFixture.create(MongoFixture.Backend.IN_MEMORY)) {
      data.loadMongo(mongo.connectionString(), "sample");
      try (MongoClient client = MongoClients.create(mongo.connectionString())) {
        MongoDatabase db = client.getDatabase("sample");
        assertThat(db.getCollection("customers").countDocuments()).isEqualTo(data.customers().size());
        assertThat(db.getCollection("tickets").countDocuments()).isEqualTo(data.tickets().size());
        assertThat(db.getCollection("events").countDocuments()).isEqualTo(data.events().size());
        Document first = db.getCollection("customers").find(new Document("_id", "cus_0001")).first();
        assertThat(first.get("contact", Document.class).getString("email"))
            .isEqualTo(data.customers().get(0).email());
        assertThat(first.get("contact", Document.class).getList("phones", Document.class)).isNotEmpty();
      }
    }
  }
}
