package dev.relay.testkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Runs the whole demo, as README's first command does, and checks what a newcomer sees. */
class DemoTest {

  @Test
  void plays_the_scripted_session_and_exits_0() {
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    long start = System.nanoTime();
    int code = Demo.run(new String[0], InputStream.nullInputStream(), out, err);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    String text = outBytes.toString(StandardCharsets.UTF_8);
    System.out.println(text);
    System.out.println(errBytes.toString(StandardCharsets.UTF_8));

    assertThat(code).as("exit code; stderr: %s", errBytes).isZero();
    // The jar (no Testcontainers inside) always uses embedded PostgreSQL and takes 15-30 s here; on a
    // machine with Docker this test's class path may pick a container instead, so allow for a pull.
    assertThat(took).isLessThan(Duration.ofSeconds(120));
    assertThat(text).contains("> list_resources").contains("shop-pg").contains("support-mongo");
    assertThat(text).contains("***@***.***");
    assertThat(text).contains("CLAMPED by rows (maxRows 8)");
    assertThat(text).contains("REJECTED  QUERY_BLOCKED (-32003)").contains("pg_read_file");
    assertThat(text).contains("> execute support-mongo query customers");
    assertThat(text).contains("> execute shop-pg describe_table payments");
    assertThat(text).contains("$ relay audit verify").contains("(exit code 0)");
    assertThat(text).doesNotContain("!! unexpected");
    // What left "the network" never holds the sample's raw e-mail addresses.
    String relayed = text.substring(text.indexOf("== 3."));
    dev.relay.testkit.sample.SampleData.generate().customers().stream().limit(4)
        .forEach(c -> assertThat(relayed).doesNotContain(c.email()).doesNotContain(c.cpf()));
  }

  @Test
  void help_and_usage_errors() {
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    assertThat(Demo.run(new String[] {"--help"}, InputStream.nullInputStream(), out, out)).isZero();
    assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("console");
    assertThat(Demo.run(new String[] {"--bogus"}, InputStream.nullInputStream(), out, out)).isEqualTo(2);
  }
}
