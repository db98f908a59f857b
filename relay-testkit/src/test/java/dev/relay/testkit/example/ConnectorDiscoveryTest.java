package dev.relay.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorConfigException;
import dev.relay.policy.spi.ConnectorProvider;
import dev.relay.policy.spi.ConnectorRegistry;
import dev.relay.policy.spi.ConnectorRegistryException;
import dev.relay.policy.spi.ResourceConnector;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Discovery by ServiceLoader alone: a jar on the class path adds a type; clashes stop; broken jars are reported. */
class ConnectorDiscoveryTest {

    private static Path work;
    private static Path exampleJar;

    @BeforeAll
    static void buildJars() throws IOException {
        work = Files.createTempDirectory("relay-discovery");
        exampleJar = ExampleConnectorJar.sharedExample();
    }

    @AfterAll
    static void noop() {
        // temp files are left to the OS temp cleaner; they hold no data
    }

    @Test
    void theBundledConnectorsAreFoundOnTheClassPath() {
        ConnectorRegistry registry = ConnectorRegistry.load(ConnectorDiscoveryTest.class.getClassLoader());
        assertThat(registry.types()).contains("postgres", "mongodb").doesNotContain("csvdir");
        assertThat(registry.failures()).isEmpty();
    }

    @Test
    void aJarOnTheClassPathIsDiscoveredByServiceLoaderAlone() throws IOException {
        try (URLClassLoader loader = ExampleConnectorJar.loaderFor(exampleJar)) {
            ConnectorRegistry registry = ConnectorRegistry.load(loader);
            assertThat(registry.types()).contains("postgres", "mongodb", "csvdir");
            ConnectorProvider csv = registry.provider("csvdir").orElseThrow();
            assertThat(csv.getClass().getClassLoader()).isSameAs(loader);
            assertThat(csv.getClass().getName()).isEqualTo("com.example.relay.csvdir.CsvDirConnectorProvider");
            Path dir = Files.createDirectories(work.resolve("data"));
            try (ResourceConnector c = registry.create(new ConnectorConfig("exports", "csvdir",
                    Map.of("directory", dir.toString()), Map.of(), Duration.ofSeconds(30), 1 << 20))) {
                assertThat(c.health(Duration.ofSeconds(1)).ok()).isTrue();
            }
        }
    }

    @Test
    void anUnknownTypeNamesTheTypesAvailable() {
        ConnectorRegistry registry = ConnectorRegistry.load(ConnectorDiscoveryTest.class.getClassLoader());
        assertThatThrownBy(() -> registry.create(new ConnectorConfig("x", "oracle", Map.of(), Map.of(),
                Duration.ofSeconds(1), 1)))
                .isInstanceOfSatisfying(ConnectorConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("type: no connector for resource type 'oracle' (available: mongodb, postgres)"));
    }

    @Test
    void twoProvidersOfOneTypeStopStartUpNamingBoth() throws IOException {
        String source = """
                package com.example.impostor;

                public final class ImpostorPostgresProvider implements dev.relay.policy.spi.ConnectorProvider {
                    public String type() { return "postgres"; }
                    public dev.relay.policy.spi.ResourceConnector create(dev.relay.policy.spi.ConnectorConfig c) {
                        throw new UnsupportedOperationException();
                    }
                }
                """;
        Path impostor = ExampleConnectorJar.build(work, "impostor.jar", null, Map.of(
                "com/example/impostor/ImpostorPostgresProvider.java", source,
                "META-INF/services/dev.relay.policy.spi.ConnectorProvider", "com.example.impostor.ImpostorPostgresProvider\n"));
        try (URLClassLoader loader = ExampleConnectorJar.loaderFor(exampleJar, impostor)) {
            assertThatThrownBy(() -> ConnectorRegistry.load(loader))
                    .isInstanceOfSatisfying(ConnectorRegistryException.class, e -> {
                        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p)
                                .startsWith("two connector providers for type 'postgres': ")
                                .contains("dev.relay.connectors.postgres.PostgresConnectorProvider")
                                .contains("com.example.impostor.ImpostorPostgresProvider")
                                .contains("impostor.jar"));
                    });
        }
    }

    @Test
    void aBrokenProviderIsReportedAndTheOthersStillLoad() throws IOException {
        String failing = """
                package com.example.broken;

                public final class FailingProvider implements dev.relay.policy.spi.ConnectorProvider {
                    public FailingProvider() { throw new IllegalStateException("licence file missing"); }
                    public String type() { return "broken"; }
                    public dev.relay.policy.spi.ResourceConnector create(dev.relay.policy.spi.ConnectorConfig c) {
                        throw new UnsupportedOperationException();
                    }
                }
                """;
        Path broken = ExampleConnectorJar.build(work, "broken.jar", null, Map.of(
                "com/example/broken/FailingProvider.java", failing,
                "META-INF/services/dev.relay.policy.spi.ConnectorProvider",
                "com.example.broken.FailingProvider\ncom.example.broken.MissingProvider\n"));
        try (URLClassLoader loader = ExampleConnectorJar.loaderFor(broken, exampleJar)) {
            ConnectorRegistry registry = ConnectorRegistry.load(loader);
            assertThat(registry.types()).contains("postgres", "mongodb", "csvdir").doesNotContain("broken");
            assertThat(registry.failures()).hasSize(2);
            assertThat(registry.failures()).anySatisfy(f -> assertThat(f).contains("FailingProvider")
                    .contains("licence file missing"));
            assertThat(registry.failures()).anySatisfy(f -> assertThat(f).contains("MissingProvider"));
        }
    }

    @Test
    void explicitRegistriesApplyTheSameRules() {
        ConnectorProvider badType = new ConnectorProvider() {
            @Override
            public String type() {
                return "Not A Type";
            }

            @Override
            public ResourceConnector create(ConnectorConfig config) {
                throw new UnsupportedOperationException();
            }
        };
        ConnectorRegistry registry = ConnectorRegistry.of(List.of(badType,
                new dev.relay.connectors.postgres.PostgresConnectorProvider()));
        assertThat(registry.types()).containsExactly("postgres");
        assertThat(registry.failures()).singleElement().satisfies(f -> assertThat(f).contains("invalid type"));
        assertThatThrownBy(() -> ConnectorRegistry.of(List.of(new dev.relay.connectors.postgres.PostgresConnectorProvider(),
                new dev.relay.connectors.postgres.PostgresConnectorProvider())))
                .isInstanceOf(ConnectorRegistryException.class);
    }
}
