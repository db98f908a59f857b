package com.example.relay.csvdir;

import dev.relay.policy.ApprovedQuery;
import dev.relay.policy.spi.ConnectorException;
import dev.relay.policy.spi.HealthReport;
import dev.relay.policy.spi.QueryContext;
import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.policy.spi.TableDescription;
import dev.relay.policy.spi.TableInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/** Serves list_tables, describe_table, health and the schema fingerprint over a directory of CSV files. */
final class CsvDirConnector implements ResourceConnector {

    private static final String SCHEMA = "csv";

    private final String resourceId;
    private final Path directory;
    private final char delimiter;
    private final AtomicBoolean closed = new AtomicBoolean();

    CsvDirConnector(String resourceId, Path directory, char delimiter) {
        this.resourceId = resourceId;
        this.directory = directory;
        this.delimiter = delimiter;
    }

    @Override
    public QueryResult query(ApprovedQuery query, QueryContext context) {
        throw new ConnectorException(ConnectorException.Kind.QUERY_FAILED, "csvdir resources answer no queries");
    }

    @Override
    public Object explain(ApprovedQuery query, QueryContext context) {
        throw new ConnectorException(ConnectorException.Kind.QUERY_FAILED, "csvdir resources answer no queries");
    }

    @Override
    public List<TableInfo> listTables(ApprovedQuery request, QueryContext context) {
        List<TableInfo> out = new ArrayList<>();
        for (Path file : files()) {
            String name = tableName(file);
            if (request.permitsTable(SCHEMA + "." + name)) {
                out.add(new TableInfo(SCHEMA, name, "table", (long) Math.max(0, lines(file).size() - 1)));
            }
        }
        return out;
    }

    @Override
    public TableDescription describeTable(ApprovedQuery request, QueryContext context) {
        String table = request.table();
        String name = table != null && table.startsWith(SCHEMA + ".") ? table.substring(SCHEMA.length() + 1) : table;
        for (Path file : files()) {
            if (tableName(file).equals(name) && request.permitsTable(SCHEMA + "." + name)) {
                List<String> lines = lines(file);
                List<TableDescription.Field> fields = new ArrayList<>();
                if (!lines.isEmpty()) {
                    for (String column : split(lines.get(0))) {
                        fields.add(new TableDescription.Field(column, "text", true, null));
                    }
                }
                return new TableDescription(SCHEMA, name, "table", fields, List.of(), List.of(),
                        (long) Math.max(0, lines.size() - 1));
            }
        }
        throw new ConnectorException(ConnectorException.Kind.QUERY_FAILED, "no such table in the directory");
    }

    @Override
    public HealthReport health(Duration timeout) {
        long start = System.nanoTime();
        boolean ok = !closed.get() && Files.isDirectory(directory) && Files.isReadable(directory);
        long ms = (System.nanoTime() - start) / 1_000_000;
        return ok ? new HealthReport(true, true, ms, null)
                : new HealthReport(false, false, ms, "cannot connect: the directory is missing or unreadable");
    }

    @Override
    public String schemaFingerprint(QueryContext context) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files()) {
                List<String> lines = lines(file);
                String header = lines.isEmpty() ? "" : lines.get(0);
                digest.update((tableName(file) + '\u0000' + header + '\n').getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed.set(true);
    }

    @Override
    public String toString() {
        return "CsvDirConnector[resourceId=" + resourceId + "]";
    }

    private List<Path> files() {
        if (closed.get()) {
            throw new ConnectorException(ConnectorException.Kind.RESOURCE_UNAVAILABLE, "the csvdir connector is closed");
        }
        try (Stream<Path> list = Files.list(directory)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        } catch (IOException e) {
            throw new ConnectorException(ConnectorException.Kind.RESOURCE_UNAVAILABLE, "the directory cannot be read");
        }
    }

    private static List<String> lines(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return reader.lines().filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new ConnectorException(ConnectorException.Kind.RESOURCE_UNAVAILABLE, "a file cannot be read");
        }
    }

    private static String tableName(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.length() - ".csv".length());
    }

    private List<String> split(String line) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == delimiter) {
                out.add(line.substring(start, i).trim());
                start = i + 1;
            }
        }
        return out;
    }
}
