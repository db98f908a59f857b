package dev.relay.masking.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Writes the committed corpus files ({@code src/test/resources/corpus/}). Deterministic (fixed seed);
 * run {@code main} with the module directory as argument to regenerate. The tests read the files,
 * not this class.
 */
public final class CorpusGenerator {

    private final Random r = new Random(20261121L);
    private final Pii pii = new Pii(r);

    /** Contexts: log lines, JSON strings, support-ticket notes, in Portuguese and English. */
    private static final String[] CONTEXTS = {
        "2026-11-21T13:05:22.123Z INFO  [http-nio-8080-exec-3] c.e.CustomerService - lookup %s status=FOUND",
        "2026-11-21 13:05:22,481 WARN  PaymentWorker - retry 2/5 for customer %s after timeout 30s",
        "{\"customer\":{\"id\":1842,\"contact\":\"%s\",\"active\":true}}",
        "{\"event\":\"signup\",\"payload\":{\"value\":\"%s\",\"source\":\"web\"},\"ts\":1763730322}",
        "Ticket #48213: cliente informou %s ao atendente, favor verificar o cadastro.",
        "Chamado 2026/1187 - Olá, meu dado é %s, aguardo retorno até sexta.",
        "Support note: the caller confirmed %s before the refund of $42.50 was approved.",
        "Customer says: please update my record (%s) and close ticket 7731.",
        "%s",
        "ERROR duplicate key value violates unique constraint \"customers_key\" DETAIL: value %s already exists",
        "| 2026-03-01 | %s | pendente |",
        "<td class=\"val\">%s</td>",
        "user_note=\"%s\" priority=high",
        "Prezados, segue o dado solicitado: %s. Atenciosamente, Equipe Financeira",
        "[audit] field changed old=<redacted> new=%s by operator 17",
        "csv,row,417,%s,SP,ativo",
        "Hi team - forwarding what the client wrote: \"%s\" (see thread 55)",
    };

    private final List<String> positives = new ArrayList<>();
    private final List<String> negatives = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".").resolve("src/test/resources/corpus");
        CorpusGenerator g = new CorpusGenerator();
        g.generate();
        Files.createDirectories(dir);
        Files.write(dir.resolve("positives.tsv"), g.positives, StandardCharsets.UTF_8);
        Files.write(dir.resolve("negatives.txt"), g.negatives, StandardCharsets.UTF_8);
        System.out.println(g.positives.size() + " positives, " + g.negatives.size() + " negatives");
    }

    private String context() {
        return CONTEXTS[r.nextInt(CONTEXTS.length)];
    }

    private void pos(String type, String form, int count, Supplier<String> value) {
        for (int i = 0; i < count; i++) {
            String v = value.get();
            String ctx = context();
            positives.add(type + "\t" + form + "\t" + v + "\t" + String.format(ctx, v).replace("\t", " "));
        }
    }

    private void neg(int count, Supplier<String> text) {
        for (int i = 0; i < count; i++) {
            negatives.add(text.get());
        }
    }

    private static final String[] FIRST = {"ana", "joao", "maria", "pedro", "lucas", "julia", "john", "emma",
        "oliver", "sofia", "rafael", "beatriz", "carlos", "li.wei", "fatima", "o_brien"};
    private static final String[] DOMAINS = {"gmail.com", "empresa.com.br", "mail.example.org",
        "corp.acme-industries.co.uk", "uol.com.br", "sub.domain.example.io", "hotmail.com", "banco.gov.br"};
    private static final String[] DDD = {"11", "21", "31", "41", "47", "51", "61", "71", "81", "85", "91", "19", "27", "62"};

    private String name() {
        return FIRST[r.nextInt(FIRST.length)];
    }

    private String domain() {
        return DOMAINS[r.nextInt(DOMAINS.length)];
    }

    private String ddd() {
        return DDD[r.nextInt(DDD.length)];
    }

    private String mobile() {
        return "9" + (char) ('1' + r.nextInt(9)) + pii.digits(7);
    }

    private String landline() {
        return (char) ('2' + r.nextInt(4)) + pii.digits(7);
    }

    private String nanp() {
        return (char) ('2' + r.nextInt(8)) + pii.digits(2) + (char) ('2' + r.nextInt(8)) + pii.digits(6);
    }

    void generate() {
        // ---------------------------------------------------------------- positives
        pos("cpf", "formatted", 20, () -> Pii.formatCpf(pii.cpf()));
        pos("cpf", "bare", 15, pii::cpf);
        pos("cpf", "dash", 8, () -> {
            String c = pii.cpf();
            return c.substring(0, 9) + "-" + c.substring(9);
        });
        pos("cnpj", "formatted", 12, () -> Pii.formatCnpj(pii.cnpj(false)));
        pos("cnpj", "bare", 8, () -> pii.cnpj(false));
        pos("cnpj", "slash", 4, () -> {
            String c = pii.cnpj(false);
            return c.substring(0, 8) + "/" + c.substring(8, 12) + "-" + c.substring(12);
        });
        pos("cnpj", "alnum-formatted", 12, () -> Pii.formatCnpj(pii.cnpj(true)));
        pos("cnpj", "alnum-bare", 8, () -> pii.cnpj(true));
        pos("email", "simple", 14, () -> name() + "@" + domain());
        pos("email", "plus", 10, () -> name() + "+" + pii.chars("abcdefghij", 5) + "@" + domain());
        pos("email", "subdomain", 8, () -> name() + "." + pii.digits(2) + "@mx" + r.nextInt(9) + ".eu.mail." + domain());
        pos("email", "upper", 4, () -> name().toUpperCase() + "@" + domain().toUpperCase());
        pos("email", "unicode-local", 4, () -> "joão.conceição@" + domain());
        pos("credit_card", "visa-bare", 8, () -> pii.card("4", 16));
        pos("credit_card", "visa-spaces", 8, () -> Pii.group(pii.card("4", 16), 4, 4, 4, 4));
        pos("credit_card", "visa-dashes", 6, () -> Pii.group(pii.card("4", 16), "-", 4, 4, 4, 4));
        pos("credit_card", "mastercard", 8, () -> Pii.group(pii.card(String.valueOf(51 + r.nextInt(5)), 16), 4, 4, 4, 4));
        pos("credit_card", "mastercard-2series", 4, () -> pii.card(String.valueOf(2221 + r.nextInt(500)), 16));
        pos("credit_card", "amex", 6, () -> Pii.group(pii.card(r.nextBoolean() ? "34" : "37", 15), 4, 6, 5));
        pos("credit_card", "amex-bare", 3, () -> pii.card("37", 15));
        pos("credit_card", "diners", 3, () -> Pii.group(pii.card("36", 14), 4, 6, 4));
        pos("credit_card", "discover", 4, () -> Pii.group(pii.card("6011", 16), "-", 4, 4, 4, 4));
        pos("credit_card", "jcb", 3, () -> pii.card("35" + (28 + r.nextInt(60)), 16));
        pos("credit_card", "elo", 8, () -> Pii.group(pii.card(new String[] {"636368", "504175", "509123", "650487", "401178", "627780"}[r.nextInt(6)], 16), 4, 4, 4, 4));
        pos("credit_card", "hipercard", 6, () -> Pii.group(pii.card(r.nextBoolean() ? "606282" : "384100", 16), 4, 4, 4, 4));
        pos("credit_card", "visa-19", 2, () -> pii.card("4", 19));
        pos("phone", "br-intl-mobile", 10, () -> "+55 " + ddd() + " " + splitMobile(mobile()));
        pos("phone", "br-intl-paren", 6, () -> "+55 (" + ddd() + ") " + splitMobile(mobile()));
        pos("phone", "br-e164", 6, () -> "+55" + ddd() + mobile());
        pos("phone", "br-paren-mobile", 10, () -> "(" + ddd() + ") " + splitMobile(mobile()));
        pos("phone", "br-paren-landline", 8, () -> "(" + ddd() + ") " + splitLandline(landline()));
        pos("phone", "br-spaced", 6, () -> ddd() + " " + splitMobile(mobile()));
        pos("phone", "br-trunk", 4, () -> "(0" + ddd() + ") " + splitMobile(mobile()));
        pos("phone", "us-paren", 6, () -> {
            String n = nanp();
            return "(" + n.substring(0, 3) + ") " + n.substring(3, 6) + "-" + n.substring(6);
        });
        pos("phone", "us-intl", 6, () -> {
            String n = nanp();
            return "+1 " + n.substring(0, 3) + "-" + n.substring(3, 6) + "-" + n.substring(6);
        });
        pos("phone", "us-dashes", 4, () -> {
            String n = nanp();
            return n.substring(0, 3) + "-" + n.substring(3, 6) + "-" + n.substring(6);
        });
        pos("phone", "uk", 4, () -> "+44 20 7" + pii.digits(3) + " " + pii.digits(4));
        pos("phone", "fr", 4, () -> "+33 " + (1 + r.nextInt(7)) + " " + pii.digits(2) + " " + pii.digits(2) + " " + pii.digits(2) + " " + pii.digits(2));
        pos("phone", "de", 3, () -> "+49 (0)30 " + pii.digits(7));
        pos("phone", "pt", 3, () -> "+351 91" + r.nextInt(10) + " " + pii.digits(3) + " " + pii.digits(3));
        pos("phone", "keyword-bare", 6, () -> new String[] {"tel: ", "Telefone ", "cel. ", "WhatsApp: ", "phone="}[r.nextInt(5)] + bareMobileValue());
        pos("phone", "keyword-local", 4, () -> new String[] {"cel ", "fone: "}[r.nextInt(2)] + splitMobile(mobile()));
        pos("bearer_token", "opaque", 8, () -> "Bearer " + pii.b62(32));
        pos("bearer_token", "jwt", 6, () -> "Bearer " + pii.jwt());
        pos("bearer_token", "basic", 4, () -> "Basic " + java.util.Base64.getEncoder().encodeToString((name() + ":" + pii.b62(10)).getBytes(StandardCharsets.UTF_8)));
        pos("jwt", "bare", 10, pii::jwt);
        pos("api_key", "github", 6, () -> "ghp_" + pii.b62(36));
        pos("api_key", "github-oauth", 2, () -> "gho_" + pii.b62(36));
        pos("api_key", "github-fine", 3, () -> "github_pat_11" + pii.b62(20) + "_" + pii.b62(59));
        pos("api_key", "gitlab", 3, () -> "glpat-" + pii.b62(20));
        pos("api_key", "stripe", 5, () -> (r.nextBoolean() ? "sk_live_" : "rk_live_") + pii.b62(24));
        pos("api_key", "stripe-test", 2, () -> "sk_test_" + pii.b62(24));
        pos("api_key", "aws", 6, () -> (r.nextBoolean() ? "AKIA" : "ASIA") + pii.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16));
        pos("api_key", "slack", 5, () -> "xox" + "bpas".charAt(r.nextInt(4)) + "-" + pii.digits(12) + "-" + pii.digits(13) + "-" + pii.b62(24));
        pos("api_key", "google", 5, () -> "AIza" + pii.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 35));
        pos("api_key", "npm", 2, () -> "npm_" + pii.b62(36));
        pos("api_key", "sendgrid", 2, () -> "SG." + pii.b62(22) + "." + pii.b62(43));
        pos("api_key", "openai", 3, () -> "sk-proj-" + pii.b62(40));

        // ---------------------------------------------------------------- negatives
        String hex = "0123456789abcdef";
        neg(25, () -> "request " + java.util.UUID.nameUUIDFromBytes(pii.digits(8).getBytes(StandardCharsets.UTF_8)) + " completed in 132ms");
        neg(10, () -> "{\"id\":\"" + pii.chars(hex, 8) + "-" + pii.chars(hex, 4) + "-4" + pii.chars(hex, 3) + "-a" + pii.chars(hex, 3) + "-" + pii.chars(hex, 12) + "\",\"ok\":true}");
        neg(10, () -> pii.digits(8) + "-" + pii.digits(4) + "-" + pii.digits(4) + "-" + pii.digits(4) + "-" + pii.digits(12));
        neg(20, () -> "2026-" + two(12) + "-" + two(28) + "T" + two(23) + ":" + two(59) + ":" + two(59) + "." + pii.digits(3) + "Z INFO job finished");
        neg(10, () -> "created_at=" + "2025-0" + (1 + r.nextInt(9)) + "-1" + r.nextInt(9) + " 1" + r.nextInt(9) + ":3" + r.nextInt(9) + ":00+00 updated_at=2026-11-21 10:30:00.123456-03");
        neg(10, () -> "epoch " + (1700000000L + r.nextInt(90000000)) + " ms " + (1700000000000L + r.nextInt(900000000)) + " us " + (1700000000000000L + r.nextInt(900000000)));
        neg(10, () -> "Data de vencimento: " + two(28) + "/" + two(12) + "/2026 às " + two(23) + ":" + two(59));
        neg(20, () -> "Order ORD-" + pii.digits(8) + " shipped, invoice INV-2026-" + pii.digits(6));
        neg(10, () -> "Pedido nº " + pii.digits(6) + " - nota fiscal " + pii.digits(3) + "." + pii.digits(3) + "." + pii.digits(3) + " série 1");
        neg(25, () -> "customer_ref " + pii.invalidCpf() + " not found");
        neg(15, () -> "documento " + Pii.formatCpf(pii.invalidCpf()) + " inválido");
        neg(10, () -> "CNPJ " + Pii.formatCnpj(pii.invalidCnpj()) + " com dígito errado");
        neg(5, () -> "cnpj alfanumérico inválido " + invalidAlnumCnpj());
        neg(20, () -> "tracking " + pii.invalidCard("4", 16));
        neg(10, () -> "card on file " + Pii.group(pii.invalidCard("5" + (1 + r.nextInt(5)), 16), 4, 4, 4, 4) + " (checksum wrong)");
        neg(5, () -> "ref " + Pii.group(pii.invalidCard("6062", 16), "-", 4, 4, 4, 4));
        neg(10, () -> "serial " + unissued16());
        neg(15, () -> "client " + (10 + r.nextInt(200)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + " connected from port " + (1024 + r.nextInt(60000)));
        neg(5, () -> "ipv6 2001:db8:" + pii.chars(hex, 4) + "::" + pii.chars(hex, 3) + " fe80::1%eth0");
        neg(15, () -> "Total: R$ " + r.nextInt(999) + "." + pii.digits(3) + "," + pii.digits(2) + " (USD " + r.nextInt(99) + "," + pii.digits(3) + "." + pii.digits(2) + ")");
        neg(5, () -> "price=" + r.nextInt(9999) + "." + pii.digits(2) + " qty=" + r.nextInt(50) + " discount=0." + pii.digits(2));
        neg(15, () -> "upgraded relay from v" + r.nextInt(5) + "." + r.nextInt(30) + "." + r.nextInt(20) + " to " + r.nextInt(5) + "." + r.nextInt(30) + "." + r.nextInt(20) + "-SNAPSHOT (build 2026" + pii.digits(4) + "." + r.nextInt(9) + ")");
        neg(5, () -> "java version \"17.0." + r.nextInt(20) + "\" 2025-04-15 build 17.0.15+6-Debian-1deb12u1");
        neg(10, () -> "sha256:" + pii.chars(hex, 64));
        neg(10, () -> "commit " + pii.chars(hex, 40) + " (md5 " + pii.chars(hex, 32) + ")");
        neg(5, () -> "etag W/\"" + pii.chars(hex, 16) + "\" sha1=" + pii.chars(hex.toUpperCase(), 40));
        neg(15, () -> "/var/log/relay/2026/11/" + two(28) + "/relay-" + pii.digits(6) + ".log.gz");
        neg(5, () -> "C:\\Users\\build\\AppData\\Local\\Temp\\tmp" + pii.digits(10) + ".dat");
        neg(5, () -> "s3://bucket-prod/exports/2026-11-21/part-" + pii.digits(5) + ".parquet");
        neg(10, () -> "CEP " + pii.digits(5) + "-" + pii.digits(3) + ", São Paulo - SP");
        neg(5, () -> "ZIP " + pii.digits(5) + "-" + pii.digits(4));
        neg(10, () -> "Bearer bonds and basic facts are discussed in chapter " + r.nextInt(30));
        neg(10, () -> "@" + name() + " mentioned you in #incident-" + pii.digits(4) + "; reply to admin@localhost or root@db01");
        neg(5, () -> "npm install @scope/pkg@" + r.nextInt(9) + "." + r.nextInt(9) + "." + r.nextInt(9));
        neg(5, () -> "version " + r.nextInt(9) + "." + r.nextInt(99) + "." + r.nextInt(999) + "." + pii.digits(4));
        neg(10, () -> "latency p50=" + r.nextInt(99) + "ms p99=" + r.nextInt(999) + "ms rows=" + pii.digits(7) + " bytes=" + pii.digits(9));
        neg(10, () -> "id " + pii.digits(9) + " account " + pii.digits(10) + " seq " + pii.digits(12));
        neg(5, () -> "the AKIA prefix alone, ghp_ alone, sk_live_ alone, xoxb- alone, eyJ alone are not keys");
        neg(5, () -> "{\"lat\":-23." + pii.digits(6) + ",\"lng\":-46." + pii.digits(6) + ",\"alt\":" + r.nextInt(900) + "}");
        neg(5, () -> "base64 payload dGhpcyBpcyBub3QgYSBzZWNyZXQ" + pii.b62(12) + " end");
        neg(5, () -> "SELECT * FROM orders WHERE created_at > '2026-01-01' AND total > 100.50 LIMIT 1000");
        neg(5, () -> "Olá equipe, o relatório de vendas do trimestre está anexado. Obrigado!");
        neg(5, () -> "bare digits " + bareMobile() + " in an id column are not a written number");

        generateSecrets();
    }

    // ------------------------------------------------------------------ secrets (session 2)
    // Appended after everything above so the earlier lines of the files stay as they were.

    private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final String[] SECRET_CONTEXTS = {
        "2026-11-21T13:05:22.123Z DEBUG [main] c.e.Config - loaded %s from environment",
        "{\"service\":\"billing\",\"config\":\"%s\",\"env\":\"prod\"}",
        "Ticket #48213: o cliente colou %s no chat, favor rotacionar.",
        "Support note: customer pasted %s into the form before the refund of $42.50 was approved.",
        "%s",
        "[deploy] step 3/7 env: %s region=sa-east-1",
        "csv,row,417,%s,SP,ativo",
        "| 2026-03-01 | %s | pendente |",
        "Hi team - forwarding what the client wrote: \"%s\" (see thread 55)",
    };

    /** A positive whose inserted text ({@code text[0]}) holds the secret ({@code text[1]}) that must disappear. */
    private void posSecret(String type, String form, int count, Supplier<String[]> value) {
        for (int i = 0; i < count; i++) {
            String[] v = value.get();
            String ctx = SECRET_CONTEXTS[r.nextInt(SECRET_CONTEXTS.length)];
            positives.add(type + "\t" + form + "\t" + v[1] + "\t" + String.format(ctx, v[0]).replace("\t", " "));
        }
    }

    /** A random password with a digit and a symbol (a letters-only word followed by prose reads as prose). */
    private String password() {
        return pii.chars("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ", 6) + pii.digits(2)
                + "!#%^_".charAt(r.nextInt(5)) + pii.b62(3);
    }

    /** A PEM body as it appears inside a JSON string or a one-line log: lines joined by a written-out \n. */
    private String pemBody(int lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            b.append(i == 0 ? "MII" : "").append(pii.chars(B64, i == 0 ? 61 : 64)).append("\\n");
        }
        return b.append(pii.chars(B64, 20)).append("==").toString();
    }

    private void generateSecrets() {
        // private keys: the body goes, the BEGIN and END lines stay
        for (String label : new String[] {"PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY",
            "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK"}) {
            String form = label.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
            posSecret("private_key", form, 4, () -> {
                String body = pemBody(2 + r.nextInt(3));
                return new String[] {"-----BEGIN " + label + "-----\\n" + body + "\\n-----END " + label + "-----",
                    body.substring(0, 40)};
            });
        }
        posSecret("private_key", "truncated", 4, () -> {
            String body = pemBody(3);
            return new String[] {"-----BEGIN RSA PRIVATE KEY-----\\n" + body, body.substring(body.length() - 40)};
        });
        posSecret("private_key", "encrypted-headers", 2, () -> {
            String body = pemBody(2);
            return new String[] {"-----BEGIN RSA PRIVATE KEY-----\\nProc-Type: 4,ENCRYPTED\\nDEK-Info: AES-128-CBC,"
                + pii.chars("0123456789ABCDEF", 32) + "\\n\\n" + body + "\\n-----END RSA PRIVATE KEY-----", body.substring(0, 40)};
        });

        // credentials in URLs: the password goes, scheme, user and host stay
        String[][] urls = {
            {"https", "deploy", "git.example.com/org/repo.git"},
            {"postgres", "app", "db.internal:5432/app"},
            {"postgresql", "report_ro", "10.0.3.17:5432/warehouse?sslmode=require"},
            {"mysql", "root", "mysql-primary.prod.svc:3306/shop"},
            {"mongodb+srv", "svc-orders", "cluster0.ab1cd.mongodb.net/orders?retryWrites=true"},
            {"mongodb", "admin", "mongo-0.mongo:27017,mongo-1.mongo:27017/admin?replicaSet=rs0"},
            {"amqp", "guest", "localhost:5672/%2F"},
            {"redis", "default", "cache.example.net:6379/0"},
            {"ftp", "upload", "ftp.example.org/incoming"},
            {"jdbc:postgresql", "etl", "warehouse.example.com:5432/dw"},
        };
        for (String[] u : urls) {
            posSecret("url_credentials", u[0].replace(':', '-'), 3, () -> {
                String pw = password();
                return new String[] {u[0] + "://" + u[1] + ":" + pw + "@" + u[2], pw};
            });
        }
        posSecret("url_credentials", "at-in-password", 3, () -> {
            String pw = "p@" + password();
            return new String[] {"postgres://app:" + pw + "@db.internal:5432/app", pw.substring(2)};
        });
        posSecret("url_credentials", "percent-encoded", 3, () -> {
            String pw = pii.b62(8) + "%40" + pii.b62(6);
            return new String[] {"https://svc:" + pw + "@api.example.com/v1", pw};
        });

        // secret assignments: the value goes, the key stays
        String[] tightKeys = {"password", "PASSWORD", "PGPASSWORD", "MYSQL_PWD", "db_password", "DB_PASS", "passwd",
            "client_secret", "aws_secret_access_key", "secret_key", "api_key", "apiKey", "x-api-key", "access_token",
            "refresh_token", "auth_token", "token", "SLACK_BOT_TOKEN", "private_key", "passphrase", "jwt_secret"};
        for (String key : tightKeys) {
            posSecret("secret_assignment", "env-" + key, 2, () -> {
                String v = r.nextBoolean() ? password() : pii.b62(24 + r.nextInt(16));
                return new String[] {key + "=" + v, v};
            });
        }
        posSecret("secret_assignment", "yaml", 8, () -> {
            String v = password();
            return new String[] {new String[] {"password", "api_key", "clientSecret", "token"}[r.nextInt(4)] + ": " + v, v};
        });
        posSecret("secret_assignment", "json-escaped", 6, () -> {
            String v = pii.b62(20 + r.nextInt(12));
            String k = new String[] {"client_secret", "password", "access_token", "apiKey"}[r.nextInt(4)];
            return new String[] {"{\\\"" + k + "\\\": \\\"" + v + "\\\"}", v};
        });
        posSecret("secret_assignment", "quoted", 6, () -> {
            String v = password();
            String q = r.nextBoolean() ? "'" : "`";
            return new String[] {new String[] {"secret_key", "password", "api_key"}[r.nextInt(3)] + " = " + q + v + q, v};
        });
        posSecret("secret_assignment", "query-param", 6, () -> {
            String v = pii.b62(32);
            return new String[] {"https://api.example.com/v2/orders?limit=50&access_token=" + v + "&page=2", v};
        });
        posSecret("secret_assignment", "java-map", 4, () -> {
            String v = password();
            return new String[] {"{user=app, password=" + v + ", host=db.internal}", v};
        });
        posSecret("secret_assignment", "odbc", 4, () -> {
            String v = password();
            return new String[] {"Server=sql01;Database=erp;User Id=erp_app;Password=" + v + ";Encrypt=true", v};
        });
        posSecret("secret_assignment", "header", 4, () -> {
            String v = pii.b62(40);
            return new String[] {new String[] {"X-Api-Key", "X-Auth-Token"}[r.nextInt(2)] + ": " + v, v};
        });

        // ---------------------------------------------------------------- negatives
        neg(4, () -> "reset your password: click the link we sent to your inbox within " + (10 + r.nextInt(50)) + " minutes");
        neg(4, () -> "Your password: must be at least " + (8 + r.nextInt(8)) + " characters long");
        neg(4, () -> "token count: " + r.nextInt(9000) + " prompt_tokens: " + r.nextInt(9000) + " max_tokens: 4096");
        neg(3, () -> "SELECT id, email_verified, password_hash, token_version FROM users WHERE password_hash IS NOT NULL LIMIT " + (10 + r.nextInt(90)));
        neg(3, () -> "UPDATE users SET password_hash = $1, token_version = token_version + 1 WHERE id = $2");
        neg(3, () -> "SELECT * FROM sessions WHERE refresh_token = ? AND expires_at > now()");
        neg(3, () -> "DELETE FROM api_keys WHERE api_key = :api_key AND owner_id = :owner_id");
        neg(3, () -> "CREATE TABLE users (id bigint, password_hash text NOT NULL, password_changed_at timestamptz, reset_token_expires timestamptz)");
        neg(3, () -> "| column | type | note |\\n| password_hash | text | bcrypt, cost 12 |\\n| api_token_id | bigint | fk |");
        neg(3, () -> "**Password**: at least 12 characters, one digit. **Token**: issued by the console.");
        neg(3, () -> "- `password`: the database password (required)\\n- `token`: see the admin guide");
        neg(3, () -> "password= user=app host=db.internal port=5432");
        neg(3, () -> "password: ******** token=*** api_key=[REDACTED] client_secret=<hidden>");
        neg(3, () -> "password: ${DB_PASSWORD} api_key: {{ vault_api_key }} token=%s secret=#{secret}");
        neg(3, () -> "password: null token: none secret: false has_password: true password_set=false");
        neg(3, () -> "password_min_length=12 password_expires_in: 90d token_type: bearer token_endpoint: https://auth.example.com/oauth/token");
        neg(3, () -> "grant_type=password&username=relay&scope=read auth_method=password");
        neg(3, () -> "nextPageToken: CAUQ" + pii.b62(6) + " tokenizer: cl100k_base secretName: db-credentials");
        neg(3, () -> "PWD=/home/relay OLDPWD=/srv/app HOME=/home/relay SHELL=/bin/bash");
        neg(3, () -> "Esqueceu a senha? Em password: clique em redefinir e siga as instruções.");
        neg(3, () -> "-----BEGIN CERTIFICATE-----\\nMII" + pii.chars(B64, 61) + "\\n" + pii.chars(B64, 30) + "==\\n-----END CERTIFICATE-----");
        neg(3, () -> "-----BEGIN PUBLIC KEY-----\\nMII" + pii.chars(B64, 61) + "\\n-----END PUBLIC KEY-----");
        neg(2, () -> "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + pii.b62(43) + " deploy@build-01");
        neg(2, () -> "-----BEGIN PGP SIGNATURE-----\\n\\niQEz" + pii.chars(B64, 60) + "\\n-----END PGP SIGNATURE-----");
        neg(3, () -> "https://example.com/login?next=/account&lang=pt-BR postgres://db.internal:5432/app");
        neg(3, () -> "jdbc:postgresql://db-" + r.nextInt(9) + ".internal:5432/app?ssl=true&sslmode=verify-full");
        neg(3, () -> "clone https://git.example.com/org/repo.git and redis://:@localhost:6379/0");
        neg(3, () -> "http://[::1]:8080/health https://medium.com/@author/post-" + pii.digits(4) + " s3://bucket/a:b");
        neg(2, () -> "std::string token; Token::Secret::new(); a == b && password != ''");
        neg(2, () -> "<input type=\"password\" name=\"password\" autocomplete=\"current-password\">");
        neg(3, () -> "{\"event\":\"request\",\"maskedByType\":{\"api_key\":" + r.nextInt(9) + ",\"private_key\":1,\"secret_assignment\":"
                + r.nextInt(99) + "},\"token\":" + r.nextInt(999) + "}");
    }

    private String bareMobileValue() {
        String v = bareMobile();
        return r.nextBoolean() ? v : "55" + v;
    }

    private String bareMobile() {
        while (true) {
            String v = ddd() + mobile();
            if (!dev.relay.masking.internal.Checksums.cpf(v)) {
                return v;
            }
        }
    }

    private String two(int max) {
        int v = 1 + r.nextInt(max);
        return v < 10 ? "0" + v : String.valueOf(v);
    }

    private String splitMobile(String m) {
        return m.substring(0, 5) + "-" + m.substring(5);
    }

    private String splitLandline(String m) {
        return m.substring(0, 4) + "-" + m.substring(4);
    }

    private String invalidAlnumCnpj() {
        String c = pii.cnpj(true);
        char last = c.charAt(13);
        return Pii.formatCnpj(c.substring(0, 13) + (char) ('0' + (last - '0' + 1) % 10));
    }

    /** 16 digits starting with 1, 7, 8 or 9 (no issuer), Luhn-valid or not. */
    private String unissued16() {
        return "179".charAt(r.nextInt(3)) + pii.digits(15);
    }
}
