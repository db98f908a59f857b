package dev.relay.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay on the module path: a separate JVM started with {@code --module-path} (this module's
 * classes plus exactly its runtime dependencies, as the build resolved them) and {@code -m
 * dev.relay.runtime/...}, with no class path at all. It proves that the module descriptors are
 * complete: both connector providers are found by {@link java.util.ServiceLoader} through
 * {@code provides} (a named module's {@code META-INF/services} is ignored there), the runtime's
 * SLF4J provider is bound, picocli can reach the CLI package, and the policy, masking and JSON
 * paths run. A missing {@code uses}, {@code provides}, {@code exports}, {@code opens} or
 * {@code requires} fails one of these tests.
 *
 * <p>The module path comes from the build: {@code relay.modulePath.module} (this module's
 * {@code target/classes}, an exploded module) and {@code relay.modulePath.dependencies} (a file
 * written by maven-dependency-plugin's {@code build-classpath} at generate-test-resources).
 */
class ModulePathSmokeTest {

    private static final String MAIN = "dev.relay.runtime/dev.relay.runtime.cli.RelayCli";
    private static final Map<String, String> ENV = Map.of("RELAY_TOKEN", "secret-token-1", "PG_PASSWORD", "pg-secret",
            "MONGO_URI", "mongodb://127.0.0.1:1");

    private static String modulePath;

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void modulePath() throws IOException {
        Path self = Path.of(System.getProperty("relay.modulePath.module", "target/classes"));
        Path deps = Path.of(System.getProperty("relay.modulePath.dependencies", "target/module-path/dependencies.txt"));
        assertThat(self.resolve("module-info.class")).as("relay-runtime compiled as a module").exists();
        assertThat(deps).as("written by maven-dependency-plugin at generate-test-resources").exists();
        List<String> entries = new ArrayList<>();
        entries.add(self.toString());
        for (String e : Files.readString(deps, StandardCharsets.UTF_8).trim().split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(e);
            }
        }
        modulePath = String.join(File.pathSeparator, entries);
    }

    @Test
    void everyRelayModuleOnThePathIsExplicitAndExportsNoInternalPackage() {
        Map<String, ModuleDescriptor> relay = new TreeMap<>();
        for (ModuleReference ref : ModuleFinder.of(paths()).findAll()) {
            ModuleDescriptor d = ref.descriptor();
            if (d.name().startsWith("dev.relay.")) {
                relay.put(d.name(), d);
            }
        }
        assertThat(relay).containsOnlyKeys("dev.relay.audit", "dev.relay.connectors.mongo",
                "dev.relay.connectors.postgres", "dev.relay.masking", "dev.relay.policy", "dev.relay.protocol",
                "dev.relay.runtime");
        for (ModuleDescriptor d : relay.values()) {
            assertThat(d.isAutomatic()).as(d.name()).isFalse();
            assertThat(d.isOpen()).as(d.name()).isFalse();
            assertThat(d.exports()).as(d.name()).allSatisfy(e -> {
                assertThat(e.source()).doesNotContain("internal");
                assertThat(e.isQualified()).isFalse();
            });
        }
        for (String connector : List.of("dev.relay.connectors.postgres", "dev.relay.connectors.mongo")) {
            assertThat(relay.get(connector).provides()).as(connector)
                    .anySatisfy(p -> assertThat(p.service()).isEqualTo("dev.relay.policy.spi.ConnectorProvider"));
        }
        assertThat(relay.get("dev.relay.policy").uses()).contains("dev.relay.policy.spi.ConnectorProvider");
        assertThat(relay.get("dev.relay.audit").uses()).contains("dev.relay.audit.spi.AuditSinkProvider");
    }

    @Test
    void helpAndVersionStartOnTheModulePath() throws Exception {
        Run help = relay("", "--help");
        assertThat(help.code()).as(help.err()).isZero();
        assertThat(help.out()).startsWith("Usage: relay");
        Run version = relay("", "version");
        assertThat(version.code()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("relay ");
        assertThat(help.err() + version.err()).doesNotContain("SLF4J");
    }

    @Test
    void bothConnectorProvidersAreFoundThroughProvides() throws Exception {
        Run unknown = relay("", "validate-config", "--config", config("""
                  - id: odd
                    type: no-such-type
                    connection: {}
                """).toString());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown resource type 'no-such-type' (available: mongodb, postgres)");

        Run both = relay("", "validate-config", "--config", config("""
                  - id: main-pg
                    type: postgres
                    connection: {url: "jdbc:postgresql://127.0.0.1:1/app", username: relay_ro, password: "${PG_PASSWORD}"}
                  - id: events
                    type: mongodb
                    connection: {uri: "${MONGO_URI}", database: events}
                """).toString());
        assertThat(both.code()).as(both.err()).isZero();
        assertThat(both.out()).contains(": ok (relayId relay-mp, 2 resource(s)");
        assertThat(both.err()).doesNotContain("SLF4J");
    }

    @Test
    void policyDryRunParsesSqlAndWritesJson() throws Exception {
        Path config = config("""
                  - id: main-pg
                    type: postgres
                    connection: {url: "jdbc:postgresql://127.0.0.1:1/app", username: relay_ro, password: "${PG_PASSWORD}"}
                    maxRowsPerQuery: 50
                """);
        Run r = relay("""
                {"operation":"query","query":"SELECT id, email FROM users WHERE id IN (SELECT user_id FROM orders)"}
                {"operation":"query","query":"DELETE FROM users"}
                """, "policy", "--config", config.toString(), "--resource", "main-pg");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"decision\":\"allow\"").containsIgnoringCase("LIMIT 51");
        assertThat(lines.get(1)).contains("\"decision\":\"reject\"").contains("QUERY_BLOCKED");
    }

    /** Without the opens the engine refuses to start, naming the option, instead of rejecting every query. */
    @Test
    void withoutTheOpensThePolicyRefusesToStartAndSaysWhy() throws Exception {
        Path config = config("""
                  - id: main-pg
                    type: postgres
                    connection: {url: "jdbc:postgresql://127.0.0.1:1/app", username: relay_ro, password: "${PG_PASSWORD}"}
                """);
        Run r = relay(false, "{\"operation\":\"query\",\"query\":\"SELECT 1\"}\n",
                "policy", "--config", config.toString(), "--resource", "main-pg");
        assertThat(r.code()).as(r.out()).isNotZero();
        assertThat(r.out()).doesNotContain("\"decision\"");
        assertThat(r.err()).contains("--add-opens net.sf.jsqlparser/").contains("=dev.relay.policy");
    }

    @Test
    void maskingRunsWithItsRegexEngineAndJackson() throws Exception {
        Run text = relay("write to ana@example.com today\n", "mask");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).isEqualTo("write to ***@***.*** today\n");
        Run json = relay("{\"email\":\"ana@example.com\",\"n\":1}\n", "mask", "--json");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(json.out()).isEqualTo("{\"email\":\"***@***.***\",\"n\":1}\n");
    }

    private Path config(String resources) throws IOException {
        Path f = dir.resolve("relay-config.yaml");
        Files.writeString(f, """
                relayId: relay-mp
                controlPlane:
                  url: wss://cp.example.com
                  token: ${RELAY_TOKEN}
                resources:
                """ + resources);
        return f;
    }

    /**
     * KNOWN GAP, to remove: relay-policy's SQL validator walks JSqlParser's syntax tree through its
     * private fields ({@code setAccessible}), which a named {@code net.sf.jsqlparser} module does not
     * allow; without these options every SQL query is rejected (fail closed, "query could not be
     * checked (InaccessibleObjectException)"). Until the validator walks the tree through public API,
     * a module-path launch needs {@code --add-opens net.sf.jsqlparser.<each package>=dev.relay.policy}
     * (ARCHITECTURE.md, "Modules"). Delete this method when the policy stops reflecting.
     */
    private static List<String> jsqlParserOpens() {
        ModuleDescriptor jsqlparser = ModuleFinder.of(paths()).find("net.sf.jsqlparser").orElseThrow().descriptor();
        List<String> options = new ArrayList<>();
        for (String pkg : new java.util.TreeSet<>(jsqlparser.packages())) {
            options.add("--add-opens");
            options.add("net.sf.jsqlparser/" + pkg + "=dev.relay.policy");
        }
        return options;
    }

    private static Path[] paths() {
        return java.util.Arrays.stream(modulePath.split(File.pathSeparator)).map(Path::of).toArray(Path[]::new);
    }

    /** {@code java --module-path <modules> -m dev.relay.runtime/...RelayCli args}, no class path. */
    private Run relay(String stdin, String... args) throws Exception {
        return relay(true, stdin, args);
    }

    private Run relay(boolean opens, String stdin, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "--module-path", modulePath));
        if (opens) {
            command.addAll(jsqlParserOpens());
        }
        command.addAll(List.of("-m", MAIN));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().remove("CLASSPATH");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().putAll(ENV);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("relay " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Optional.of(Files.readString(err, StandardCharsets.UTF_8)).orElse(""));
    }
}
