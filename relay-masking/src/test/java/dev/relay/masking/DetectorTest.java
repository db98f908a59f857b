package dev.relay.masking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.masking.internal.Checksums;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Table-driven: each written form and its mask; each decoy left alone. */
class DetectorTest {
    private final Masker masker = Masker.defaults();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // CPF
        "cpf 529.982.247-25 ok        | cpf ***.***.***-** ok",
        "cpf 52998224725              | cpf ***.***.***-**",
        "cpf 529982247-25             | cpf ***.***.***-**",
        "CPF:52998224725;             | CPF:***.***.***-**;",
        "csv,7,52998224725,SP         | csv,7,***.***.***-**,SP",
        // CNPJ, numeric and alphanumeric (2026)
        "11.222.333/0001-81           | **.***.***/****-**",
        "11222333000181               | **.***.***/****-**",
        "11222333/0001-81             | **.***.***/****-**",
        "novo 12.ABC.345/01DE-35 fim  | novo **.***.***/****-** fim",
        "12ABC34501DE35               | **.***.***/****-**",
        // e-mail
        "ana.silva+promo@mail.example.com.br.  | ***@***.***.",
        "<JOAO_1990@Empresa.COM>               | <***@***.***>",
        "mailto:x@y.io?subject=hi              | mailto:***@***.***?subject=hi",
        "joão@exemplo.com.br                   | ***@***.***",
        // cards, including Elo and Hipercard
        "4111 1111 1111 1111          | ****-****-****-1111",
        "4111-1111-1111-1111          | ****-****-****-1111",
        "5555555555554444             | ****-****-****-4444",
        "3782 822463 10005            | ****-****-****-0005",
        "elo 6362970000457013         | elo ****-****-****-7013",
        "hiper 6062825624254001       | hiper ****-****-****-4001",
        "pedido 123 4111 1111 1111 1111 2024 | pedido 123 ****-****-****-1111 2024",
        // phones
        "+55 (11) 98765-4321          | +** (**) *****-****",
        "+55 11 98765-4321            | +** ** *****-****",
        "+5511987654321               | +*************",
        "(11) 3456-7890               | (**) ****-****",
        "(011) 98765-4321             | (***) *****-****",
        "fone 11 98765-4321           | fone ** *****-****",
        "+1 (415) 555-2671            | +* (***) ***-****",
        "415-555-2671                 | ***-***-****",
        "+44 20 7946 0958             | +** ** **** ****",
        "+33 1 23 45 67 89            | +** * ** ** ** **",
        "+49 (0)30 1234567            | +** (*)** *******",
        "tel: 11987654321             | tel: ***********",
        "WhatsApp 5511987654321       | WhatsApp *************",
        "meu cel é 98765-4321         | meu cel é *****-****",
        // tokens and keys
        "Authorization: Bearer abc.def-123_456~xyz | Authorization: Bearer ***",
        "authorization: bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln | authorization: bearer ***",
        "Basic dXNlcjpwYXNzd29yZA==   | Basic ***",
        "jwt=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U | jwt=***",
        "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 | ***",
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVW | ***",
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc | ***",
        "rk_live_4eC39HqLyjWDarjtT1zdp7dc | ***",
        "aws AKIAIOSFODNN7EXAMPLE     | aws ***",
        "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx | ***",
        "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY | ***",
        "glpat-abcdefghij0123456789   | ***",
        "npm_abcdefghijklmnopqrstuvwxyz0123456789 | ***",
        "sk-proj-abcdefghijklmnopqrstuvwxyz012345 | ***",
    })
    void masks(String in, String out) {
        assertThat(masker.mask(in)).isEqualTo(out);
        // the same after an earlier match (the scanner's state is set up at the first candidate)
        assertThat(masker.mask("a@b.com " + in)).isEqualTo("***@***.*** " + out);
    }

    /** Secrets: private keys, credentials in URLs, values of secret keys ('~' quotes, so ' and " are literal). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        // private keys: BEGIN and END lines kept, body masked; written-out \n as in JSON strings and logs
        "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY----- | -----BEGIN PRIVATE KEY-----\\n***\\n-----END PRIVATE KEY-----",
        "k=-----BEGIN RSA PRIVATE KEY-----MIIEpAIBAAKCAQEA-----END RSA PRIVATE KEY-----; | k=-----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY-----;",
        "-----BEGIN EC PRIVATE KEY----- MHcCAQEEIBkg -----END EC PRIVATE KEY----- | -----BEGIN EC PRIVATE KEY----- *** -----END EC PRIVATE KEY-----",
        "-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjE= | -----BEGIN OPENSSH PRIVATE KEY-----\\n***",
        "{\"key\": \"-----BEGIN ENCRYPTED PRIVATE KEY-----\\nMIIFHDBOBgkq\\n-----END ENCRYPTED PRIVATE KEY-----\"} | {\"key\": \"-----BEGIN ENCRYPTED PRIVATE KEY-----\\n***\\n-----END ENCRYPTED PRIVATE KEY-----\"}",
        "-----BEGIN PGP PRIVATE KEY BLOCK-----\\n\\nlQOYBF1x=\\n-----END PGP PRIVATE KEY BLOCK----- | -----BEGIN PGP PRIVATE KEY BLOCK-----\\n\\n***\\n-----END PGP PRIVATE KEY BLOCK-----",
        "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ---- P2/56wAAAi4 ---- END SSH2 ENCRYPTED PRIVATE KEY ---- | ---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ---- *** ---- END SSH2 ENCRYPTED PRIVATE KEY ----",
        // an END line of another label does not end the key: masked to the end (fails closed)
        "-----BEGIN DSA PRIVATE KEY-----MIIBuw-----END CERTIFICATE----- ana@x.com | -----BEGIN DSA PRIVATE KEY-----***",
        // credentials in URLs: the password only
        "https://user:pass@host/x               | https://user:***@host/x",
        "postgres://app:hunter2@db.internal:5432/app | postgres://app:***@db.internal:5432/app",
        "mongodb+srv://u:p@cluster0.example.net  | mongodb+srv://u:***@cluster0.example.net",
        "amqp://guest:guest@localhost            | amqp://guest:***@localhost",
        "jdbc:postgresql://etl:s3cr#t?x@dw:5432/dw | jdbc:postgresql://etl:***@dw:5432/dw",
        "postgres://app:p@ss@db/app              | postgres://app:***@db/app",
        "smtp://ana@x.com:pw123@smtp.example.com | smtp://***@***.***:***@smtp.example.com",
        "https://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:x-oauth-basic@github.com/o/r | https://***:***@github.com/o/r",
        // secret assignments: the value only
        "password=hunter2                       | password=***",
        "password: hunter2                      | password: ***",
        "Password: correcthorse                 | Password: ***",
        "{\"client_secret\": \"abc123def456\"} | {\"client_secret\": \"***\"}",
        "{\\\"password\\\":\\\"hunter2\\\"} | {\\\"password\\\":\\\"***\\\"}",
        "{'password': 'hunter2'}                | {'password': '***'}",
        "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | aws_secret_access_key=***",
        "export PGPASSWORD=s3cr3t; psql         | export PGPASSWORD=***; psql",
        "secret_key = 'abcdefgh'                | secret_key = '***'",
        "api_key: 0123456789abcdef              | api_key: ***",
        "token=abc123&page=2                    | token=***&page=2",
        "{user=app, password=hunter2, port=5432} | {user=app, password=***, port=5432}",
        "X-Auth-Token: 9f86d081884c7d659a2f     | X-Auth-Token: ***",
        "db_pass=foo1 dbPass=bar2 MYSQL_PWD=baz3 | db_pass=*** dbPass=*** MYSQL_PWD=***",
        "Uid=sa;Pwd=P@ssw0rd!;Server=db         | Uid=sa;Pwd=***;Server=db",
        "password := \"unterminated value     | password := \"***",
        "token => \"abc\"                   | token => \"***\"",
        "{\"password\":123456,\"api_key\":12345678} | {\"password\":***,\"api_key\":***}",
        "PG_PASSWORD: ${PG_PASSWORD:-relay_ro_password} | PG_PASSWORD: ${PG_PASSWORD:-***}",
        "password: pa(ss)w0rd                   | password: ***",
    })
    void masksSecrets(String in, String out) {
        assertThat(masker.mask(in)).isEqualTo(out);
        assertThat(masker.mask("a@b.com " + in)).isEqualTo("***@***.*** " + out);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-----BEGIN CERTIFICATE-----\\nMIIDdzCCAl+gAwIBAgIE\\n-----END CERTIFICATE-----",
        "-----BEGIN PUBLIC KEY-----\\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\\n-----END PUBLIC KEY-----",
        "-----BEGIN RSA PUBLIC KEY----- -----BEGIN PGP PUBLIC KEY BLOCK----- -----BEGIN PGP SIGNATURE-----",
        "BEGIN PRIVATE KEY without the dashes, ---BEGIN PRIVATE KEY--- with three",
        "https://example.com:8080/path?q=a@b postgres://db.internal:5432/app redis://:@localhost:6379",
        "s3://bucket/a:b@c http://[::1]:8080/x a://b:c ://x:y@",
        "reset your password: click the link",
        "token count: 42, tokens: 17, max_tokens: 4096",
        "SELECT id, password_hash, token_count FROM users WHERE password_hash IS NOT NULL",
        "UPDATE users SET password = $1, token = ? WHERE api_key = :api_key",
        "password= user=app",
        "password=",
        "**Password**: twelve characters",
        "password: ******** token=*** api_key=[REDACTED] secret=<hidden> pwd=${DB_PWD} token: {{ t }}",
        "secret: false, password: null, has_password: true, token_type: bearer",
        "bypass=1 compass: north passport=AB123",
        "nextPageToken: CAUQAA",
        "PWD=/home/app OLDPWD=/srv",
        "a == b, password == x, std::token",
        "{\"maskedByType\":{\"api_key\":1,\"private_key\":2,\"url_credentials\":3},\"token\":42}",
        "password = getpass(), pwd: passwordPrompt(), token = os.environ[name], secret=Secret.of(x)",
        "export PG_PASSWORD=... MONGO_PASSWORD=\u2026",
        "RELAY_TOKEN: ${RELAY_TOKEN:?set RELAY_TOKEN} ${API_TOKEN:+x}",
    })
    void leavesSecretDecoysAlone(String in) {
        assertThat(masker.mask(in)).isSameAs(in);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "550e8400-e29b-41d4-a716-446655440000",
        "12345678-1234-5299-8224-725000000000",
        "2026-11-21T10:30:00.123+05:30",
        "1763730322123 and 1763730322",
        "version 10.2.3 and 2.17.1-SNAPSHOT",
        "192.168.100.200",
        "R$ 1.234.567,89",
        "order 123.456.789-00",
        "52998224726",
        "4111111111111112",
        "1234 5678 9012 3456",
        "11987654321",
        "ticket 11987654321 and id 98765-4321",
        "CEP 01310-100 ZIP 94105-1234",
        "user@localhost @mention a@b.c pkg@1.2.3",
        "Bearer bonds",
        "Basic information",
        "ghp_short AKIA sk_live_x xoxb-",
        "id_52998224725",
        "000.000.000-00 111.111.111-11 00000000000000",
        "build 20261121.4 seq 123456789012",
        "/var/log/app/2026/11/21/app-52998224725-1.log",
        "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    })
    void leavesDecoysAlone(String in) {
        assertThat(masker.mask(in)).isSameAs(in);
        assertThat(masker.mask("a@b.com " + in)).isEqualTo("***@***.*** " + in);
    }

    @ParameterizedTest
    @CsvSource({"52998224725,true", "52998224724,false", "11111111111,false", "00000000191,true"})
    void cpfCheckDigits(String v, boolean valid) {
        assertThat(Checksums.cpf(v)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({"11222333000181,true", "11222333000182,false", "12ABC34501DE35,true", "12ABC34501DE36,false",
        "12abc34501de35,false", "00000000000000,false"})
    void cnpjCheckDigitsIncludingAlphanumeric(String v, boolean valid) {
        assertThat(Checksums.cnpj(v)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({"4111111111111111,visa", "6362970000457013,elo", "6062825624254001,hipercard",
        "378282246310005,amex", "5555555555554444,mastercard", "2223003122003222,mastercard",
        "6011111111111117,discover", "3566002020360505,jcb", "30569309025904,diners"})
    void cardIssuers(String v, String issuer) {
        assertThat(Checksums.issuer(v.toCharArray(), v.length())).isEqualTo(issuer);
        assertThat(Checksums.card(v)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567812345670", "9999999999999995", "0000000000000000"})
    void luhnValidWithoutIssuerIsNotACard(String v) {
        assertThat(Checksums.luhn(v)).isTrue();
        assertThat(Checksums.card(v)).isFalse();
        assertThat(masker.mask("n " + v)).isEqualTo("n " + v);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"CPF|529.982.247-25", "EMAIL|a@b.com", "CREDIT_CARD|4111111111111111",
        "PHONE|(11) 98765-4321", "BEARER_TOKEN|Bearer abcdefghijklmnop1", "JWT|eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
        "API_KEY|AKIAIOSFODNN7EXAMPLE", "CNPJ|11.222.333/0001-81",
        "PRIVATE_KEY|-----BEGIN PRIVATE KEY-----MIIEvQ-----END PRIVATE KEY-----",
        "URL_CREDENTIALS|https://user:pass@host/x", "SECRET_ASSIGNMENT|password=hunter2"})
    void eachBuiltInCanBeSwitchedOff(PiiType type, String value) {
        assertThat(masker.mask(value)).isNotEqualTo(value);
        Masker off = Masker.builder().disable(type).build();
        assertThat(off.mask(value)).isSameAs(value);
    }
}
