package dev.relay.testkit.sample;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates fake but valid-looking personal data from a {@link Random} it is given (so the
 * output is as deterministic as the random): CPFs and CNPJs with correct check digits,
 * Luhn-valid card numbers with real issuer prefixes, e-mail addresses, Brazilian and international
 * phone numbers, JWTs, bearer tokens and API-key shapes. None of it belongs to anyone.
 *
 * <p>Not thread-safe (neither is the random it wraps).
 */
public final class FakePii {

  static final List<String> FIRST_NAMES = List.of(
      "Ana", "Beatriz", "Camila", "Daniela", "Fernanda", "Gabriela", "Juliana", "Larissa", "Mariana",
      "Patrícia", "Renata", "Tatiane", "João", "Pedro", "Lucas", "Gabriel", "Rafael", "Bruno",
      "Carlos", "Diego", "Eduardo", "Felipe", "Gustavo", "Henrique", "Marcelo", "Rodrigo", "Thiago",
      "Emily", "Olivia", "Sophie", "James", "Liam", "Noah", "Hannah", "Lena", "Jonas", "Inês", "Tiago");
  static final List<String> LAST_NAMES = List.of(
      "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
      "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes",
      "Vieira", "Barbosa", "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Mendes",
      "Smith", "Johnson", "Brown", "Müller", "Schmidt", "Dubois", "Rossi", "Novak", "Costa Pinto");
  private static final List<String> FREE_MAIL = List.of(
      "gmail.com", "hotmail.com", "outlook.com", "yahoo.com.br", "uol.com.br", "bol.com.br",
      "icloud.com", "proton.me");
  private static final List<String> WORK_MAIL = List.of(
      "empresa.com.br", "mail.acme-logistica.com.br", "corp.example.com", "lojas-horizonte.com.br",
      "eu.northwind.example", "finance.contoso.example");
  private static final int[] BR_AREA_CODES = {11, 12, 19, 21, 27, 31, 41, 47, 48, 51, 61, 62, 71, 81, 85, 91};
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private final Random random;

  public FakePii(Random random) {
    this.random = random;
  }

  /** The random this draws from, for callers that pick among the values. */
  public Random random() {
    return random;
  }

  // ---------------------------------------------------------------- names and e-mail

  public String firstName() {
    return pick(FIRST_NAMES);
  }

  public String lastName() {
    return pick(LAST_NAMES);
  }

  /** An address for this person: {@code first.last}, initials, digits, sometimes plus-addressing or a subdomain. */
  public String email(String first, String last) {
    String f = ascii(first);
    String l = ascii(last).replace(" ", "");
    String local = switch (random.nextInt(5)) {
      case 0 -> f + "." + l;
      case 1 -> f.charAt(0) + l + (random.nextInt(90) + 10);
      case 2 -> f + "_" + l + "+" + pick(List.of("compras", "news", "relay", "promo"));
      case 3 -> l + "." + f + random.nextInt(10);
      default -> f + l.charAt(0);
    };
    String domain = random.nextInt(3) == 0 ? pick(WORK_MAIL) : pick(FREE_MAIL);
    return local + "@" + domain;
  }

  // ---------------------------------------------------------------- Brazilian documents

  /** A CPF with valid check digits, formatted {@code 123.456.789-09}. */
  public String cpf() {
    return formatCpf(cpfDigits());
  }

  /** A CPF with valid check digits as 11 bare digits; the first digit is never 0 (so it survives as a number). */
  public String cpfDigits() {
    int[] d = new int[11];
    do {
      d[0] = 1 + random.nextInt(9);
      for (int i = 1; i < 9; i++) {
        d[i] = random.nextInt(10);
      }
    } while (allSame(d, 9));
    d[9] = cpfCheck(d, 9);
    d[10] = cpfCheck(d, 10);
    return digits(d);
  }

  /** {@code 12345678909} as {@code 123.456.789-09}. */
  public static String formatCpf(String digits) {
    return digits.substring(0, 3) + "." + digits.substring(3, 6) + "." + digits.substring(6, 9) + "-"
        + digits.substring(9);
  }

  /** Whether 11 digits (punctuation ignored) form a CPF with valid check digits. */
  public static boolean isValidCpf(String cpf) {
    String s = cpf.replaceAll("[.\\-\\s]", "");
    if (!s.matches("\\d{11}")) {
      return false;
    }
    int[] d = s.chars().map(c -> c - '0').toArray();
    return !allSame(d, 11) && d[9] == cpfCheck(d, 9) && d[10] == cpfCheck(d, 10);
  }

  private static int cpfCheck(int[] d, int length) {
    int sum = 0;
    for (int i = 0; i < length; i++) {
      sum += d[i] * (length + 1 - i);
    }
    int r = (sum * 10) % 11;
    return r == 10 ? 0 : r;
  }

  /** A CNPJ (head office, branch 0001) with valid check digits, formatted {@code 12.345.678/0001-95}. */
  public String cnpj() {
    int[] d = new int[14];
    do {
      for (int i = 0; i < 8; i++) {
        d[i] = random.nextInt(10);
      }
    } while (allSame(d, 8));
    d[8] = 0;
    d[9] = 0;
    d[10] = 0;
    d[11] = 1;
    d[12] = cnpjCheck(d, 12);
    d[13] = cnpjCheck(d, 13);
    String s = digits(d);
    return s.substring(0, 2) + "." + s.substring(2, 5) + "." + s.substring(5, 8) + "/" + s.substring(8, 12)
        + "-" + s.substring(12);
  }

  /** Whether 14 digits (punctuation ignored) form a CNPJ with valid check digits. */
  public static boolean isValidCnpj(String cnpj) {
    String s = cnpj.replaceAll("[./\\-\\s]", "");
    if (!s.matches("\\d{14}")) {
      return false;
    }
    int[] d = s.chars().map(c -> c - '0').toArray();
    return !allSame(d, 14) && d[12] == cnpjCheck(d, 12) && d[13] == cnpjCheck(d, 13);
  }

  private static int cnpjCheck(int[] d, int length) {
    int sum = 0;
    int weight = length - 7;
    for (int i = 0; i < length; i++) {
      sum += d[i] * weight;
      weight = weight == 2 ? 9 : weight - 1;
    }
    int r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  }

  // ---------------------------------------------------------------- cards

  /** A Luhn-valid card number of a real issuer range (Visa, Mastercard, Amex, Elo), written with spaces, dashes or bare. */
  public String cardNumber() {
    String digits = cardDigits();
    return switch (random.nextInt(3)) {
      case 0 -> group(digits, ' ');
      case 1 -> group(digits, '-');
      default -> digits;
    };
  }

  /** A Luhn-valid card number as bare digits. */
  public String cardDigits() {
    String prefix;
    int length = 16;
    switch (random.nextInt(6)) {
      case 0, 1, 2 -> prefix = "4" + random.nextInt(10) + random.nextInt(10);
      case 3 -> prefix = "5" + (1 + random.nextInt(5));
      case 4 -> {
        prefix = random.nextBoolean() ? "34" : "37";
        length = 15;
      }
      default -> prefix = random.nextBoolean() ? "438935" : "451416";
    }
    StringBuilder sb = new StringBuilder(prefix);
    while (sb.length() < length - 1) {
      sb.append(random.nextInt(10));
    }
    sb.append(luhnCheckDigit(sb));
    return sb.toString();
  }

  /** Whether the digits of {@code number} (spaces and dashes ignored) pass the Luhn check. */
  public static boolean isLuhnValid(String number) {
    String s = number.replaceAll("[ \\-]", "");
    if (!s.matches("\\d{12,19}")) {
      return false;
    }
    int sum = 0;
    boolean twice = false;
    for (int i = s.length() - 1; i >= 0; i--) {
      int n = s.charAt(i) - '0';
      if (twice) {
        n *= 2;
        if (n > 9) {
          n -= 9;
        }
      }
      sum += n;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  private static int luhnCheckDigit(CharSequence payload) {
    int sum = 0;
    boolean twice = true;
    for (int i = payload.length() - 1; i >= 0; i--) {
      int n = payload.charAt(i) - '0';
      if (twice) {
        n *= 2;
        if (n > 9) {
          n -= 9;
        }
      }
      sum += n;
      twice = !twice;
    }
    return (10 - sum % 10) % 10;
  }

  private static String group(String digits, char sep) {
    StringBuilder sb = new StringBuilder();
    int[] groups = digits.length() == 15 ? new int[] {4, 6, 5} : new int[] {4, 4, 4, 4};
    int at = 0;
    for (int g : groups) {
      if (at > 0) {
        sb.append(sep);
      }
      sb.append(digits, at, at + g);
      at += g;
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- phones

  /** A Brazilian mobile or landline in one of its usual written forms. */
  public String brazilianPhone() {
    int area = BR_AREA_CODES[random.nextInt(BR_AREA_CODES.length)];
    boolean mobile = random.nextInt(4) != 0;
    String first = mobile ? "9" + (6 + random.nextInt(4)) + n(3) : (2 + random.nextInt(4)) + n(3);
    String last = n(4);
    return switch (random.nextInt(4)) {
      case 0 -> "+55 " + area + " " + first + "-" + last;
      case 1 -> "(" + area + ") " + first + "-" + last;
      case 2 -> "+55" + area + first + last;
      default -> area + " " + first + last;
    };
  }

  /** An international number (US, UK, Portugal, Germany, Argentina, Mexico) in E.164-ish written form. */
  public String internationalPhone() {
    return switch (random.nextInt(6)) {
      case 0 -> "+1 " + (200 + random.nextInt(700)) + "-555-0" + n(3);
      case 1 -> "+44 20 7946 0" + n(3);
      case 2 -> "+351 91" + random.nextInt(10) + " " + n(3) + " " + n(3);
      case 3 -> "+49 30 " + n(8);
      case 4 -> "+54 9 11 " + n(4) + "-" + n(4);
      default -> "+52 55 " + n(4) + " " + n(4);
    };
  }

  /** Mostly Brazilian, sometimes international. */
  public String phone() {
    return random.nextInt(5) == 0 ? internationalPhone() : brazilianPhone();
  }

  // ---------------------------------------------------------------- secrets

  /** A syntactically valid, unsigned-looking HS256 JWT ({@code eyJ…}) carrying this subject. */
  public String jwt(String subject) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(("{\"sub\":\"" + subject + "\",\"iat\":" + (1_760_000_000L + random.nextInt(9_000_000))
        + ",\"scope\":\"orders:read payments:write\"}").getBytes(StandardCharsets.UTF_8));
    byte[] sig = new byte[32];
    random.nextBytes(sig);
    return header + "." + payload + "." + b64.encodeToString(sig);
  }

  /** An API key of a well-known shape: {@code sk_live_…}, {@code ghp_…}, {@code AKIA…}, {@code xoxb-…}. */
  public String apiKey() {
    return switch (random.nextInt(4)) {
      case 0 -> "sk_live_" + chars(ALNUM, 24);
      case 1 -> "ghp_" + chars(ALNUM, 36);
      case 2 -> "AKIA" + chars(UPPER_ALNUM, 16);
      default -> "xoxb-" + n(12) + "-" + n(12) + "-" + chars(ALNUM, 24);
    };
  }

  /** An opaque bearer token ({@code Bearer …}) as it appears in a pasted HTTP header. */
  public String bearerHeader() {
    return "Bearer " + (random.nextBoolean() ? jwt("usr_" + n(6)) : chars(ALNUM, 40));
  }

  /** An IPv4 address from the documentation ranges. */
  public String ipv4() {
    String[] nets = {"192.0.2.", "198.51.100.", "203.0.113."};
    return nets[random.nextInt(3)] + (1 + random.nextInt(254));
  }

  // ---------------------------------------------------------------- helpers

  <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  String n(int count) {
    StringBuilder sb = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      sb.append(random.nextInt(10));
    }
    return sb.toString();
  }

  private String chars(String alphabet, int count) {
    StringBuilder sb = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  static String ascii(String name) {
    return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
  }

  private static boolean allSame(int[] d, int length) {
    for (int i = 1; i < length; i++) {
      if (d[i] != d[0]) {
        return false;
      }
    }
    return true;
  }

  private static String digits(int[] d) {
    StringBuilder sb = new StringBuilder(d.length);
    for (int x : d) {
      sb.append(x);
    }
    return sb.toString();
  }
}
