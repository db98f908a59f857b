package dev.relay.masking;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/** Writes the replacement of one detected value according to its type's strategy. */
final class Renderer {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    static final int HASH_HEX_CHARS = 16;

    private final MaskStrategy[] strategies;
    private final @Nullable ThreadLocal<Mac> mac;

    Renderer(MaskingConfig config) {
        PiiType[] types = PiiType.values();
        this.strategies = new MaskStrategy[types.length];
        for (PiiType t : types) {
            strategies[t.ordinal()] = config.strategy(t);
        }
        Secret key = config.hashKey();
        if (key == null) {
            this.mac = null;
        } else {
            byte[] k = key.bytes();
            this.mac = ThreadLocal.withInitial(() -> newMac(k));
        }
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new MaskingException("HmacSHA256 is not available in this JVM");
        }
    }

    MaskStrategy strategy(PiiType t) {
        return strategies[t.ordinal()];
    }

    /** Appends the mask of {@code s[start, end)}, a value of built-in type {@code t}. */
    void render(PiiType t, CharSequence s, int start, int end, StringBuilder out) {
        MaskStrategy st = strategies[t.ordinal()];
        if (st instanceof MaskStrategy.Redact) {
            redact(t, s, start, end, out);
        } else if (st instanceof MaskStrategy.Partial p) {
            partial(s, start, end, p.keep(), out);
        } else {
            hash(t.id(), canonical(t, s, start, end), out);
        }
    }

    static void redact(PiiType t, CharSequence s, int start, int end, StringBuilder out) {
        switch (t) {
            case CREDIT_CARD: {
                out.append("****-****-****-");
                int kept = 0;
                int p = end;
                while (p > start && kept < 4) {
                    p--;
                    if (isDigit(s.charAt(p))) {
                        kept++;
                    }
                }
                for (int i = p; i < end; i++) {
                    char c = s.charAt(i);
                    if (isDigit(c)) {
                        out.append(c);
                    }
                }
                return;
            }
            case PHONE:
                for (int i = start; i < end; i++) {
                    char c = s.charAt(i);
                    out.append(isDigit(c) ? '*' : c);
                }
                return;
            default:
                out.append(t.mask());
        }
    }

    /** Every letter or digit but the last {@code keep} becomes '*'; other characters are kept. */
    static void partial(CharSequence s, int start, int end, int keep, StringBuilder out) {
        int alnum = 0;
        for (int i = start; i < end; i++) {
            if (Character.isLetterOrDigit(s.charAt(i))) {
                alnum++;
            }
        }
        int hide = alnum - keep;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(hide > 0 ? '*' : c);
                hide--;
            } else {
                out.append(c);
            }
        }
    }

    /** {@code type:} and the first 16 hex digits of HMAC-SHA256(key, type NUL value). */
    void hash(String type, String canonical, StringBuilder out) {
        if (mac == null) {
            throw new MaskingException("hash strategy without a key");
        }
        Mac m = mac.get();
        m.update(type.getBytes(StandardCharsets.UTF_8));
        m.update((byte) 0);
        byte[] h = m.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
        out.append(type).append(':');
        for (int i = 0; i < HASH_HEX_CHARS / 2; i++) {
            out.append(HEX[(h[i] >> 4) & 0xf]).append(HEX[h[i] & 0xf]);
        }
    }

    /** The value in a form independent of how it was written, so the pseudonym is stable. */
    static String canonical(PiiType t, CharSequence s, int start, int end) {
        switch (t) {
            case CPF:
            case CREDIT_CARD:
            case PHONE:
            case CNPJ: {
                StringBuilder b = new StringBuilder(end - start);
                for (int i = start; i < end; i++) {
                    char c = s.charAt(i);
                    if (isDigit(c) || (t == PiiType.CNPJ && c >= 'A' && c <= 'Z')) {
                        b.append(c);
                    }
                }
                return b.toString();
            }
            case EMAIL:
                return s.subSequence(start, end).toString().toLowerCase(Locale.ROOT);
            case PRIVATE_KEY: {
                // the key material only: line breaks, spaces and written-out escapes (\n) dropped
                StringBuilder b = new StringBuilder(end - start);
                for (int i = start; i < end; i++) {
                    char c = s.charAt(i);
                    if (c == '\\' && i + 1 < end && "nrt".indexOf(s.charAt(i + 1)) >= 0) {
                        i++;
                    } else if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
                        b.append(c);
                    }
                }
                return b.toString();
            }
            default:
                return s.subSequence(start, end).toString();
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
