package dev.relay.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.masking.Masker;
import dev.relay.masking.MaskingConfig;
import dev.relay.policy.spi.ConnectorRegistry;
import dev.relay.policy.spi.HealthReport;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.runtime.RelayConfig;
import dev.relay.runtime.internal.Assembly;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code relay check --config F}: the health of every resource, without a control plane. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check every configured resource: can it be reached, do the credentials work, how long it took.",
                "No control plane is needed. Exits 0 when every resource is healthy, 1 otherwise."})
final class CheckCommand implements Callable<Integer> {

    private final CliIo io;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The relay-config.yaml.")
    Path config;

    @Option(names = "--json", description = "One JSON object per resource instead of a table.")
    boolean json;

    CheckCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        RelayConfig c = Configs.loadOrReport(io, config);
        if (c == null) {
            return 1;
        }
        Masker masker = Masker.create(MaskingConfig.fromMap(c.masking()));
        ConnectorRegistry registry = ConnectorRegistry.load(CheckCommand.class.getClassLoader());
        boolean allOk = true;
        ObjectMapper mapper = new ObjectMapper();
        for (RelayConfig.Resource r : c.resources()) {
            HealthReport report;
            try (ResourceConnector connector = registry.create(Assembly.connectorConfigOf(r))) {
                report = connector.health(c.health().probeTimeout());
            } catch (RuntimeException e) {
                report = new HealthReport(false, false, 0, e.getClass().getSimpleName());
            }
            allOk &= report.ok();
            String error = report.error() == null ? null : masker.maskMessage(report.error());
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", r.id());
                m.put("type", r.type());
                m.put("status", report.ok() ? "ok" : "error");
                m.put("connect", report.connect());
                m.put("auth", report.auth());
                m.put("latencyMs", report.latencyMs());
                m.put("error", error);
                io.out().println(mapper.writeValueAsString(m));
            } else {
                io.out().printf("%-20s %-10s %-5s connect=%-3s auth=%-3s %5d ms%s%n", r.id(), r.type(),
                        report.ok() ? "ok" : "ERROR", report.connect() ? "yes" : "no", report.auth() ? "yes" : "no",
                        report.latencyMs(), error == null ? "" : "  " + error);
            }
        }
        io.out().flush();
        return allOk ? 0 : 1;
    }
}
