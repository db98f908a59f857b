package com.example.relay.csvdir;

import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorConfigException;
import dev.relay.policy.spi.ConnectorProvider;
import dev.relay.policy.spi.ResourceConnector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An example third-party connector: each {@code *.csv} file of a directory is a table whose first
 * line names the columns. It depends on nothing but the SPI in relay-policy and the JDK, and is
 * registered only by {@code META-INF/services/dev.relay.policy.spi.ConnectorProvider}.
 *
 * <pre>
 * resources:
 *   - id: exports
 *     type: csvdir
 *     connection: {directory: /data/exports, delimiter: ","}
 *     allowedOperations: [list_tables, describe_table]
 * </pre>
 */
public final class CsvDirConnectorProvider implements ConnectorProvider {

    private static final Set<String> CONNECTION_KEYS = Set.of("directory", "delimiter");

    @Override
    public String type() {
        return "csvdir";
    }

    @Override
    public ResourceConnector create(ConnectorConfig config) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> connection = config.connection();
        for (String key : new TreeSet<>(connection.keySet())) {
            if (!CONNECTION_KEYS.contains(key)) {
                problems.add("connection." + key + ": unknown key (known: delimiter, directory)");
            }
        }
        for (String key : new TreeSet<>(config.pool().keySet())) {
            problems.add("pool." + key + ": unknown key (csvdir has no pool)");
        }
        Object directory = connection.get("directory");
        if (directory == null) {
            problems.add("connection.directory: is required");
        } else if (!(directory instanceof String) || ((String) directory).isBlank()) {
            problems.add("connection.directory: must be a path");
        }
        Object delimiter = connection.getOrDefault("delimiter", ",");
        if (!(delimiter instanceof String) || ((String) delimiter).length() != 1) {
            problems.add("connection.delimiter: must be a single character");
        }
        if (!problems.isEmpty()) {
            throw new ConnectorConfigException(problems);
        }
        // no I/O here: the directory is looked at on each request
        return new CsvDirConnector(config.resourceId(), Path.of((String) directory), ((String) delimiter).charAt(0));
    }
}
