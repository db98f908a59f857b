package dev.relay.masking;

/**
 * How a detected value is replaced.
 * <ul>
 *   <li>{@link Redact}: the type's fixed mask ({@code ***@***.***}, {@code ***.***.***-**}, ...).</li>
 *   <li>{@link Partial}: keeps the last {@code keep} letters and digits, every other letter or digit
 *       becomes {@code *}, punctuation is kept ({@code ***.***.***-09}).</li>
 *   <li>{@link Hash}: a keyed HMAC-SHA256 pseudonym, {@code type:} and 16 hex digits, stable for the
 *       same key and the same value in any written form (so results can still be joined and counted).
 *       Never unkeyed: the key comes from {@code masking.hashKey}.</li>
 * </ul>
 */
public sealed interface MaskStrategy permits MaskStrategy.Redact, MaskStrategy.Partial, MaskStrategy.Hash {

    static MaskStrategy redact() {
        return Redact.INSTANCE;
    }

    static MaskStrategy partial(int keep) {
        return new Partial(keep);
    }

    static MaskStrategy hash() {
        return Hash.INSTANCE;
    }

    /** The config name: {@code redact}, {@code partial} or {@code hash}. */
    String name();

    /** The type's fixed mask. */
    final class Redact implements MaskStrategy {
        static final Redact INSTANCE = new Redact();

        private Redact() {
        }

        @Override
        public String name() {
            return "redact";
        }

        @Override
        public String toString() {
            return "redact";
        }
    }

    /** Keep the last {@code keep} letters and digits. */
    record Partial(int keep) implements MaskStrategy {
        @Override
        public String name() {
            return "partial";
        }
    }

    /** Keyed HMAC-SHA256 pseudonym. */
    final class Hash implements MaskStrategy {
        static final Hash INSTANCE = new Hash();

        private Hash() {
        }

        @Override
        public String name() {
            return "hash";
        }

        @Override
        public String toString() {
            return "hash";
        }
    }
}
