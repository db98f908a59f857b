package dev.relay.testkit.example;

import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorProvider;
import dev.relay.policy.spi.ConnectorRegistry;
import dev.relay.testkit.contract.ResourceConnectorContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/**
 * The example third-party connector (compiled at test time from {@code src/test/example-connector},
 * found by ServiceLoader in its own jar) held to the same contract as the bundled ones.
 */
class ExampleConnectorContractTest extends ResourceConnectorContract {

    private final Path work;
    private final Path data;
    private final URLClassLoader loader;
    private final ConnectorProvider provider;

    ExampleConnectorContractTest() throws IOException {
        work = Files.createTempDirectory("relay-example-connector");
        data = Files.createDirectories(work.resolve("data"));
        writeContractData(false);
        loader = ExampleConnectorJar.loaderFor(ExampleConnectorJar.sharedExample());
        provider = ConnectorRegistry.load(loader).provider("csvdir")
                .orElseThrow(() -> new AssertionError("the csvdir provider was not discovered"));
    }

    @AfterAll
    void cleanUp() throws IOException {
        loader.close();
    }

    private void writeContractData(boolean extraColumn) {
        StringBuilder csv = new StringBuilder(extraColumn ? "id,name,extra\n" : "id,name\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append(i).append(",item-").append(i).append(extraColumn ? ",\n" : "\n");
        }
        try {
            Files.writeString(data.resolve(TABLE + ".csv"), csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected ConnectorProvider provider() {
        return provider;
    }

    @Override
    protected ConnectorConfig config() {
        return new ConnectorConfig(RESOURCE_ID, "csvdir", Map.of("directory", data.toString()), Map.of(),
                Duration.ofSeconds(30), 1 << 20);
    }

    @Override
    protected ConnectorConfig unreachableConfig() {
        return new ConnectorConfig(RESOURCE_ID, "csvdir", Map.of("directory", work.resolve("missing").toString()),
                Map.of(), Duration.ofSeconds(30), 1 << 20);
    }

    @Override
    protected ConnectorConfig invalidConfig() {
        return new ConnectorConfig(RESOURCE_ID, "csvdir", Map.of("directory", 7, "delimiter", ";;"), Map.of(),
                Duration.ofSeconds(30), 1 << 20);
    }

    @Override
    protected Set<String> invalidKeys() {
        return Set.of("connection.directory", "connection.delimiter");
    }

    @Override
    protected void changeSchema() {
        writeContractData(true);
    }

    @Override
    protected void restoreSchema() {
        writeContractData(false);
    }
}
