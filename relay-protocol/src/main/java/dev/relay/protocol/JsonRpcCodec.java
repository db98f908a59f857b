package dev.relay.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.relay.protocol.internal.TextBuffer;
import dev.relay.protocol.internal.ValueWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes JSON-RPC 2.0 text. Start here.
 *
 * <p>{@link #decode(String)} never throws: any input yields the messages to handle and the error
 * responses the specification requires ({@code -32700} with a null id for invalid JSON,
 * {@code -32600} for an invalid request object, {@code -32601} for a request to a method this
 * side does not know, one {@code -32600} for an empty batch). Limits (message size checked
 * before parsing, nesting depth, number and string length, batch length) answer {@code -32600}
 * with {@code data.detail} naming the limit; duplicate member names are refused the same way.
 *
 * <p>The {@code encode} methods write messages; a response whose result cannot be written (a value
 * outside the JSON value model) is replaced by {@code -32603} for the same id, so encoding a
 * response never throws either. {@link #reply(Decoded, List, OutputStream)} writes UTF-8 straight
 * to a stream (no message-sized text in memory) and checks every value before the first byte.
 * Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * JsonRpcCodec codec = JsonRpcCodec.builder().knownMethods(RelayMethods.RELAY_METHODS).build();
 * Decoded in = codec.decode(text);
 * List<Response> answers = ...; // one per in.requests(), in any order
 * codec.reply(in, answers).ifPresent(socket::send);
 * }</pre>
 */
public final class JsonRpcCodec {

    /** Default cap on one message: 1 MiB of UTF-8. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;
    /** Default cap on JSON nesting (objects and arrays). */
    public static final int DEFAULT_MAX_DEPTH = 64;
    /** Default cap on the characters of one number. */
    public static final int DEFAULT_MAX_NUMBER_LENGTH = 256;
    /** Default cap on the characters of one string or member name. */
    public static final int DEFAULT_MAX_STRING_LENGTH = 1 << 20;
    /** Default cap on the entries of one batch. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 100;

    private static final int MAX_WRITE_DEPTH = 512;

    private final int maxMessageBytes;
    private final int maxDepth;
    private final int maxNumberLength;
    private final int maxStringLength;
    private final int maxBatchSize;
    private final @Nullable Set<String> knownMethods;
    private final ObjectMapper mapper;
    private final JsonFactory factory;
    private final ValueWriter writer = new ValueWriter(MAX_WRITE_DEPTH);

    private JsonRpcCodec(Builder b) {
        this.maxMessageBytes = b.maxMessageBytes;
        this.maxDepth = b.maxDepth;
        this.maxNumberLength = b.maxNumberLength;
        this.maxStringLength = b.maxStringLength;
        this.maxBatchSize = b.maxBatchSize;
        this.knownMethods = b.knownMethods == null ? null : Set.copyOf(b.knownMethods);
        JsonFactory f = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxNumberLength(maxNumberLength)
                        .maxStringLength(maxStringLength)
                        .maxNameLength(maxStringLength)
                        .maxDocumentLength(maxMessageBytes)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // UTF-8 output: a surrogate pair becomes its 4-byte sequence, not two escapes;
                // a lone surrogate is still escaped, never an error
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .build();
        this.factory = f;
        this.mapper = JsonMapper.builder(f)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    /** A codec with the default limits that accepts every method name. */
    public static JsonRpcCodec defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public int maxDepth() {
        return maxDepth;
    }

    public int maxNumberLength() {
        return maxNumberLength;
    }

    public int maxStringLength() {
        return maxStringLength;
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** The methods requests may call, or empty when every method is accepted. */
    public Optional<Set<String>> knownMethods() {
        return Optional.ofNullable(knownMethods);
    }

    // ------------------------------------------------------------------ decode

    /**
     * Decodes UTF-8 bytes. Malformed UTF-8 is decoded leniently (each bad sequence becomes
     * U+FFFD) after the size cap is checked on the raw bytes. Never throws.
     */
    public Decoded decode(byte[] utf8) {
        if (utf8.length > maxMessageBytes) {
            return tooLarge();
        }
        // U+FFFD replacements may make the text longer in UTF-8 than the bytes received: the cap
        // was checked on what arrived.
        return decodeWithinCap(new String(utf8, StandardCharsets.UTF_8));
    }

    /** Decodes one text message (one JSON-RPC message or batch). Never throws. */
    public Decoded decode(String text) {
        if (utf8Length(text, maxMessageBytes) > maxMessageBytes) {
            return tooLarge();
        }
        return decodeWithinCap(text);
    }

    private Decoded decodeWithinCap(String text) {
        try {
            JsonNode root;
            try (JsonParser p = mapper.createParser(text)) {
                root = mapper.readTree(p);
            } catch (StreamConstraintsException e) {
                return single(failure(JsonRpcId.NULL, JsonRpcError.of(ErrorCode.INVALID_REQUEST, limitDetail(e))));
            } catch (JsonParseException e) {
                String m = e.getOriginalMessage();
                if (m != null && m.startsWith("Duplicate ")) {
                    return single(failure(JsonRpcId.NULL,
                            JsonRpcError.of(ErrorCode.INVALID_REQUEST, "duplicate member name in an object")));
                }
                return single(failure(JsonRpcId.NULL, JsonRpcError.of(ErrorCode.PARSE_ERROR)));
            } catch (NumberFormatException | ArithmeticException e) {
                // JSON number syntax, but no number Java can hold (an exponent beyond int range)
                return single(failure(JsonRpcId.NULL, JsonRpcError.of(ErrorCode.INVALID_REQUEST, "number out of range")));
            } catch (IOException | RuntimeException e) {
                return single(failure(JsonRpcId.NULL, JsonRpcError.of(ErrorCode.PARSE_ERROR)));
            }
            if (root == null || root.isMissingNode()) {
                return single(failure(JsonRpcId.NULL, JsonRpcError.of(ErrorCode.PARSE_ERROR)));
            }
            if (root.isArray()) {
                if (root.isEmpty()) {
                    return single(failure(JsonRpcId.NULL, JsonRpcError.of(ErrorCode.INVALID_REQUEST)));
                }
                if (root.size() > maxBatchSize) {
                    return single(failure(JsonRpcId.NULL, JsonRpcError.of(ErrorCode.INVALID_REQUEST,
                            "batch holds more than " + maxBatchSize + " entries")));
                }
                Accumulator acc = new Accumulator();
                for (JsonNode element : root) {
                    acc.add(element);
                }
                return acc.out.build(true);
            }
            Accumulator acc = new Accumulator();
            acc.add(root);
            return acc.out.build(false);
        } catch (RuntimeException e) {
            // Safety net: a bug here must still answer, and must not escape to the transport.
            return single(failure(JsonRpcId.NULL, JsonRpcError.of(ErrorCode.INTERNAL_ERROR)));
        }
    }

    private Decoded tooLarge() {
        return single(failure(JsonRpcId.NULL, JsonRpcError.of(ErrorCode.INVALID_REQUEST,
                "message larger than " + maxMessageBytes + " bytes")));
    }

    private static Decoded single(Response error) {
        return Decoded.failed(error);
    }

    private static Response.Failure failure(JsonRpcId id, JsonRpcError error) {
        return new Response.Failure(id, error);
    }

    private String limitDetail(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("nesting depth")) {
            return "JSON nested deeper than " + maxDepth + " levels";
        }
        if (m.contains("Number value length") || m.contains("number")) {
            return "number longer than " + maxNumberLength + " characters";
        }
        if (m.contains("String value length")) {
            return "string longer than " + maxStringLength + " characters";
        }
        if (m.contains("Name length") || m.contains("name")) {
            return "member name longer than " + maxStringLength + " characters";
        }
        if (m.contains("Document length") || m.contains("document")) {
            return "message larger than " + maxMessageBytes + " bytes";
        }
        return "message exceeds a size limit";
    }

    /** UTF-8 length of {@code s}, counting no further than {@code cap + 1}. */
    static long utf8Length(String s, int cap) {
        int n = s.length();
        if (n > cap) {
            return n;
        }
        long bytes = 0;
        for (int i = 0; i < n && bytes <= cap; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Validates batch entries / the single message one by one. */
    private final class Accumulator {
        final Decoded.Builder out = new Decoded.Builder();

        void add(JsonNode node) {
            if (!node.isObject()) {
                invalid(JsonRpcId.NULL);
                return;
            }
            JsonNode idNode = node.get("id");
            @Nullable JsonRpcId id = idNode == null ? null : readId(idNode);
            JsonRpcId answerId = id == null ? JsonRpcId.NULL : id;
            boolean idValid = idNode == null || id != null;
            JsonNode method = node.get("method");
            boolean versionOk = node.path("jsonrpc").isTextual() && "2.0".equals(node.get("jsonrpc").textValue());

            if (method == null && (node.has("result") || node.has("error"))) {
                addResponse(node, id, versionOk, idNode != null && idValid);
                return;
            }
            if (!versionOk || method == null || !method.isTextual() || !idValid
                    || node.has("result") || node.has("error")) {
                invalid(answerId);
                return;
            }
            JsonNode params = node.get("params");
            if (params != null && !params.isObject() && !params.isArray()) {
                invalid(answerId);
                return;
            }
            String name = method.textValue();
            boolean known = knownMethods == null || knownMethods.contains(name);
            if (idNode == null) {
                if (known) {
                    out.message(new Notification(name, params));
                } else {
                    out.discard();
                }
            } else if (!known) {
                out.error(failure(answerId, JsonRpcError.of(ErrorCode.METHOD_NOT_FOUND)));
            } else {
                out.message(new Request(answerId, name, params));
            }
        }

        private void addResponse(JsonNode node, @Nullable JsonRpcId id, boolean versionOk, boolean idOk) {
            boolean hasResult = node.has("result");
            boolean hasError = node.has("error");
            if (!versionOk || !idOk || id == null || hasResult == hasError) {
                out.discard();
                return;
            }
            if (hasResult) {
                out.message(new Response.Success(id, node.get("result")));
                return;
            }
            JsonNode error = node.get("error");
            JsonNode code = error.path("code");
            JsonNode message = error.path("message");
            if (!error.isObject() || !code.isIntegralNumber() || !code.canConvertToInt() || !message.isTextual()) {
                out.discard();
                return;
            }
            out.message(new Response.Failure(id, new JsonRpcError(code.intValue(), message.textValue(), error.get("data"))));
        }

        private void invalid(JsonRpcId id) {
            out.error(failure(id, JsonRpcError.of(ErrorCode.INVALID_REQUEST)));
        }
    }

    private static @Nullable JsonRpcId readId(JsonNode node) {
        if (node.isTextual()) {
            return new JsonRpcId.StringId(node.textValue());
        }
        if (node.isNull()) {
            return JsonRpcId.NULL;
        }
        if (node.isNumber()) {
            return new JsonRpcId.NumberId(node.decimalValue());
        }
        return null;
    }

    // ------------------------------------------------------------------ encode

    /**
     * Writes one message (request, notification, response or batch).
     *
     * @throws IllegalArgumentException if a request's or notification's params hold a value outside
     *     the JSON value model (a programming error; responses never throw, see class doc)
     */
    public String encode(Message message) {
        if (message instanceof Batch batch) {
            StringBuilder sb = new StringBuilder().append('[');
            boolean first = true;
            for (Message m : batch.messages()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(encode(m));
            }
            return sb.append(']').toString();
        }
        if (message instanceof Response r) {
            return encodeResponse(r);
        }
        try {
            return write(message);
        } catch (ValueWriter.UnwritableValueException e) {
            throw new IllegalArgumentException("params: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the answers to one decoded message: nothing when there are none (a notification, a
     * batch of notifications), one object when it was not a batch, else an array.
     */
    public Optional<String> encode(List<? extends Response> responses, boolean batch) {
        if (responses.isEmpty()) {
            return Optional.empty();
        }
        if (!batch && responses.size() == 1) {
            return Optional.of(encodeResponse(responses.get(0)));
        }
        StringBuilder sb = new StringBuilder().append('[');
        for (int i = 0; i < responses.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(encodeResponse(responses.get(i)));
        }
        return Optional.of(sb.append(']').toString());
    }

    /**
     * Writes the reply to {@code decoded}: its {@link Decoded#errors()} plus {@code answers} (one
     * per request, given in any order), in the order of the input and shaped as the
     * specification requires.
     */
    public Optional<String> reply(Decoded decoded, List<? extends Response> answers) {
        return encode(decoded.inInputOrder(answers), decoded.batch());
    }

    /**
     * Writes the reply to {@code decoded} as UTF-8 to {@code out}: the same message as
     * {@link #reply(Decoded, List)} (a lone surrogate in a string is written as a {@code \\u}
     * escape), without building the message in memory first. Every result is
     * checked <em>before the first byte is written</em>, and one that cannot be written is replaced
     * by {@code -32603} for its id exactly as {@code reply} does; after that check only {@code out}
     * can fail. {@code out} is flushed, not closed.
     *
     * @return false when there is nothing to send (then nothing was written)
     * @throws IOException from {@code out}; part of the message may then have been written, and the
     *     caller must abort it (the bytes written so far are not a complete message)
     */
    public boolean reply(Decoded decoded, List<? extends Response> answers, OutputStream out) throws IOException {
        return encode(decoded.inInputOrder(answers), decoded.batch(), out);
    }

    /**
     * Writes responses as UTF-8 to {@code out}, shaped as {@link #encode(List, boolean)} shapes
     * them; checked first as {@link #reply(Decoded, List, OutputStream)} describes.
     *
     * @return false when {@code responses} is empty (then nothing was written)
     * @throws IOException from {@code out}, possibly after part of the message was written
     */
    public boolean encode(List<? extends Response> responses, boolean batch, OutputStream out) throws IOException {
        if (responses.isEmpty()) {
            return false;
        }
        List<Response> checked = new ArrayList<>(responses.size());
        for (Response r : responses) {
            checked.add(writable(r));
        }
        JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8);
        // Never let the generator finish a message on its own: after a failure, closing brackets
        // written into out would make a cut-off message look whole.
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        boolean array = batch || checked.size() > 1;
        if (array) {
            g.writeStartArray();
        }
        for (Response r : checked) {
            writeMessage(g, r);
        }
        if (array) {
            g.writeEndArray();
        }
        g.close(); // flushes into out; out stays open
        return true;
    }

    /** {@code r}, or {@code -32603} for its id when its result or error data cannot be written. */
    private Response writable(Response r) {
        try {
            if (r instanceof Response.Success s) {
                writer.check(s.result());
            } else if (r instanceof Response.Failure f && f.error().data() != null) {
                writer.check(f.error().data());
            }
            return r;
        } catch (ValueWriter.UnwritableValueException e) {
            return new Response.Failure(r.id(), JsonRpcError.of(ErrorCode.INTERNAL_ERROR));
        }
    }

    private String encodeResponse(Response r) {
        try {
            return write(r);
        } catch (ValueWriter.UnwritableValueException | IllegalStateException e) {
            return write(new Response.Failure(r.id(), JsonRpcError.of(ErrorCode.INTERNAL_ERROR)));
        }
    }

    private String write(Message m) {
        TextBuffer out = new TextBuffer(256);
        try (JsonGenerator g = factory.createGenerator(out)) {
            writeMessage(g, m);
        } catch (IOException e) {
            // Writing to memory does not fail; a generator state error means an unwritable value.
            throw new ValueWriter.UnwritableValueException("message");
        }
        return out.toString();
    }

    private void writeMessage(JsonGenerator g, Message m) throws IOException {
        g.writeStartObject();
        g.writeStringField("jsonrpc", "2.0");
        if (m instanceof Request r) {
            writeId(g, r.id());
            g.writeStringField("method", r.method());
            if (r.params() != null) {
                g.writeFieldName("params");
                writer.write(g, r.params());
            }
        } else if (m instanceof Notification n) {
            g.writeStringField("method", n.method());
            if (n.params() != null) {
                g.writeFieldName("params");
                writer.write(g, n.params());
            }
        } else if (m instanceof Response.Success s) {
            writeId(g, s.id());
            g.writeFieldName("result");
            writer.write(g, s.result());
        } else if (m instanceof Response.Failure f) {
            writeId(g, f.id());
            g.writeObjectFieldStart("error");
            g.writeNumberField("code", f.error().code());
            g.writeStringField("message", f.error().message());
            if (f.error().data() != null) {
                g.writeFieldName("data");
                writer.write(g, f.error().data());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeId(JsonGenerator g, JsonRpcId id) throws IOException {
        g.writeFieldName("id");
        if (id instanceof JsonRpcId.StringId s) {
            g.writeString(s.value());
        } else if (id instanceof JsonRpcId.NumberId n) {
            g.writeNumber(n.value());
        } else {
            g.writeNull();
        }
    }

    /** Reads a JSON text into a tree under this codec's limits; for tests and tools. */
    public Optional<JsonNode> parseTree(String json) {
        try (JsonParser p = mapper.createParser(json)) {
            return Optional.ofNullable(mapper.readTree(p));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Limits and method set of a {@link JsonRpcCodec}. */
    public static final class Builder {
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private int maxNumberLength = DEFAULT_MAX_NUMBER_LENGTH;
        private int maxStringLength = DEFAULT_MAX_STRING_LENGTH;
        private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
        private @Nullable Set<String> knownMethods;

        private Builder() {
        }

        /** Largest message accepted, in UTF-8 bytes, checked before parsing. */
        public Builder maxMessageBytes(int bytes) {
            this.maxMessageBytes = bytes;
            return this;
        }

        /** Deepest nesting of objects and arrays accepted (the batch array counts). */
        public Builder maxDepth(int depth) {
            this.maxDepth = depth;
            return this;
        }

        /** Longest number accepted, in characters. */
        public Builder maxNumberLength(int chars) {
            this.maxNumberLength = chars;
            return this;
        }

        /** Longest string or member name accepted, in characters. */
        public Builder maxStringLength(int chars) {
            this.maxStringLength = chars;
            return this;
        }

        /** Most entries accepted in one batch. */
        public Builder maxBatchSize(int entries) {
            this.maxBatchSize = entries;
            return this;
        }

        /**
         * The methods this side serves. A request for any other method is answered
         * {@code -32601}; a notification of any other method is dropped. Not called: every
         * method is accepted and the caller decides (as {@link JsonRpcDispatcher} does).
         */
        public Builder knownMethods(Collection<String> methods) {
            this.knownMethods = Set.copyOf(methods);
            return this;
        }

        /**
         * @throws IllegalArgumentException naming every limit out of range
         */
        public JsonRpcCodec build() {
            List<String> problems = new ArrayList<>();
            if (maxMessageBytes < 16) {
                problems.add("maxMessageBytes: must be at least 16, was " + maxMessageBytes);
            }
            if (maxDepth < 2 || maxDepth > 1000) {
                problems.add("maxDepth: must be between 2 and 1000, was " + maxDepth);
            }
            if (maxNumberLength < 1) {
                problems.add("maxNumberLength: must be at least 1, was " + maxNumberLength);
            }
            if (maxStringLength < 1) {
                problems.add("maxStringLength: must be at least 1, was " + maxStringLength);
            }
            if (maxBatchSize < 1) {
                problems.add("maxBatchSize: must be at least 1, was " + maxBatchSize);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            return new JsonRpcCodec(this);
        }
    }
}
