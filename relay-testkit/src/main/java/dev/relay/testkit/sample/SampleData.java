package dev.relay.testkit.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * One realistic data set of an online shop's support database, full of valid-looking personal
 * data: customers (names, e-mails, CPFs, phones), orders, payments (card numbers, PIX keys,
 * merchant CNPJs), support tickets whose free-text notes carry PII and pasted tokens, and events
 * with nested JSON. The same people appear in a PostgreSQL schema and in MongoDB documents.
 * Start here: {@link #generate()}.
 *
 * <p>Deterministic: the same seed gives the same data, byte for byte (no clock, no shared random).
 * Immutable once generated; the load methods can be called for any number of databases.
 *
 * <p>PostgreSQL tables ({@link #POSTGRES_SCHEMA}): {@code customers}, {@code orders},
 * {@code payments}, {@code support_tickets}, {@code events} (jsonb payloads), and
 * {@code internal_api_keys} (a table a policy should deny). MongoDB collections: {@code customers}
 * (nested contact, arrays of phones and addresses), {@code tickets} (message threads),
 * {@code events}.
 */
public final class SampleData {

  /** The seed of {@link #generate()}. */
  public static final long DEFAULT_SEED = 20_261_121L;

  /** Every timestamp lies in the year before this instant. */
  public static final Instant REFERENCE_TIME = Instant.parse("2026-06-01T12:00:00Z");

  /** The DDL {@link #loadPostgres} runs (tables are dropped first if they exist). */
  public static final String POSTGRES_SCHEMA = """
      CREATE TABLE customers (
        id               bigint PRIMARY KEY,
        full_name        text NOT NULL,
        email            text NOT NULL,
        cpf              text NOT NULL,
        cpf_digits       bigint NOT NULL,
        phone            text,
        city             text,
        country          char(2) NOT NULL,
        birth_date       date,
        plan             text NOT NULL,
        lifetime_value   numeric(12,2) NOT NULL,
        marketing_opt_in boolean NOT NULL,
        created_at       timestamptz NOT NULL
      );
      CREATE TABLE orders (
        id          bigint PRIMARY KEY,
        customer_id bigint NOT NULL REFERENCES customers(id),
        status      text NOT NULL,
        total       numeric(12,2) NOT NULL,
        currency    char(3) NOT NULL,
        items       jsonb NOT NULL,
        shipping    jsonb NOT NULL,
        created_at  timestamptz NOT NULL
      );
      CREATE TABLE payments (
        id               bigint PRIMARY KEY,
        order_id         bigint NOT NULL REFERENCES orders(id),
        method           text NOT NULL,
        card_number      text,
        card_holder      text,
        pix_key          text,
        amount           numeric(12,2) NOT NULL,
        status           text NOT NULL,
        merchant_cnpj    text NOT NULL,
        gateway_response jsonb NOT NULL,
        created_at       timestamptz NOT NULL
      );
      CREATE TABLE support_tickets (
        id          bigint PRIMARY KEY,
        customer_id bigint NOT NULL REFERENCES customers(id),
        subject     text NOT NULL,
        body        text NOT NULL,
        agent_notes text,
        priority    text NOT NULL,
        status      text NOT NULL,
        created_at  timestamptz NOT NULL
      );
      CREATE TABLE events (
        id          bigint PRIMARY KEY,
        customer_id bigint REFERENCES customers(id),
        type        text NOT NULL,
        payload     jsonb NOT NULL,
        occurred_at timestamptz NOT NULL
      );
      CREATE TABLE internal_api_keys (
        id         bigint PRIMARY KEY,
        service    text NOT NULL,
        api_key    text NOT NULL,
        created_at timestamptz NOT NULL
      );
      """;

  private static final List<String> TABLES =
      List.of("customers", "orders", "payments", "support_tickets", "events", "internal_api_keys");
  private static final List<String> CITIES = List.of(
      "São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba", "Porto Alegre", "Recife",
      "Salvador", "Fortaleza", "Florianópolis", "Campinas", "Lisboa", "Porto", "Buenos Aires",
      "Ciudad de México", "Berlin", "London", "New York");
  private static final List<String> PRODUCTS = List.of(
      "Fone Bluetooth X2", "Cadeira Ergonômica", "Monitor 27\" 4K", "Teclado Mecânico ABNT2",
      "Mochila Notebook", "Garrafa Térmica 1L", "Kindle Paperwhite", "Smartwatch Fit 3",
      "Cafeteira Expresso", "Tênis Corrida Pro");

  /** A customer. {@code toString()} shows only the id. */
  public record Customer(long id, String fullName, String email, String cpf, String phone, String city,
      String country, LocalDate birthDate, String plan, BigDecimal lifetimeValue, boolean marketingOptIn,
      Instant createdAt, List<String> extraPhones, String address) {
    @Override
    public String toString() {
      return "Customer[id=" + id + "]";
    }
  }

  /** An order; {@code items} and {@code shipping} are JSON-compatible maps and lists. */
  public record Order(long id, long customerId, String status, BigDecimal total, String currency,
      List<Map<String, Object>> items, Map<String, Object> shipping, Instant createdAt) {
    @Override
    public String toString() {
      return "Order[id=" + id + "]";
    }
  }

  /** A payment: a card ({@code cardNumber}), PIX ({@code pixKey}: a CPF, e-mail or phone) or boleto. */
  public record Payment(long id, long orderId, String method, @Nullable String cardNumber,
      @Nullable String cardHolder, @Nullable String pixKey, BigDecimal amount, String status,
      String merchantCnpj, Map<String, Object> gatewayResponse, Instant createdAt) {
    @Override
    public String toString() {
      return "Payment[id=" + id + "]";
    }
  }

  /** A support ticket; the body and notes are free text with PII and pasted secrets in them. */
  public record Ticket(long id, long customerId, String subject, String body, @Nullable String agentNotes,
      String priority, String status, Instant createdAt, List<Map<String, Object>> messages) {
    @Override
    public String toString() {
      return "Ticket[id=" + id + "]";
    }
  }

  /** An application event with a nested JSON payload. */
  public record Event(long id, @Nullable Long customerId, String type, Map<String, Object> payload,
      Instant occurredAt) {
    @Override
    public String toString() {
      return "Event[id=" + id + "]";
    }
  }

  /** A row of the table a policy should deny. */
  public record ApiKey(long id, String service, String apiKey, Instant createdAt) {
    @Override
    public String toString() {
      return "ApiKey[id=" + id + "]";
    }
  }

  /** How many of each to make. */
  public record Size(int customers, int orders, int tickets, int events) {
    /** The default: 120 customers, 400 orders (one payment each), 80 tickets, 500 events. */
    public static final Size DEFAULT = new Size(120, 400, 80, 500);

    public Size {
      if (customers < 1 || orders < 0 || tickets < 0 || events < 0) {
        throw new IllegalArgumentException("size: customers must be at least 1 and no count negative");
      }
    }
  }

  private final long seed;
  private final List<Customer> customers;
  private final List<Order> orders;
  private final List<Payment> payments;
  private final List<Ticket> tickets;
  private final List<Event> events;
  private final List<ApiKey> apiKeys;

  private SampleData(long seed, Size size) {
    this.seed = seed;
    Generator g = new Generator(new Random(seed));
    this.customers = g.customers(size.customers());
    this.orders = g.orders(size.orders(), customers);
    this.payments = g.payments(orders, customers);
    this.tickets = g.tickets(size.tickets(), customers, orders, payments);
    this.events = g.events(size.events(), customers);
    this.apiKeys = g.apiKeys();
  }

  /** The standard data set ({@link #DEFAULT_SEED}, {@link Size#DEFAULT}). */
  public static SampleData generate() {
    return new SampleData(DEFAULT_SEED, Size.DEFAULT);
  }

  /** A data set of the default size from another seed. */
  public static SampleData generate(long seed) {
    return new SampleData(seed, Size.DEFAULT);
  }

  /** A data set of another size. */
  public static SampleData generate(long seed, Size size) {
    return new SampleData(seed, size);
  }

  public long seed() {
    return seed;
  }

  public List<Customer> customers() {
    return customers;
  }

  public List<Order> orders() {
    return orders;
  }

  public List<Payment> payments() {
    return payments;
  }

  public List<Ticket> tickets() {
    return tickets;
  }

  public List<Event> events() {
    return events;
  }

  public List<ApiKey> apiKeys() {
    return apiKeys;
  }

  /** The PostgreSQL tables, in load order. */
  public static List<String> postgresTables() {
    return TABLES;
  }

  /** The MongoDB collections {@link #loadMongo} fills. */
  public static List<String> mongoCollections() {
    return List.of("customers", "tickets", "events");
  }

  /** Rows per PostgreSQL table, as loaded. */
  public Map<String, Integer> postgresRowCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("customers", customers.size());
    counts.put("orders", orders.size());
    counts.put("payments", payments.size());
    counts.put("support_tickets", tickets.size());
    counts.put("events", events.size());
    counts.put("internal_api_keys", apiKeys.size());
    return counts;
  }

  // ---------------------------------------------------------------- PostgreSQL

  /** Loads into the database at this JDBC URL (tables in the connection's default schema, replaced if present). */
  public void loadPostgres(String jdbcUrl, String user, String password) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
      loadPostgres(c);
    } catch (SQLException e) {
      throw new IllegalStateException("SampleData: cannot load PostgreSQL (SQLSTATE " + e.getSQLState() + ")", e);
    }
  }

  /** Loads through a connection of this data source (tables replaced if present). */
  public void loadPostgres(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      loadPostgres(c);
    } catch (SQLException e) {
      throw new IllegalStateException("SampleData: cannot load PostgreSQL (SQLSTATE " + e.getSQLState() + ")", e);
    }
  }

  private void loadPostgres(Connection c) throws SQLException {
    ObjectMapper json = new ObjectMapper();
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      for (int i = TABLES.size() - 1; i >= 0; i--) {
        st.execute("DROP TABLE IF EXISTS " + TABLES.get(i) + " CASCADE");
      }
      for (String ddl : POSTGRES_SCHEMA.split(";")) {
        if (!ddl.isBlank()) {
          st.execute(ddl);
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO customers VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      for (Customer x : customers) {
        ps.setLong(1, x.id());
        ps.setString(2, x.fullName());
        ps.setString(3, x.email());
        ps.setString(4, x.cpf());
        ps.setLong(5, Long.parseLong(x.cpf().replaceAll("\\D", "")));
        ps.setString(6, x.phone());
        ps.setString(7, x.city());
        ps.setString(8, x.country());
        ps.setObject(9, x.birthDate());
        ps.setString(10, x.plan());
        ps.setBigDecimal(11, x.lifetimeValue());
        ps.setBoolean(12, x.marketingOptIn());
        ps.setTimestamp(13, Timestamp.from(x.createdAt()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO orders VALUES (?,?,?,?,?,?::jsonb,?::jsonb,?)")) {
      for (Order x : orders) {
        ps.setLong(1, x.id());
        ps.setLong(2, x.customerId());
        ps.setString(3, x.status());
        ps.setBigDecimal(4, x.total());
        ps.setString(5, x.currency());
        ps.setString(6, write(json, x.items()));
        ps.setString(7, write(json, x.shipping()));
        ps.setTimestamp(8, Timestamp.from(x.createdAt()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO payments VALUES (?,?,?,?,?,?,?,?,?,?::jsonb,?)")) {
      for (Payment x : payments) {
        ps.setLong(1, x.id());
        ps.setLong(2, x.orderId());
        ps.setString(3, x.method());
        ps.setString(4, x.cardNumber());
        ps.setString(5, x.cardHolder());
        ps.setString(6, x.pixKey());
        ps.setBigDecimal(7, x.amount());
        ps.setString(8, x.status());
        ps.setString(9, x.merchantCnpj());
        ps.setString(10, write(json, x.gatewayResponse()));
        ps.setTimestamp(11, Timestamp.from(x.createdAt()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO support_tickets VALUES (?,?,?,?,?,?,?,?)")) {
      for (Ticket x : tickets) {
        ps.setLong(1, x.id());
        ps.setLong(2, x.customerId());
        ps.setString(3, x.subject());
        ps.setString(4, x.body());
        ps.setString(5, x.agentNotes());
        ps.setString(6, x.priority());
        ps.setString(7, x.status());
        ps.setTimestamp(8, Timestamp.from(x.createdAt()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO events VALUES (?,?,?,?::jsonb,?)")) {
      for (Event x : events) {
        ps.setLong(1, x.id());
        ps.setObject(2, x.customerId());
        ps.setString(3, x.type());
        ps.setString(4, write(json, x.payload()));
        ps.setTimestamp(5, Timestamp.from(x.occurredAt()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO internal_api_keys VALUES (?,?,?,?)")) {
      for (ApiKey x : apiKeys) {
        ps.setLong(1, x.id());
        ps.setString(2, x.service());
        ps.setString(3, x.apiKey());
        ps.setTimestamp(4, Timestamp.from(x.createdAt()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (Statement st = c.createStatement()) {
      st.execute("CREATE INDEX orders_customer_idx ON orders(customer_id)");
      st.execute("CREATE INDEX payments_order_idx ON payments(order_id)");
      st.execute("CREATE INDEX events_customer_idx ON events(customer_id, occurred_at)");
      st.execute("ANALYZE");
    }
    c.commit();
    c.setAutoCommit(autoCommit);
  }

  private static String write(ObjectMapper json, Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("SampleData: cannot write JSON", e);
    }
  }

  // ---------------------------------------------------------------- MongoDB

  /** Loads into this database of the server at {@code connectionString} (collections replaced if present). */
  public void loadMongo(String connectionString, String database) {
    try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(connectionString)) {
      loadMongo(client.getDatabase(database));
    }
  }

  /** Loads into this database (collections replaced if present). */
  public void loadMongo(com.mongodb.client.MongoDatabase db) {
    List<String> existing = db.listCollectionNames().into(new ArrayList<>());
    for (String name : mongoCollections()) {
      if (existing.contains(name)) {
        db.getCollection(name).drop();
      }
    }
    db.getCollection("customers").insertMany(customerDocuments());
    db.getCollection("tickets").insertMany(ticketDocuments());
    db.getCollection("events").insertMany(eventDocuments());
  }

  /** The {@code customers} collection: nested contact, documents, arrays of phones and addresses. */
  public List<Document> customerDocuments() {
    List<Document> out = new ArrayList<>(customers.size());
    for (Customer c : customers) {
      List<Document> phones = new ArrayList<>();
      phones.add(new Document("type", "mobile").append("number", c.phone()));
      for (String p : c.extraPhones()) {
        phones.add(new Document("type", "home").append("number", p));
      }
      out.add(new Document("_id", customerKey(c.id()))
          .append("name", c.fullName())
          .append("plan", c.plan())
          .append("contact", new Document("email", c.email()).append("phones", phones))
          .append("documents", new Document("cpf", c.cpf()).append("country", c.country()))
          .append("addresses", List.of(new Document("label", "home").append("line", c.address())
              .append("city", c.city()).append("country", c.country())))
          .append("lifetimeValue", c.lifetimeValue().doubleValue())
          .append("marketingOptIn", c.marketingOptIn())
          .append("createdAt", Date.from(c.createdAt())));
    }
    return out;
  }

  /** The {@code tickets} collection: a thread of messages per ticket. */
  public List<Document> ticketDocuments() {
    List<Document> out = new ArrayList<>(tickets.size());
    for (Ticket t : tickets) {
      List<Document> messages = new ArrayList<>();
      for (Map<String, Object> m : t.messages()) {
        messages.add(new Document(m));
      }
      out.add(new Document("_id", "tkt_" + t.id())
          .append("customerId", customerKey(t.customerId()))
          .append("subject", t.subject())
          .append("status", t.status())
          .append("priority", t.priority())
          .append("messages", messages)
          .append("createdAt", Date.from(t.createdAt())));
    }
    return out;
  }

  /** The {@code events} collection: the same events as the PostgreSQL table, payloads as sub-documents. */
  public List<Document> eventDocuments() {
    List<Document> out = new ArrayList<>(events.size());
    for (Event e : events) {
      out.add(new Document("_id", "evt_" + e.id())
          .append("customerId", e.customerId() == null ? null : customerKey(e.customerId()))
          .append("type", e.type())
          .append("payload", toDocument(e.payload()))
          .append("occurredAt", Date.from(e.occurredAt())));
    }
    return out;
  }

  /** The MongoDB {@code _id} of a customer: {@code cus_0007}. */
  public static String customerKey(long id) {
    return String.format(java.util.Locale.ROOT, "cus_%04d", id);
  }

  @SuppressWarnings("unchecked")
  private static Object toBson(@Nullable Object value) {
    if (value instanceof Map<?, ?> m) {
      return toDocument((Map<String, Object>) m);
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(toBson(o));
      }
      return out;
    }
    return value;
  }

  private static Document toDocument(Map<String, Object> map) {
    Document d = new Document();
    map.forEach((k, v) -> d.append(k, toBson(v)));
    return d;
  }

  @Override
  public String toString() {
    return "SampleData[seed=" + seed + ", customers=" + customers.size() + ", orders=" + orders.size()
        + ", tickets=" + tickets.size() + ", events=" + events.size() + "]";
  }

  // ---------------------------------------------------------------- generation

  private static final class Generator {
    private final Random random;
    private final FakePii pii;

    Generator(Random random) {
      this.random = random;
      this.pii = new FakePii(random);
    }

    Instant pastInstant(int maxDays) {
      return REFERENCE_TIME.minusSeconds(60L + (long) (random.nextDouble() * maxDays * 86_400L));
    }

    BigDecimal money(double min, double max) {
      return BigDecimal.valueOf(min + random.nextDouble() * (max - min)).setScale(2, RoundingMode.HALF_UP);
    }

    List<Customer> customers(int count) {
      List<Customer> out = new ArrayList<>(count);
      for (int i = 1; i <= count; i++) {
        String first = pii.firstName();
        String last = pii.lastName();
        String city = pii.pick(CITIES);
        String country = switch (city) {
          case "Lisboa", "Porto" -> "PT";
          case "Buenos Aires" -> "AR";
          case "Ciudad de México" -> "MX";
          case "Berlin" -> "DE";
          case "London" -> "GB";
          case "New York" -> "US";
          default -> "BR";
        };
        String phone = country.equals("BR") ? pii.brazilianPhone() : pii.internationalPhone();
        List<String> extra = random.nextInt(3) == 0 ? List.of(pii.phone()) : List.of();
        String cpf = random.nextInt(5) == 0 ? pii.cpfDigits() : pii.cpf();
        String address = pii.pick(List.of("Rua", "Avenida", "Alameda", "Travessa")) + " "
            + pii.pick(FakePii.LAST_NAMES) + ", " + (10 + random.nextInt(2990))
            + (random.nextBoolean() ? ", apto " + (11 + random.nextInt(180)) : "");
        LocalDate birth = LocalDate.of(1950 + random.nextInt(55), 1 + random.nextInt(12), 1 + random.nextInt(28));
        out.add(new Customer(i, first + " " + last, pii.email(first, last), cpf, phone, city, country, birth,
            pii.pick(List.of("free", "free", "pro", "pro", "business")), money(0, 25_000),
            random.nextBoolean(), pastInstant(720), extra, address));
      }
      return out;
    }

    List<Order> orders(int count, List<Customer> customers) {
      List<Order> out = new ArrayList<>(count);
      for (int i = 1; i <= count; i++) {
        Customer c = customers.get(random.nextInt(customers.size()));
        int lines = 1 + random.nextInt(3);
        List<Map<String, Object>> items = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int l = 0; l < lines; l++) {
          BigDecimal price = money(19.9, 2_499);
          int qty = 1 + random.nextInt(3);
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("sku", "SKU-" + (1000 + random.nextInt(9000)));
          item.put("name", pii.pick(PRODUCTS));
          item.put("quantity", qty);
          item.put("unitPrice", price.toPlainString());
          items.add(item);
          total = total.add(price.multiply(BigDecimal.valueOf(qty)));
        }
        Map<String, Object> shipping = new LinkedHashMap<>();
        shipping.put("recipient", c.fullName());
        shipping.put("phone", c.phone());
        shipping.put("address", c.address());
        shipping.put("city", c.city());
        shipping.put("postalCode", pii.n(5) + "-" + pii.n(3));
        shipping.put("instructions", random.nextInt(4) == 0
            ? "Ligar antes: " + pii.brazilianPhone() : "Deixar na portaria");
        out.add(new Order(1000 + i, c.id(),
            pii.pick(List.of("paid", "paid", "paid", "shipped", "delivered", "cancelled", "refunded")),
            total, c.country().equals("BR") ? "BRL" : pii.pick(List.of("USD", "EUR")), items, shipping,
            pastInstant(365)));
      }
      return out;
    }

    List<Payment> payments(List<Order> orders, List<Customer> customers) {
      List<Payment> out = new ArrayList<>(orders.size());
      String[] merchants = {pii.cnpj(), pii.cnpj(), pii.cnpj()};
      int id = 5000;
      for (Order o : orders) {
        Customer c = customers.get((int) o.customerId() - 1);
        String method = pii.pick(List.of("credit_card", "credit_card", "credit_card", "pix", "pix", "boleto"));
        String card = null;
        String holder = null;
        String pix = null;
        Map<String, Object> gateway = new LinkedHashMap<>();
        gateway.put("gateway", pii.pick(List.of("adyen", "stripe", "pagarme", "cielo")));
        gateway.put("authCode", pii.n(6));
        if (method.equals("credit_card")) {
          card = pii.cardNumber();
          holder = c.fullName().toUpperCase(java.util.Locale.ROOT);
          String digits = card.replaceAll("\\D", "");
          gateway.put("bin", digits.substring(0, 6));
          gateway.put("last4", digits.substring(digits.length() - 4));
          Map<String, Object> threeDs = new LinkedHashMap<>();
          threeDs.put("version", "2.2.0");
          threeDs.put("result", random.nextBoolean() ? "Y" : "A");
          gateway.put("threeDSecure", threeDs);
          if (random.nextInt(5) == 0) {
            // A gateway that echoes the PAN back: exactly what masking is for.
            gateway.put("rawMessage", "AUTH OK pan=" + digits + " exp=" + (1 + random.nextInt(12)) + "/"
                + (27 + random.nextInt(4)));
          }
        } else if (method.equals("pix")) {
          pix = switch (random.nextInt(3)) {
            case 0 -> c.cpf();
            case 1 -> c.email();
            default -> c.phone();
          };
          gateway.put("endToEndId", "E" + pii.n(8) + "2026" + pii.n(18));
        } else {
          gateway.put("barcode", "34191." + pii.n(5) + " " + pii.n(5) + "." + pii.n(6) + " " + pii.n(5) + "."
              + pii.n(6) + " 1 " + pii.n(14));
        }
        String status = o.status().equals("refunded") ? "refunded"
            : pii.pick(List.of("approved", "approved", "approved", "approved", "declined", "chargeback"));
        out.add(new Payment(++id, o.id(), method, card, holder, pix, o.total(), status,
            merchants[random.nextInt(merchants.length)], gateway,
            o.createdAt().plus(Duration.ofSeconds(5 + random.nextInt(600)))));
      }
      return out;
    }

    List<Ticket> tickets(int count, List<Customer> customers, List<Order> orders, List<Payment> payments) {
      List<Ticket> out = new ArrayList<>(count);
      for (int i = 1; i <= count; i++) {
        Payment p = payments.isEmpty() ? null : payments.get(random.nextInt(payments.size()));
        Order o = p == null ? null : orders.get((int) (p.orderId() - 1001));
        Customer c = o != null ? customers.get((int) o.customerId() - 1) : customers.get(random.nextInt(customers.size()));
        long orderId = o == null ? 0 : o.id();
        String card = p != null && p.cardNumber() != null ? p.cardNumber() : pii.cardNumber();
        int kind = random.nextInt(6);
        String subject;
        String body;
        switch (kind) {
          case 0 -> {
            subject = "Cobrança duplicada no pedido #" + orderId;
            body = "Olá, sou " + c.fullName() + " (CPF " + c.cpf() + "). Fui cobrado duas vezes no cartão "
                + card + ". Podem estornar? Meu telefone é " + c.phone() + ".";
          }
          case 1 -> {
            subject = "Não consigo acessar minha conta";
            body = "My login " + c.email() + " keeps failing. Support asked for the token, here it is: "
                + pii.bearerHeader() + " — please call me at " + pii.internationalPhone();
          }
          case 2 -> {
            subject = "Webhook de pagamento falhando";
            body = "Our integration gets 401s. Request headers:\nAuthorization: " + pii.bearerHeader()
                + "\nX-Api-Key: " + pii.apiKey() + "\nCallback contact: " + c.email();
          }
          case 3 -> {
            subject = "Alterar dados cadastrais";
            body = "Quero trocar meu e-mail de " + c.email() + " para " + pii.email(pii.firstName(), pii.lastName())
                + " e o celular para " + pii.brazilianPhone() + ". CPF: " + c.cpf().replaceAll("\\D", "") + ".";
          }
          case 4 -> {
            subject = "Nota fiscal com CNPJ errado";
            body = "A NF do pedido #" + orderId + " saiu com o CNPJ " + pii.cnpj() + ", o correto é " + pii.cnpj()
                + ". Responsável: " + c.fullName() + ", " + c.email();
          }
          default -> {
            subject = "Entrega atrasada";
            body = "Pedido #" + orderId + " ainda não chegou. Endereço: " + c.address() + ", " + c.city()
                + ". Falar com " + c.fullName() + " no " + c.phone() + ".";
          }
        }
        String notes = random.nextInt(3) == 0 ? null
            : "Verificado pelo agente " + pii.firstName() + ". Cliente confirmou CPF " + c.cpf()
                + (kind == 0 ? " e final do cartão " + card.substring(card.length() - 4) : "")
                + ". Retorno por " + pii.pick(List.of("e-mail", "WhatsApp " + c.phone(), "telefone " + c.phone())) + ".";
        Instant created = pastInstant(180);
        List<Map<String, Object>> messages = new ArrayList<>();
        messages.add(message("customer", body, created));
        if (notes != null) {
          messages.add(message("agent", notes, created.plus(Duration.ofMinutes(7 + random.nextInt(300)))));
        }
        if (random.nextBoolean()) {
          messages.add(message("customer", "Obrigado! Qualquer coisa meu WhatsApp é " + c.phone(),
              created.plus(Duration.ofHours(5 + random.nextInt(40)))));
        }
        out.add(new Ticket(i, c.id(), subject, body, notes,
            pii.pick(List.of("low", "normal", "normal", "high", "urgent")),
            pii.pick(List.of("open", "open", "pending", "solved", "closed")), created, messages));
      }
      return out;
    }

    private static Map<String, Object> message(String author, String body, Instant at) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("author", author);
      m.put("body", body);
      m.put("at", at.toString());
      return m;
    }

    List<Event> events(int count, List<Customer> customers) {
      List<Event> out = new ArrayList<>(count);
      for (int i = 1; i <= count; i++) {
        Customer c = random.nextInt(10) == 0 ? null : customers.get(random.nextInt(customers.size()));
        String type = pii.pick(List.of("login", "login", "login_failed", "password_reset", "checkout",
            "api_call", "webhook_failed"));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("ip", pii.ipv4());
        payload.put("userAgent", pii.pick(List.of("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "okhttp/4.12.0", "python-requests/2.32")));
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("email", c == null ? pii.email(pii.firstName(), pii.lastName()) : c.email());
        actor.put("customerId", c == null ? null : c.id());
        payload.put("actor", actor);
        switch (type) {
          case "checkout" -> {
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("number", pii.cardDigits());
            card.put("holder", c == null ? "GUEST" : c.fullName().toUpperCase(java.util.Locale.ROOT));
            Map<String, Object> payment = new LinkedHashMap<>();
            payment.put("card", card);
            payment.put("installments", 1 + random.nextInt(10));
            payload.put("payment", payment);
          }
          case "api_call", "webhook_failed" -> {
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put("authorization", pii.bearerHeader());
            headers.put("x-api-key", pii.apiKey());
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("method", pii.pick(List.of("GET", "POST")));
            request.put("path", "/v2/orders/" + (1001 + random.nextInt(400)));
            request.put("headers", headers);
            payload.put("request", request);
            payload.put("status", type.equals("webhook_failed") ? 401 : 200);
          }
          case "password_reset" -> payload.put("sentTo", List.of(c == null ? pii.phone() : c.phone(),
              actor.get("email")));
          case "login_failed" -> payload.put("attempts", 1 + random.nextInt(6));
          default -> payload.put("mfa", random.nextBoolean());
        }
        out.add(new Event(i, c == null ? null : c.id(), type, payload, pastInstant(90)));
      }
      return out;
    }

    List<ApiKey> apiKeys() {
      List<ApiKey> out = new ArrayList<>();
      String[] services = {"stripe", "github", "aws", "slack"};
      for (int i = 0; i < services.length; i++) {
        out.add(new ApiKey(i + 1, services[i], pii.apiKey(), pastInstant(400)));
      }
      return out;
    }
  }
}
