package dev.relay.masking;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The built-in detectors. Each is on by default and can be switched off. */
public enum PiiType {
    /** Brazilian individual taxpayer id, formatted or 11 bare digits, check digits valid. */
    CPF("cpf", "***.***.***-**"),
    /** Brazilian company id, numeric or the 2026 alphanumeric form, check digits valid. */
    CNPJ("cnpj", "**.***.***/****-**"),
    /** E-mail address (plus-addressing, subdomains, internationalised local parts). */
    EMAIL("email", "***@***.***"),
    /** Payment card number, 13-19 digits, Luhn-valid, known issuer prefix; the last four are kept. */
    CREDIT_CARD("credit_card", "****-****-****-"),
    /** Phone number in a phone-like written form; every digit becomes {@code *}. */
    PHONE("phone", ""),
    /** {@code Authorization} credentials: the token after {@code Bearer} (or the base64 after {@code Basic}) becomes {@code ***}, the scheme is kept. */
    BEARER_TOKEN("bearer_token", "***"),
    /** JSON Web Token ({@code eyJ...}). */
    JWT("jwt", "***"),
    /** Well-known API key shapes (GitHub, GitLab, Stripe, AWS, Slack, Google, npm, SendGrid, OpenAI...). */
    API_KEY("api_key", "***"),
    /**
     * The body of a PEM/OpenSSH/PGP private key block ({@code -----BEGIN ... PRIVATE KEY-----});
     * the BEGIN and END lines are kept. A block whose END line is missing is masked to the end of
     * the text. Public keys and certificates are left alone. No {@code partial} strategy.
     */
    PRIVATE_KEY("private_key", "***"),
    /** The password in a URL's userinfo ({@code postgres://app:***@db:5432/app}); scheme, user and host are kept. */
    URL_CREDENTIALS("url_credentials", "***"),
    /**
     * The value assigned to a key whose name ends in {@code password}, {@code passwd}, {@code pwd},
     * {@code passphrase}, {@code secret}, {@code token}, {@code api_key}, {@code access_key},
     * {@code secret_key}, {@code private_key}... ({@code password=***}, {@code "client_secret": "***"}).
     */
    SECRET_ASSIGNMENT("secret_assignment", "***");

    private final String id;
    private final String mask;

    PiiType(String id, String mask) {
        this.id = id;
        this.mask = mask;
    }

    /** The config and statistics name ({@code credit_card}). */
    public String id() {
        return id;
    }

    String mask() {
        return mask;
    }

    /** The type with config name {@code id}, or null. */
    public static @Nullable PiiType byId(String id) {
        String lower = id.toLowerCase(Locale.ROOT);
        for (PiiType t : values()) {
            if (t.id.equals(lower)) {
                return t;
            }
        }
        return null;
    }
}
