package dev.relay.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/security.md lists every blocked family with its risk and every blocked function. */
class SecurityDocTest {

    @Test
    void everyBlockedFunctionAndFamilyIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "security.md"));
        for (FunctionCatalog.Family f : FunctionCatalog.Family.values()) {
            assertThat(doc).contains("| " + f.label() + " | " + f.risk() + " |");
        }
        for (Map.Entry<String, FunctionCatalog.Family> e : FunctionCatalog.blockedByName().entrySet()) {
            assertThat(doc).as(e.getKey()).contains("`" + e.getKey() + "`");
        }
        for (String prefix : FunctionCatalog.blockedPrefixes().keySet()) {
            assertThat(doc).as(prefix).contains("`" + prefix + "*`");
        }
    }
}
