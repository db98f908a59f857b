package dev.relay.masking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The committed corpus: every positive masked (raw value gone, mask present), every negative untouched. */
class CorpusTest {
    private final Masker masker = Masker.defaults();

    static List<String> lines(String name) throws IOException {
        try (InputStream in = CorpusTest.class.getResourceAsStream("/corpus/" + name)) {
            assertThat(in).as(name).isNotNull();
            List<String> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank() && !l.startsWith("#")) {
                    out.add(l);
                }
            }
            return out;
        }
    }

    static String expectedMask(String type, String value) {
        switch (type) {
            case "cpf":
                return "***.***.***-**";
            case "cnpj":
                return "**.***.***/****-**";
            case "email":
                return "***@***.***";
            case "credit_card": {
                String digits = value.replaceAll("[^0-9]", "");
                return "****-****-****-" + digits.substring(digits.length() - 4);
            }
            case "phone":
                return value.replaceAll("[0-9]", "*");
            case "bearer_token":
                return value.substring(0, value.indexOf(' ')) + " ***";
            default:
                return "***";
        }
    }

    @Test
    void everyPositiveIsMasked() throws IOException {
        List<String> positives = lines("positives.tsv");
        assertThat(positives).hasSizeGreaterThanOrEqualTo(300);
        Set<PiiType> seen = EnumSet.noneOf(PiiType.class);
        List<String> failures = new ArrayList<>();
        for (String line : positives) {
            String[] f = line.split("\t", 4);
            String type = f[0];
            String value = f[2];
            String text = f[3];
            MaskStats stats = new MaskStats();
            String masked = (String) masker.maskValue(text, MaskScope.NONE, stats);
            boolean ok = !masked.contains(value) && masked.contains(expectedMask(type, value))
                    && stats.countsByType().getOrDefault(type, 0L) >= 1 && stats.fieldsMasked() == 1;
            if (!ok) {
                failures.add(type + "/" + f[1] + ": " + text + "  =>  " + masked + "  " + stats);
            }
            seen.add(PiiType.byId(type));
        }
        assertThat(failures).isEmpty();
        assertThat(seen).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(PiiType.class));
    }

    @Test
    void everyNegativeIsReturnedUntouched() throws IOException {
        List<String> negatives = lines("negatives.txt");
        assertThat(negatives).hasSizeGreaterThanOrEqualTo(300);
        List<String> failures = new ArrayList<>();
        for (String text : negatives) {
            String masked = masker.mask(text);
            if (masked != text) {
                failures.add(text + "  =>  " + masked);
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void positivesCoverEveryWrittenForm() throws IOException {
        Set<String> forms = new TreeSet<>();
        for (String line : lines("positives.tsv")) {
            String[] f = line.split("\t", 4);
            forms.add(f[0] + "/" + f[1]);
        }
        assertThat(forms).contains("cpf/formatted", "cpf/bare", "cnpj/alnum-formatted", "cnpj/alnum-bare",
                "email/plus", "email/subdomain", "credit_card/elo", "credit_card/hipercard", "phone/br-paren-mobile",
                "phone/uk", "bearer_token/opaque", "jwt/bare", "api_key/aws", "api_key/slack",
                "private_key/private-key", "private_key/rsa-private-key", "private_key/ec-private-key",
                "private_key/dsa-private-key", "private_key/openssh-private-key", "private_key/encrypted-private-key",
                "private_key/pgp-private-key-block", "private_key/truncated", "url_credentials/postgres",
                "url_credentials/mongodb+srv", "url_credentials/amqp", "url_credentials/https",
                "url_credentials/at-in-password", "secret_assignment/env-PGPASSWORD",
                "secret_assignment/env-aws_secret_access_key", "secret_assignment/json-escaped",
                "secret_assignment/yaml", "secret_assignment/quoted", "secret_assignment/query-param");
    }
}
