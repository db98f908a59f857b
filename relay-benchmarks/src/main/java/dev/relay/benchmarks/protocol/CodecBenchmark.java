package dev.relay.benchmarks.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.protocol.ColumnInfo;
import dev.relay.protocol.Decoded;
import dev.relay.protocol.ExecuteOperation;
import dev.relay.protocol.ExecuteParams;
import dev.relay.protocol.ExecuteResult;
import dev.relay.protocol.JsonRpcCodec;
import dev.relay.protocol.JsonRpcId;
import dev.relay.protocol.RelayMethods;
import dev.relay.protocol.Response;
import dev.relay.protocol.ResultMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the protocol layer costs per message, against bare Jackson doing the same parse or write:
 * <ul>
 *   <li>{@code decodeExecute}: {@link JsonRpcCodec#decode} of a typical {@code execute} request
 *       plus {@link ExecuteParams#from} (limits, envelope checks, typed params) vs
 *       {@code jacksonReadTree} of the same text;
 *   <li>{@code decodeBatch10}: a batch of ten such requests;
 *   <li>{@code decodeParseError}: invalid JSON answered {@code -32700} (the exception path);
 *   <li>{@code encodeRows}: {@link JsonRpcCodec#encode} of a 1000-row, 6-column result vs
 *       {@code jacksonWriteRows}, {@code ObjectMapper.writeValueAsString} of the same envelope.
 * </ul>
 *
 * <pre>
 * java -jar relay-benchmarks/target/benchmarks.jar 'dev.relay.benchmarks.protocol.*'
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {

    private final JsonRpcCodec codec = JsonRpcCodec.builder().knownMethods(RelayMethods.RELAY_METHODS).build();
    private final ObjectMapper mapper = new ObjectMapper();

    private String execute;
    private String batch10;
    private final String parseError = "{\"jsonrpc\": \"2.0\", \"method\": \"foobar, \"params\": \"bar\", \"baz]";
    private Response rows;
    private Map<String, Object> rowsEnvelope;

    @Setup
    public void setUp() {
        execute = "{\"jsonrpc\":\"2.0\",\"id\":\"req-abc123\",\"method\":\"execute\",\"params\":{\"resourceId\":\"main-pg\","
                + "\"operation\":\"query\",\"query\":\"SELECT id, email, name, created_at, total, country FROM users "
                + "WHERE created_at > $1 AND country = $2 ORDER BY created_at DESC\",\"parameters\":[\"2024-01-01\",\"BR\"],"
                + "\"timeoutMs\":10000,\"requestId\":\"req-abc123\"}}";
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            b.append(i == 0 ? "" : ",").append(execute.replace("\"id\":\"req-abc123\"", "\"id\":" + i));
        }
        batch10 = b.append(']').toString();

        List<List<Object>> data = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            data.add(List.of((long) i, "***@***.***", "Name " + i, "2024-03-01T10:00:00Z", "1234.50", "BR"));
        }
        List<ColumnInfo> columns = List.of(new ColumnInfo("id", "int8"), new ColumnInfo("email", "text"),
                new ColumnInfo("name", "text"), new ColumnInfo("created_at", "timestamptz"),
                new ColumnInfo("total", "numeric"), new ColumnInfo("country", "text"));
        ExecuteResult.Rows result = new ExecuteResult.Rows(columns, new ArrayList<>(data), new ResultMetadata(
                "req-abc123", "main-pg", ExecuteOperation.QUERY, 1000, true, ResultMetadata.Truncation.ROWS, 1000, 1000, 12));
        rows = Response.success(JsonRpcId.of("req-abc123"), result);
        rowsEnvelope = new LinkedHashMap<>();
        rowsEnvelope.put("jsonrpc", "2.0");
        rowsEnvelope.put("id", "req-abc123");
        rowsEnvelope.put("result", result.toWire());
    }

    @Benchmark
    public ExecuteParams decodeExecute() {
        Decoded d = codec.decode(execute);
        return ExecuteParams.from(d.requests().get(0));
    }

    @Benchmark
    public JsonNode jacksonReadTree() throws JsonProcessingException {
        return mapper.readTree(execute);
    }

    @Benchmark
    public Decoded decodeBatch10() {
        return codec.decode(batch10);
    }

    @Benchmark
    public Decoded decodeParseError() {
        return codec.decode(parseError);
    }

    @Benchmark
    public String encodeRows() {
        return codec.encode(rows);
    }

    @Benchmark
    public String jacksonWriteRows() throws JsonProcessingException {
        return mapper.writeValueAsString(rowsEnvelope);
    }
}
