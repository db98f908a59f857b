package dev.relay.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link JsonRpcCodec#reply(Decoded, List, OutputStream)}: UTF-8 straight to a stream, checked first. */
class StreamingEncodeTest {

    private final JsonRpcCodec codec = JsonRpcCodec.builder().knownMethods(RelayMethods.RELAY_METHODS).build();

    private static String utf8(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String streamed(Decoded d, List<Response> answers) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(codec.reply(d, answers, out)).isTrue();
        return utf8(out);
    }

    private static List<Response> answerAll(Decoded d, Object result) {
        List<Response> answers = new ArrayList<>();
        for (Request r : d.requests()) {
            answers.add(Response.success(r.id(), result));
        }
        return answers;
    }

    private static Map<String, Object> rows(int n) {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(List.of(i, "name-" + i, "caf\u00e9 \u20ac \uD83D\uDE00", i % 2 == 0, 1.5, new BigDecimal("0.10")));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("columns", List.of(Map.of("name", "id", "type", "int8")));
        body.put("rows", rows);
        body.put("nothing", null);
        return body;
    }

    @Test
    void sameMessageAsTheStringReplySingleAndBatch() throws IOException {
        for (String text : List.of(
                "{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":{},\"id\":7}",
                "[{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":{},\"id\":\"a\"},"
                        + "{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":2},"
                        + "{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\"},"
                        + "{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":{},\"id\":1.50}]",
                "[{\"jsonrpc\":\"2.0\",\"method\":\"list_resources\",\"id\":null}]")) {
            Decoded d = codec.decode(text);
            List<Response> answers = answerAll(d, rows(50));
            Optional<String> asString = codec.reply(d, answers);
            assertThat(asString).isPresent();
            assertThat(streamed(d, answers)).as(text).isEqualTo(asString.get());
        }
    }

    @Test
    void surrogatePairsBecomeFourByteUtf8AndLoneSurrogatesAnEscape() throws IOException {
        Decoded d = codec.decode("{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":1}");
        String out = streamed(d, answerAll(d, List.of("a\uD83D\uDE00b", "x\uD800y")));
        assertThat(out).contains("\"a\uD83D\uDE00b\"").contains("\"x\\uD800y\"");
        assertThat(codec.parseTree(out)).get().extracting(t -> t.path("result").path(0).asText()).isEqualTo("a\uD83D\uDE00b");
    }

    @Test
    void nothingToSendWritesNothing() throws IOException {
        Decoded d = codec.decode("[{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\"}]");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(codec.reply(d, List.of(), out)).isFalse();
        assertThat(out.size()).isZero();
    }

    @Test
    void anUnwritableValueIsFoundBeforeTheFirstByteAndAnsweredInternalError() throws IOException {
        Decoded d = codec.decode("[{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":2}]");
        Map<String, Object> bad = rows(2_000);
        // the offending value comes last: a streaming writer without the check would have sent
        // everything before it
        bad.put("trailer", List.of(List.of(new Object())));
        List<Response> answers = List.of(Response.success(d.requests().get(0).id(), rows(3)),
                Response.success(d.requests().get(1).id(), bad));
        RecordingStream out = new RecordingStream();
        codec.reply(d, answers, out);
        String text = out.text();
        assertThat(text).isEqualTo(codec.reply(d, answers).orElseThrow());
        assertThat(text).contains("\"id\":2,\"error\":{\"code\":-32603").doesNotContain("name-1999");
        assertThat(codec.parseTree(text)).get().satisfies(t -> assertThat(t.path(0).path("result").path("rows")).hasSize(3));
    }

    @Test
    void unwritableMapKeysAndTooDeepValuesAreFoundByTheCheckToo() throws IOException {
        Decoded d = codec.decode("{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":1}");
        Object deep = "leaf";
        for (int i = 0; i < 600; i++) {
            deep = List.of(deep);
        }
        for (Object bad : List.of(Map.of(1, "x"), deep, List.of(new java.util.concurrent.atomic.AtomicLong()))) {
            assertThat(streamed(d, answerAll(d, bad))).contains("\"code\":-32603").doesNotContain("leaf");
        }
    }

    @Test
    void aFailingStreamPropagatesAndTheGeneratorAddsNothingAfterIt() {
        Decoded d = codec.decode("{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":1}");
        FailingStream out = new FailingStream(20_000);
        assertThatThrownBy(() -> codec.reply(d, answerAll(d, rows(5_000)), out)).isInstanceOf(IOException.class);
        String partial = out.text();
        assertThat(partial.length()).isLessThanOrEqualTo(20_000);
        assertThat(partial).startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{").doesNotEndWith("]}}");
        assertThat(out.writesAfterFailure).isZero();
    }

    @Test
    void outputArrivesInPiecesNotAsOneBuffer() throws IOException {
        Decoded d = codec.decode("{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":1}");
        RecordingStream out = new RecordingStream();
        codec.reply(d, answerAll(d, rows(20_000)), out);
        assertThat(out.size()).isGreaterThan(1_000_000);
        assertThat(out.largestWrite).isLessThanOrEqualTo(16 * 1024);
    }

    private static class RecordingStream extends ByteArrayOutputStream {
        int largestWrite;

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            largestWrite = Math.max(largestWrite, len);
            super.write(b, off, len);
        }

        String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }

    private static final class FailingStream extends OutputStream {
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final int failAfter;
        private boolean failed;
        int writesAfterFailure;

        FailingStream(int failAfter) {
            this.failAfter = failAfter;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (failed) {
                writesAfterFailure++;
                throw new IOException("closed");
            }
            if (written.size() + len > failAfter) {
                failed = true;
                throw new IOException("connection closed");
            }
            written.write(b, off, len);
        }

        String text() {
            return written.toString(StandardCharsets.UTF_8);
        }
    }
}
