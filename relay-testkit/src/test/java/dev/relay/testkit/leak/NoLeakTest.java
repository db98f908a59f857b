package dev.relay.testkit.leak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.masking.Masker;
import dev.relay.runtime.RelayConfig;
import dev.relay.runtime.RelayConfigLoader;
import dev.relay.runtime.RelayRuntime;
import dev.relay.runtime.internal.log.LogSettings;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.RelaySession;
import dev.relay.testkit.db.MongoFixture;
import dev.relay.testkit.db.PostgresFixture;
import dev.relay.testkit.sample.FakePii;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing the relay writes for the operator leaks: a hostile control plane drives a real relay
 * (real PostgreSQL and MongoDB full of PII, real WebSocket) through every kind of request and
 * failure, then every audit line and every operational log line is scanned with every masking
 * detector ({@link Masker#defaults()}), for the control-plane token and the database passwords,
 * for every raw literal and value sent or stored, and for the text of every query sent. The
 * replies on the WebSocket are checked for raw PII and secrets too. Logs are captured at DEBUG, the
 * most an operator can turn on (INFO writes a subset of the same lines).
 */
class NoLeakTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String TOKEN = "cp-T0ken-NoLeak-5f2a9e71c4";
    private static final String PG_PASSWORD = "Pg-Pa55-NoLeak-7c1e03bd";
    private static final String WRONG_PG_PASSWORD = "Wr0ng-Pa55-NoLeak-91d2aa";

    // PII sent as literals and parameters, and stored in the databases
    private static final String EMAIL = "ana@x.com";
    private static final String EMAIL_2 = "ana.souza+relay@mail.example.org";
    private static final String EMAIL_PARAM = "bruno.param@example.com";
    private static final String CPF = "529.982.247-25";
    private static final String CPF_DIGITS = "52998224725";
    private static final String CNPJ = "11.222.333/0001-81";
    private static final String CARD = "4111111111111111";
    private static final String CARD_SPACED = "5500 0000 0000 0004";
    private static final String PHONE_BR = "+55 11 91234-5678";
    private static final String PHONE_BR_2 = "(21) 98765-4321";
    private static final String ETC_PASSWD = "/etc/passwd";
    private static final String TABLE_SECRET = "Secret-Row-Value-3e8f";

    @TempDir
    Path dir;

    @Test
    void noAuditOrLogLineCarriesDataSecretsOrQueries() throws Exception {
        FakePii fake = new FakePii(new Random(20_261_121L));
        String jwt = fake.jwt("ana");
        String apiKey = fake.apiKey();
        String cpf2 = fake.cpf();
        String card3 = fake.cardNumber();
        String phone3 = fake.internationalPhone();

        Set<String> forbidden = new LinkedHashSet<>(List.of(TOKEN, PG_PASSWORD, WRONG_PG_PASSWORD, EMAIL, EMAIL_2,
                EMAIL_PARAM, CPF, CPF_DIGITS, CNPJ, CARD, CARD_SPACED, "5500000000000004", PHONE_BR, PHONE_BR_2,
                ETC_PASSWD, TABLE_SECRET, jwt, apiKey, cpf2, card3, phone3));
        Set<String> piiInReplies = new LinkedHashSet<>(List.of(TOKEN, PG_PASSWORD, WRONG_PG_PASSWORD, EMAIL, EMAIL_2,
                EMAIL_PARAM, CPF, CPF_DIGITS, CARD, CARD_SPACED, "5500000000000004", PHONE_BR, PHONE_BR_2, jwt,
                apiKey, cpf2, card3, phone3));
        List<String> queriesSent = new ArrayList<>();

        // the audit signing key is a secret too: every record is signed with it, none may show it
        KeyPair auditKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String auditKeyBase64 = Base64.getEncoder().encodeToString(auditKey.getPrivate().getEncoded());
        String auditKeyPem = "-----BEGIN PRIVATE KEY-----\n" + auditKeyBase64 + "\n-----END PRIVATE KEY-----";
        forbidden.add(auditKeyBase64);
        forbidden.add(auditKeyBase64.substring(auditKeyBase64.length() - 24));
        forbidden.add("PRIVATE KEY");

        // ---------------------------------------------------------------- databases full of PII
        PostgresFixture pg = PostgresFixture.shared();
        String db = pg.createDatabase("no_leak");
        String role = "leak_ro_" + Long.toHexString(System.nanoTime() & 0xffffffL);
        pg.executeIn(db,
                "CREATE ROLE " + role + " LOGIN PASSWORD '" + PG_PASSWORD + "'",
                "CREATE TABLE people (id bigint PRIMARY KEY, name text, email text, cpf text, cpf_num bigint,"
                        + " cnpj text, card text, phone text, notes text, doc jsonb)",
                "INSERT INTO people VALUES"
                        + " (1, 'Ana Souza', '" + EMAIL + "', '" + CPF + "', " + CPF_DIGITS + ", '" + CNPJ + "', '"
                        + CARD + "', '" + PHONE_BR + "', 'token " + jwt + " and key " + apiKey + "',"
                        + " '{\"contact\": {\"email\": \"" + EMAIL_2 + "\", \"cards\": [\"" + CARD_SPACED + "\"]}}'),"
                        + " (2, 'Bruno Lima', '" + EMAIL_PARAM + "', '" + cpf2 + "', NULL, NULL, '" + card3 + "', '"
                        + PHONE_BR_2 + "', 'call " + phone3 + "', '[\"" + cpf2 + "\"]')",
                "INSERT INTO people SELECT g, 'n' || g, 'user' || g || '@example.net', NULL, NULL, NULL, NULL, NULL,"
                        + " NULL, NULL FROM generate_series(3, 12) g",
                "CREATE TABLE secrets (id int, value text)",
                "INSERT INTO secrets VALUES (1, '" + TABLE_SECRET + "')",
                "GRANT SELECT ON people, secrets TO " + role);

        try (MongoFixture mongo = MongoFixture.create()) {
            mongo.client().getDatabase("crm").getCollection("customers").insertMany(List.of(
                    new Document("_id", 1).append("name", "Ana Souza").append("email", EMAIL).append("cpf", CPF)
                            .append("contact", new Document("phone", PHONE_BR).append("notes", "key " + apiKey))
                            .append("cards", List.of(new Document("pan", CARD_SPACED))),
                    new Document("_id", 2).append("name", "Bruno").append("email", EMAIL_PARAM).append("cpf", cpf2)
                            .append("tags", List.of(jwt, phone3))));

            ControlPlaneServer controlPlane = ControlPlaneServer.builder().token(TOKEN).build().start();
            Path config = dir.resolve("relay-config.yaml");
            Files.writeString(config, """
                    relayId: relay-no-leak
                    controlPlane:
                      url: %s
                      token: ${RELAY_TOKEN}
                      insecure: true
                      reconnect: {initialDelay: 50ms, maxDelay: 200ms}
                    resources:
                      - id: main-pg
                        type: postgres
                        connection:
                          url: "%s"
                          username: %s
                          password: ${PG_PASSWORD}
                        maxRowsPerQuery: 5
                        tables: {deny: ["public.secrets"]}
                      - id: bad-pg
                        type: postgres
                        connection:
                          url: "%s"
                          username: %s
                          password: ${WRONG_PG_PASSWORD}
                        pool: {acquireTimeout: 300ms}
                      - id: events
                        type: mongodb
                        connection: {uri: "${MONGO_URI}", database: crm}
                        maxRowsPerQuery: 5
                    audit:
                      tamperEvidence: signed
                      signing: {privateKey: "${RELAY_AUDIT_KEY}", mode: record}
                    """.formatted(controlPlane.url(), pg.jdbcUrl(db), role, pg.jdbcUrl(db), role));
            Map<String, String> env = Map.of("RELAY_TOKEN", TOKEN, "PG_PASSWORD", PG_PASSWORD,
                    "WRONG_PG_PASSWORD", WRONG_PG_PASSWORD, "MONGO_URI", mongo.connectionString(),
                    "RELAY_AUDIT_KEY", auditKeyPem);
            RelayConfig relayConfig = RelayConfigLoader.create().withEnvironment(env::get).load(config);

            // ---------------------------------------------------------------- capture every line
            LineSink audit = new LineSink();
            LineSink logs = new LineSink();
            PrintStream originalErr = System.err;
            PrintStream logStream = new PrintStream(logs, true, StandardCharsets.UTF_8);
            Handler julCapture = new JulCapture(logs);
            java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
            List<String> replies = new ArrayList<>();
            LogSettings.redirect(logStream);
            // DEBUG: everything INFO writes and more (drivers' loggers open up, stack traces are printed)
            LogSettings.configure("text", "debug");
            System.setErr(new PrintStream(new Tee(logs, originalErr), true, StandardCharsets.UTF_8));
            julRoot.addHandler(julCapture);
            RelayRuntime relay = null;
            try {
                relay = RelayRuntime.builder(relayConfig).auditOut(audit).build().start();
                RelaySession session = controlPlane.awaitConnection(WAIT);
                Hostile h = new Hostile(session, queriesSent);

                // SELECTs returning every PII type (masked in the reply)
                h.sql("main-pg", "SELECT * FROM people ORDER BY id", "q-all");
                h.sql("main-pg", "SELECT doc, notes, cpf_num FROM people WHERE id <= 2", "q-json");
                // literals with PII
                h.sql("main-pg", "SELECT id, name FROM people WHERE email = '" + EMAIL + "'", "q-lit-email");
                h.sql("main-pg", "SELECT id FROM people WHERE cpf = '" + CPF + "' OR card = '" + CARD + "'", "q-lit-cpf");
                h.sql("main-pg", "SELECT id FROM people WHERE phone = '" + PHONE_BR + "' OR notes LIKE '%" + apiKey
                        + "%' OR cnpj = '" + CNPJ + "'", "q-lit-phone");
                // parameters with PII, one of them failing to convert
                h.sql("main-pg", "SELECT id FROM people WHERE email = $1 OR cpf = $2", "q-params", EMAIL_PARAM, cpf2);
                h.sql("main-pg", "SELECT $1::int AS n", "q-param-cast", EMAIL_PARAM);
                h.sql("main-pg", "SELECT $1::date AS d", "q-param-date", card3);
                // blocked, with PII literals
                h.sql("main-pg", "DELETE FROM people WHERE email = '" + EMAIL + "'", "q-delete");
                h.sql("main-pg", "UPDATE people SET cpf = '" + CPF + "' WHERE email = '" + EMAIL + "'", "q-update");
                h.sql("main-pg", "SELECT pg_read_file('" + ETC_PASSWD + "')", "q-readfile");
                h.sql("main-pg", "SELECT * FROM people WHERE email = '" + EMAIL + "'; DROP TABLE people", "q-multi");
                h.sql("main-pg", "SELECT value FROM secrets WHERE value = '" + TABLE_SECRET + "'", "q-denied-table");
                h.sql("main-pg", "COPY people TO '" + ETC_PASSWD + "'", "q-copy");
                h.sql("main-pg", "SELEC * FROM people WHERE email = '" + EMAIL + "'", "q-syntax");
                h.sql("main-pg", "SELECT * FROM people WHERE email = '" + EMAIL + "' AND cpf = '" + CPF, "q-unterminated");
                // failing in PostgreSQL with messages that quote values
                h.sql("main-pg", "SELECT '" + EMAIL + "'::int", "q-cast-email");
                h.sql("main-pg", "SELECT '" + CARD + "'::date", "q-cast-card");
                h.sql("main-pg", "SELECT '" + CPF + "'::numeric", "q-cast-cpf");
                h.sql("main-pg", "SELECT '" + TABLE_SECRET + "'::uuid", "q-cast-uuid");
                h.sql("main-pg", "SELECT \"" + EMAIL + "\" FROM people", "q-ident");
                h.sql("main-pg", "SELECT id FROM people WHERE cpf_num = " + CPF_DIGITS + " / 0", "q-div0");
                h.sql("main-pg", "SELECT jsonb_extract_path_text(doc, '" + EMAIL + "')::int FROM people", "q-jsonb");
                // a timeout, with PII in the statement
                h.timed("main-pg", "SELECT count(*) FROM generate_series(1, 500000000) g WHERE g::text = '" + EMAIL + "'",
                        "q-timeout", 300);
                // explain, describe, list
                h.op("main-pg", "explain", "SELECT * FROM people WHERE email = '" + EMAIL + "'", "q-explain");
                h.describe("main-pg", "public.people", "q-describe");
                h.describe("main-pg", "public.secrets", "q-describe-denied");
                h.list("main-pg", "q-list");
                // the unreachable resource (wrong password)
                h.sql("bad-pg", "SELECT id FROM people WHERE email = '" + EMAIL + "'", "q-bad-pg");
                h.list("bad-pg", "q-bad-pg-list");
                // a wrong resource id
                h.sql("nope-db", "SELECT id FROM people WHERE cpf = '" + CPF + "'", "q-wrong-resource");

                // MongoDB: finds and aggregates with PII in filters, and a $merge
                h.find("events", "customers", "{\"email\": \"" + EMAIL + "\"}", "m-find-email");
                h.find("events", "customers", "{\"cpf\": {\"$in\": [\"" + CPF + "\", \"" + cpf2 + "\"]}}", "m-find-cpf");
                h.find("events", "customers", "{}", "m-find-all");
                h.find("events", "customers", "{\"$where\": \"this.email == '" + EMAIL + "'\"}", "m-where");
                h.find("events", "customers", "{\"email\": {\"$regex\": \"" + EMAIL + "(\"}}", "m-bad-regex");
                h.aggregate("events", "customers", "[{\"$match\": {\"contact.phone\": \"" + PHONE_BR
                        + "\"}}, {\"$project\": {\"email\": 1, \"cards\": 1}}]", "m-agg");
                h.aggregate("events", "customers", "[{\"$match\": {\"email\": \"" + EMAIL
                        + "\"}}, {\"$merge\": {\"into\": \"stolen\"}}]", "m-merge");
                h.aggregate("events", "customers", "[{\"$match\": {\"email\": \"" + EMAIL
                        + "\"}}, {\"$out\": \"stolen\"}]", "m-out");
                h.aggregate("events", "customers", "[{\"$project\": {\"x\": {\"$toInt\": \"$email\"}}}]", "m-toint");
                h.aggregate("events", "customers", "[{\"$lookup\": {\"from\": \"secrets\", \"pipeline\": [{\"$match\": "
                        + "{\"v\": \"" + TABLE_SECRET + "\"}}], \"as\": \"s\"}}]", "m-lookup");
                h.op("events", "describe_table", null, "m-describe", "customers");
                h.list("events", "m-list");

                // other methods
                h.call("list_resources", JSON.createObjectNode());
                h.call("describe_resource", JSON.createObjectNode().put("resourceId", "main-pg"));
                h.call("describe_resource", JSON.createObjectNode().put("resourceId", "bad-pg"));
                h.call("describe_resource", JSON.createObjectNode().put("resourceId", "nope-db"));
                h.call("health_check", JSON.createObjectNode());
                h.call("health_check", JSON.createObjectNode().put("resourceId", "bad-pg"));
                h.call("tools/call", JSON.createObjectNode().put("email", EMAIL).put("token", TOKEN));
                h.call("drop_database", JSON.createObjectNode().put("query", "DROP TABLE people; -- " + CPF));
                // invalid params carrying PII
                h.call("execute", JSON.createObjectNode().put("resourceId", "main-pg").put("operation", "query")
                        .put("query", "SELECT 1").put("filter", EMAIL));
                h.call("execute", JSON.createObjectNode().put("resourceId", "main-pg").put("operation", "drop " + CPF)
                        .put("query", "SELECT 1"));
                h.call("execute", JSON.createObjectNode().put("resourceId", "main-pg").put("operation", "query")
                        .put("query", "SELECT id FROM people WHERE email = $1").put("timeoutMs", CARD));

                // malformed JSON-RPC with PII inside: no id to await, so each is followed by a marker request
                h.raw("{\"jsonrpc\":\"2.0\",\"id\":901,\"method\":\"execute\",\"params\":{\"query\":\"SELECT '" + EMAIL + "'");
                h.raw("{\"jsonrpc\":\"2.0\",\"id\":\"" + CPF + "\" \"method\": \"" + CARD + "\"}");
                h.raw("[{\"jsonrpc\":\"2.0\",\"method\":{\"x\":\"" + EMAIL + "\"},\"id\":902}, 17, \"" + PHONE_BR + "\"]");
                h.raw("{\"jsonrpc\":\"1.0\",\"id\":903,\"method\":\"execute\",\"params\":\"" + jwt + "\"}");
                h.raw("{\"jsonrpc\":\"2.0\",\"id\":904,\"id\":905,\"method\":\"" + apiKey + "\"}");
                h.raw(EMAIL + " " + CPF + " " + TOKEN);
                h.raw("{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":{\"resourceId\":\"main-pg\","
                        + "\"operation\":\"query\",\"query\":\"DELETE FROM people WHERE cpf = '" + CPF + "'\"}}");
                h.call("list_resources", JSON.createObjectNode());

                // drop the session while a request runs: the relay reconnects, and the request is dropped
                String longQuery = "SELECT count(*) FROM generate_series(1, 300000000) g WHERE g::text = '" + EMAIL + "'";
                CompletableFuture<JsonNode> inFlight = session.request("execute",
                        execute("main-pg", longQuery, "q-dropped").put("timeoutMs", 15_000));
                queriesSent.add(longQuery);
                awaitTrue(() -> runningInPostgres(pg, db, "300000000"), () -> "the long query to run in PostgreSQL");
                session.drop();
                replies.addAll(session.receivedTexts());
                RelaySession again = controlPlane.awaitConnection(WAIT);
                Hostile h2 = new Hostile(again, queriesSent);
                h2.sql("main-pg", "SELECT email, cpf, card FROM people WHERE email = '" + EMAIL + "'", "q-after");
                awaitTrue(() -> audit.lines().stream().anyMatch(l -> l.contains("\"q-dropped\"")),
                        () -> "the dropped request's audit record; audit so far:\n" + String.join("\n", audit.lines()));

                relay.shutdown();
                relay = null;
                replies.addAll(again.receivedTexts());
                inFlight.cancel(true);
            } finally {
                if (relay != null) {
                    relay.shutdown();
                }
                controlPlane.close();
                julRoot.removeHandler(julCapture);
                System.setErr(originalErr);
                LogSettings.redirect(originalErr);
                LogSettings.configure("text", "info");
            }

            // ---------------------------------------------------------------- scan
            List<String> auditLines = audit.lines();
            // the test databases log through the same SLF4J provider when they run from this JVM: the
            // in-process MongoDB server on its own threads, embedded PostgreSQL's server log on a thread per
            // process. They are the databases, not the relay, so their lines are not scanned.
            boolean inProcessMongo = mongo.backend() == MongoFixture.Backend.IN_MEMORY;
            boolean embeddedPg = pg.mode() == PostgresFixture.Mode.EMBEDDED;
            List<String> logLines = logEntries(logs.lines()).stream()
                    .filter(l -> !(inProcessMongo && l.contains(" [mongo-server-")))
                    .filter(l -> !(embeddedPg && l.contains(" EmbeddedPostgres [postgres:pid(")))
                    .toList();
            System.out.println("NoLeakTest: " + auditLines.size() + " audit lines, " + logLines.size() + " log lines, "
                    + replies.size() + " replies");
            assertThat(auditLines).as("audit lines").hasSizeGreaterThan(60);
            assertThat(logLines).as("log lines").isNotEmpty();
            // the hostile session reached every path it meant to (so a quiet scan means something)
            String allAudit = String.join("\n", auditLines);
            assertThat(allAudit).as("audit trail").contains(
                    "\"requestId\":\"q-all\"", "\"outcome\":\"timeout\",\"reason\":\"QUERY_TIMEOUT\"",
                    "\"requestId\":\"q-readfile\"", "\"requestId\":\"q-cast-email\"", "\"requestId\":\"m-merge\"",
                    "\"requestId\":\"q-wrong-resource\"", "\"requestId\":\"q-dropped\"", "\"requestId\":\"q-after\"",
                    "\"event\":\"resource_unreachable\"", "\"event\":\"disconnected\"", "\"reason\":\"PARSE_ERROR\"",
                    "\"reason\":\"INVALID_REQUEST\"", "\"reason\":\"METHOD_NOT_FOUND\"", "\"event\":\"shutdown\"",
                    "\"publicKey\":", "\"sig\"");

            Masker masker = Masker.defaults();
            List<String> problems = new ArrayList<>();
            scan("audit", auditLines, masker, forbidden, queriesSent, problems);
            scan("log", logLines, masker, forbidden, queriesSent, problems);
            for (String reply : replies) {
                for (String s : piiInReplies) {
                    if (reply.contains(s)) {
                        problems.add("reply contains raw " + describe(s) + ":\n    " + reply);
                    }
                }
            }
            assertThat(problems).as("leaks found").isEmpty();
        }
    }

    // ------------------------------------------------------------------ the scan

    private static final Pattern ENTRY_START = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT|JUL )");

    /** Joins a stack trace's lines to the log line they belong to (so the entry keeps its thread name). */
    private static List<String> logEntries(List<String> lines) {
        List<String> entries = new ArrayList<>();
        for (String line : lines) {
            if (ENTRY_START.matcher(line).find() || entries.isEmpty()) {
                entries.add(line);
            } else {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + "\n" + line);
            }
        }
        return entries;
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\*[*.@\\-]*(\\d{4})?");

    private static void scan(String kind, List<String> lines, Masker masker, Set<String> forbidden,
            List<String> queries, List<String> problems) {
        for (String line : lines) {
            String masked = masker.mask(line);
            if (masked != line) {
                String stripped = PLACEHOLDER.matcher(line).replaceAll("");
                if (masker.mask(stripped) != stripped) {
                    problems.add(kind + " line has something to mask (masked: " + masked + "):\n    " + line);
                }
            }
            for (String s : forbidden) {
                if (line.contains(s)) {
                    problems.add(kind + " line contains " + describe(s) + ":\n    " + line);
                }
            }
            for (String q : queries) {
                if (q.length() >= 10 && line.contains(q)) {
                    problems.add(kind + " line contains the query text [" + q + "]:\n    " + line);
                }
            }
        }
    }

    private static String describe(String secret) {
        return switch (secret) {
            case TOKEN -> "the control-plane token";
            case PG_PASSWORD -> "the PostgreSQL password";
            case WRONG_PG_PASSWORD -> "the wrong PostgreSQL password";
            default -> "the raw value [" + secret + "]";
        };
    }

    // ------------------------------------------------------------------ the hostile control plane

    private static ObjectNode execute(String resourceId, String query, String requestId) {
        return JSON.createObjectNode().put("resourceId", resourceId).put("operation", "query").put("query", query)
                .put("requestId", requestId);
    }

    /** Sends requests and waits for each answer, keeping the query texts sent. */
    private static final class Hostile {
        private final RelaySession session;
        private final List<String> queries;

        Hostile(RelaySession session, List<String> queries) {
            this.session = session;
            this.queries = queries;
        }

        JsonNode sql(String resourceId, String query, String requestId, String... parameters) {
            ObjectNode p = execute(resourceId, query, requestId);
            if (parameters.length > 0) {
                ArrayNode a = p.putArray("parameters");
                for (String v : parameters) {
                    a.add(v);
                }
            }
            queries.add(query);
            return call("execute", p);
        }

        JsonNode timed(String resourceId, String query, String requestId, int timeoutMs) {
            queries.add(query);
            JsonNode r = call("execute", execute(resourceId, query, requestId).put("timeoutMs", timeoutMs));
            assertThat(r.path("error").path("data").path("reason").asText()).as("timeout reply " + r)
                    .isEqualTo("QUERY_TIMEOUT");
            return r;
        }

        JsonNode op(String resourceId, String operation, String query, String requestId, String... table) {
            ObjectNode p = JSON.createObjectNode().put("resourceId", resourceId).put("operation", operation)
                    .put("requestId", requestId);
            if (query != null) {
                p.put("query", query);
                queries.add(query);
            }
            if (table.length > 0) {
                p.put("table", table[0]);
            }
            return call("execute", p);
        }

        JsonNode describe(String resourceId, String table, String requestId) {
            return op(resourceId, "describe_table", null, requestId, table);
        }

        JsonNode list(String resourceId, String requestId) {
            return op(resourceId, "list_tables", null, requestId);
        }

        JsonNode find(String resourceId, String collection, String filter, String requestId) throws IOException {
            ObjectNode p = JSON.createObjectNode().put("resourceId", resourceId).put("operation", "query")
                    .put("collection", collection).put("requestId", requestId);
            p.set("filter", JSON.readTree(filter));
            queries.add(filter);
            return call("execute", p);
        }

        JsonNode aggregate(String resourceId, String collection, String pipeline, String requestId) throws IOException {
            ObjectNode p = JSON.createObjectNode().put("resourceId", resourceId).put("operation", "query")
                    .put("collection", collection).put("requestId", requestId);
            p.set("pipeline", JSON.readTree(pipeline));
            queries.add(pipeline);
            return call("execute", p);
        }

        /** The whole response object ({@code result} or {@code error}). */
        JsonNode call(String method, ObjectNode params) {
            try {
                return session.request(method, params).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new AssertionError("no answer to " + method + " " + params, e);
            }
        }

        /** Sends a text frame as is, then a marker request, so the frame has been handled when this returns. */
        void raw(String text) {
            session.sendText(text);
            call("health_check", JSON.createObjectNode().put("resourceId", "main-pg"));
        }
    }

    private static boolean runningInPostgres(PostgresFixture pg, String db, String fragment) {
        try (Connection c = pg.superuserDataSource(db).getConnection();
                PreparedStatement st = c.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND position(? in query) > 0"
                                + " AND pid <> pg_backend_pid()")) {
            st.setString(1, fragment);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw new AssertionError("pg_stat_activity: SQLSTATE " + e.getSQLState(), e);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting: " + what.get());
            }
        }
    }

    // ------------------------------------------------------------------ capture

    /** A thread-safe byte sink read back as lines. */
    private static final class LineSink extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized List<String> lines() {
            List<String> out = new ArrayList<>();
            for (String l : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank()) {
                    out.add(l);
                }
            }
            return out;
        }
    }

    /** Writes to the capture and to the original stream. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }

    /** java.util.logging records (the PostgreSQL driver logs there), formatted with their parameters. */
    private static final class JulCapture extends Handler {
        private final LineSink sink;
        private final SimpleFormatter formatter = new SimpleFormatter();

        JulCapture(LineSink sink) {
            this.sink = sink;
            setLevel(java.util.logging.Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            StringBuilder sb = new StringBuilder("JUL ").append(record.getLevel()).append(' ')
                    .append(record.getLoggerName()).append(' ').append(formatter.formatMessage(record));
            if (record.getThrown() != null) {
                sb.append(" (").append(record.getThrown()).append(')');
            }
            byte[] b = (sb.toString().replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8);
            sink.write(b, 0, b.length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
