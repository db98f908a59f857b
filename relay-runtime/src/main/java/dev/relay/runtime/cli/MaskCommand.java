package dev.relay.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.masking.Masker;
import dev.relay.masking.MaskingConfig;
import dev.relay.masking.MaskStats;
import dev.relay.runtime.RelayConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code relay mask [--config F] [--json]}: the masker as a filter. */
@Command(name = "mask", mixinStandardHelpOptions = true,
        description = {"Mask stdin line by line to stdout: text, or one JSON value per line with --json.",
                "Uses the config's masking section when --config is given, the built-in detectors otherwise.",
                "A line that is not valid JSON (with --json) is reported on stderr and the exit code is 1."})
final class MaskCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliIo io;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "A relay-config.yaml whose masking section applies.")
    @Nullable Path config;

    @Option(names = "--json", description = "Each line is a JSON value; every string in it is masked.")
    boolean json;

    MaskCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        Masker masker = Masker.defaults();
        if (config != null) {
            RelayConfig c = Configs.loadOrReport(io, config);
            if (c == null) {
                return 1;
            }
            masker = Masker.create(MaskingConfig.fromMap(c.masking()));
        }
        int code = 0;
        long lineNo = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (!json) {
                    io.out().println(masker.mask(line));
                } else {
                    JsonNode node;
                    try {
                        node = JSON.readTree(line);
                    } catch (IOException e) {
                        io.err().println("line " + lineNo + ": not valid JSON; skipped");
                        code = 1;
                        continue;
                    }
                    if (node == null || node.isMissingNode()) {
                        io.out().println();
                        continue;
                    }
                    io.out().println(JSON.writeValueAsString(masker.maskJson(node, new MaskStats())));
                }
                io.out().flush();
            }
        }
        return code;
    }
}
