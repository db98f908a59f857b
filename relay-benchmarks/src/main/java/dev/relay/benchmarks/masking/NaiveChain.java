package dev.relay.benchmarks.masking;

import dev.relay.masking.internal.Checksums;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline: one {@code java.util.regex} per detector, applied one after the other to the whole
 * string, each candidate checked with the same validators relay-masking uses. This is how most
 * masking code is written. Eleven rules, one per built-in type (CNPJ, CPF, e-mail, card, phone,
 * bearer, JWT, API keys, private keys, URL credentials, secret assignments).
 */
final class NaiveChain {

    private record Rule(Pattern pattern, Predicate<String> valid, String mask) {
    }

    private static String digits(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static final Rule[] RULES = {
        new Rule(Pattern.compile("\\b[0-9A-Z]{2}\\.?[0-9A-Z]{3}\\.?[0-9A-Z]{3}/?[0-9A-Z]{4}-?\\d{2}\\b"),
                s -> Checksums.cnpj(digits(s)), "**.***.***/****-**"),
        new Rule(Pattern.compile("\\b\\d{3}\\.?\\d{3}\\.?\\d{3}-?\\d{2}\\b"), s -> Checksums.cpf(digits(s)), "***.***.***-**"),
        new Rule(Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"), s -> true, "***@***.***"),
        new Rule(Pattern.compile("\\b(?:\\d[ -]?){12,18}\\d\\b"), s -> Checksums.card(digits(s)), "****-****-****-****"),
        new Rule(Pattern.compile("(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{2,3}\\) ?|\\b\\d{2,3}[ .-])\\d{4,5}[ .-]?\\d{4}\\b"),
                s -> {
                    String d = digits(s);
                    return d.length() >= 10 && d.length() <= 15;
                }, "(**) *****-****"),
        new Rule(Pattern.compile("(?i)\\b(?:Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]{8,}"), s -> true, "Bearer ***"),
        new Rule(Pattern.compile("\\beyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"), s -> true, "***"),
        new Rule(Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\\w{22,}|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}"
                + "|A(?:KIA|SIA)[A-Z0-9]{16}|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[A-Za-z0-9_-]{35}|glpat-[\\w-]{20,}|npm_[A-Za-z0-9]{36})\\b"),
                s -> true, "***"),
        // private keys (to the END line of a private key label, or to the end of the text)
        new Rule(Pattern.compile("-----BEGIN [A-Z0-9 ]{0,64}PRIVATE KEY[A-Z0-9 ]{0,64}-----[\\s\\S]*?"
                + "(?:-----END [A-Z0-9 ]{0,64}PRIVATE KEY[A-Z0-9 ]{0,64}-----|\\z)"), s -> true, "-----BEGIN PRIVATE KEY-----***"),
        // credentials in URLs
        new Rule(Pattern.compile("\\b[A-Za-z][A-Za-z0-9+.-]*://[^\\s/:@\"'<>\\\\`]*:[^\\s/\"'<>\\\\`]+@"), s -> true, "://***:***@"),
        // values of secret keys
        new Rule(Pattern.compile("(?i)(?:password|passwd|pwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)"
                + "[\"']?\\s{0,4}(?:=>?|:=?)\\s*(?:\"[^\"\\n]*\"|'[^'\\n]*'|[^\\s,;&\"'}\\])<>]+)"), s -> true, "secret=***"),
    };

    String mask(String s) {
        String cur = s;
        for (Rule rule : RULES) {
            Matcher m = rule.pattern.matcher(cur);
            StringBuilder out = null;
            int last = 0;
            while (m.find()) {
                String hit = m.group();
                if (!rule.valid.test(hit)) {
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder(cur.length());
                }
                out.append(cur, last, m.start()).append(rule.mask);
                last = m.end();
            }
            if (out != null) {
                out.append(cur, last, cur.length());
                cur = out.toString();
            }
        }
        return cur;
    }
}
