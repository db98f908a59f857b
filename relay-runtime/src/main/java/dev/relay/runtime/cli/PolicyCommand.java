package dev.relay.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.masking.Masker;
import dev.relay.masking.MaskingConfig;
import dev.relay.policy.ApprovedQuery;
import dev.relay.policy.Decision;
import dev.relay.policy.PolicyEngine;
import dev.relay.protocol.ExecuteParams;
import dev.relay.protocol.InvalidParamsException;
import dev.relay.protocol.JsonRpcId;
import dev.relay.runtime.RelayConfig;
import dev.relay.runtime.internal.Assembly;
import dev.relay.runtime.internal.RequestPipeline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code relay policy --config F --resource ID}: the policy as a filter. One {@code execute}
 * params object per line on stdin, one decision per line on stdout. No database is contacted.
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Dry-run the policy of one resource: execute params as JSON, one object per line on stdin,",
                "one decision per line on stdout. No database is contacted.",
                "  in : {\"operation\":\"query\",\"query\":\"SELECT 1\"}",
                "  out: {\"decision\":\"allow\",\"query\":\"SELECT 1 LIMIT 1001\",\"maxRows\":1000}",
                "       {\"decision\":\"reject\",\"reason\":\"QUERY_BLOCKED\",\"detail\":\"...\"}",
                "A malformed line is answered with reason INVALID_INPUT and the next line is read."})
final class PolicyCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliIo io;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The relay-config.yaml.")
    Path config;

    @Option(names = {"-r", "--resource"}, required = true, paramLabel = "ID", description = "The resource whose policy applies.")
    String resource;

    PolicyCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        RelayConfig c = Configs.loadOrReport(io, config);
        if (c == null) {
            return 1;
        }
        if (c.resource(resource) == null) {
            io.err().println("relay policy: resource " + resource + " is not configured in " + config);
            return 1;
        }
        Masker masker = Masker.create(MaskingConfig.fromMap(c.masking()));
        try (PolicyEngine engine = Assembly.engineOf(c);
                BufferedReader in = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                io.out().println(JSON.writeValueAsString(decide(engine, masker, line)));
                io.out().flush();
            }
        }
        return 0;
    }

    private Map<String, Object> decide(PolicyEngine engine, Masker masker, String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            return reject("INVALID_INPUT", "the line is not valid JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            return reject("INVALID_INPUT", "expected a JSON object of execute params");
        }
        object.put("resourceId", resource);
        ExecuteParams params;
        try {
            params = ExecuteParams.from(object, JsonRpcId.NULL);
        } catch (InvalidParamsException e) {
            return reject("INVALID_INPUT", e.param() + ": " + e.detail());
        }
        Decision decision = engine.evaluate(RequestPipeline.policyRequest(params));
        if (decision instanceof Decision.Rejected r) {
            return reject(r.reason().name(), masker.maskMessage(r.detail()));
        }
        ApprovedQuery q = ((Decision.Allowed) decision).query();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("decision", "allow");
        switch (q.kind()) {
            case SQL -> out.put("query", q.sql());
            case MONGO_FIND -> {
                out.put("collection", q.collection());
                out.put("filter", q.filter());
                putIfPresent(out, "projection", q.projection());
                putIfPresent(out, "sort", q.sort());
                putIfPresent(out, "skip", q.skip());
                out.put("limit", q.limit());
            }
            case MONGO_AGGREGATE -> {
                out.put("collection", q.collection());
                out.put("pipeline", q.pipeline());
            }
            case METADATA -> {
                out.put("operation", q.operation().wireName());
                putIfPresent(out, "table", q.table());
            }
        }
        out.put("maxRows", q.maxRows());
        return out;
    }

    private static void putIfPresent(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    private static Map<String, Object> reject(String reason, String detail) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("decision", "reject");
        out.put("reason", reason);
        out.put("detail", detail);
        return out;
    }
}
