package dev.relay.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/quickstart.md names the README's demo command and every console option and command there is. */
class QuickstartDocTest {

  private static String read(String... path) throws Exception {
    return Files.readString(Path.of("..", path));
  }

  @Test
  void gives_the_readme_demo_command() throws Exception {
    String quickstart = read("docs", "quickstart.md");
    String readme = read("README.md");
    String command = "java -jar relay-testkit/target/relay-demo.jar";
    assertThat(quickstart).contains("./mvnw -B -ntp -q install -DskipTests && " + command);
    assertThat(readme).contains(command);
  }

  @Test
  void documents_every_console_option_and_command() throws Exception {
    String quickstart = read("docs", "quickstart.md");
    Matcher options = Pattern.compile("(--[a-z]+)").matcher(dev.relay.testkit.console.Console.USAGE);
    int count = 0;
    while (options.find()) {
      assertThat(quickstart).as("option %s", options.group(1)).contains("`" + options.group(1));
      count++;
    }
    assertThat(count).isGreaterThanOrEqualTo(4);
    Matcher commands = Pattern.compile("^\\s+(\\\\[a-z]+)", Pattern.MULTILINE)
        .matcher(dev.relay.testkit.console.Console.HELP);
    count = 0;
    while (commands.find()) {
      assertThat(quickstart).as("command %s", commands.group(1)).contains("`" + commands.group(1));
      count++;
    }
    assertThat(count).isGreaterThanOrEqualTo(8);
  }
}
