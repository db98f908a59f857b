package dev.relay.runtime.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RelayLoggerTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @AfterEach
    void reset() {
        LogSettings.configure("text", "info");
        LogSettings.redirect(System.err);
    }

    @Test
    void jsonLinesWithLevelLoggerAndMessage() throws Exception {
        LogSettings.redirect(new PrintStream(out, true, StandardCharsets.UTF_8));
        LogSettings.configure("json", "info");
        new RelayLogger("dev.relay.runtime.X").info("connected to {} as \"{}\"", "cp", "relay-1");
        JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("logger").asText()).isEqualTo("dev.relay.runtime.X");
        assertThat(line.path("msg").asText()).isEqualTo("connected to cp as \"relay-1\"");
        assertThat(line.path("time").asText()).endsWith("Z");
    }

    @Test
    void driversAreHeldToWarnAndThirdPartyExceptionMessagesAreNotPrinted() {
        LogSettings.redirect(new PrintStream(out, true, StandardCharsets.UTF_8));
        LogSettings.configure("text", "info");
        RelayLogger driver = new RelayLogger("com.zaxxer.hikari.pool.HikariPool");
        driver.info("chatty");
        driver.warn("trouble", new IllegalStateException("value ana@example.com leaked"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("chatty").contains("trouble").contains("IllegalStateException")
                .doesNotContain("ana@example.com");
    }
}
