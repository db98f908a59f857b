package dev.relay.protocol;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property test of the codec over random and mutated inputs (valid requests, batches mixing
 * requests, notifications, responses and junk; truncations, bit flips, byte insertions giving
 * invalid UTF-8, deep nesting, huge numbers, duplicate members, oversized messages). For every
 * input: decode and reply never throw; the reply is nothing or valid JSON-RPC 2.0 of the right
 * shape; its ids are those of the requests when they could be read; notifications get nothing.
 * The oracle is an independent parse with the same limits plus the rules of the specification.
 */
class CodecFuzzTest {

    private static final long SEED = 0x5EED_2026_1121L;
    private static final int CASES = 100_000;

    private static final int MAX_BYTES = 16 * 1024;
    private static final int MAX_DEPTH = 32;
    private static final int MAX_NUMBER = 64;
    private static final int MAX_STRING = 4096;
    private static final int MAX_BATCH = 20;

    private final JsonRpcCodec codec = JsonRpcCodec.builder()
            .maxMessageBytes(MAX_BYTES).maxDepth(MAX_DEPTH).maxNumberLength(MAX_NUMBER)
            .maxStringLength(MAX_STRING).maxBatchSize(MAX_BATCH)
            .knownMethods(Set.of("execute", "list_resources", "sum"))
            .build();

    /** The oracle's parser: same limits, no knowledge of JSON-RPC. */
    private final ObjectMapper oracle = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_NUMBER)
                            .maxStringLength(MAX_STRING).maxNameLength(MAX_STRING).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Reads the codec's replies: plain, limit-free. */
    private final ObjectMapper plain = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(10_000).maxNumberLength(100_000).maxStringLength(Integer.MAX_VALUE).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    @Test
    void neverThrowsAndAlwaysAnswersValidJsonRpc() {
        Random random = new Random(SEED);
        int[] kinds = new int[Kind.values().length];
        for (int i = 0; i < CASES; i++) {
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            kinds[kind.ordinal()]++;
            byte[] input = kind.make(this, random);
            boolean asBytes = random.nextBoolean();
            String text = new String(input, StandardCharsets.UTF_8);
            try {
                check(text, input, asBytes);
            } catch (AssertionError | RuntimeException e) {
                String shown = text.length() > 600 ? text.substring(0, 600) + "..." : text;
                throw new AssertionError("fuzz case " + i + " (kind " + kind + ", seed 0x" + Long.toHexString(SEED)
                        + ", as " + (asBytes ? "bytes" : "string") + ") failed: " + e.getMessage()
                        + "\ninput: " + shown, e);
            }
        }
        for (int k : kinds) {
            if (k < 1000) {
                fail("a kind of input was hardly generated: " + java.util.Arrays.toString(kinds));
            }
        }
    }

    private void check(String text, byte[] bytes, boolean asBytes) {
        Decoded decoded = asBytes ? codec.decode(bytes) : codec.decode(text);
        List<Response> answers = new ArrayList<>();
        for (Request r : decoded.requests()) {
            answers.add(Response.success(r.id(), r.params()));
        }
        Optional<String> reply = codec.reply(decoded, answers);

        long size = asBytes ? bytes.length : JsonRpcCodec.utf8Length(text, Integer.MAX_VALUE - 1);
        JsonNode root = null;
        if (size <= MAX_BYTES) {
            try {
                root = oracle.readTree(text);
            } catch (Exception e) {
                root = null;
            }
        }
        if (root == null || root.isMissingNode() || (root.isArray() && (root.isEmpty() || root.size() > MAX_BATCH))) {
            JsonNode r = single(reply, "whole-message error");
            assertResponse(r);
            expect(r.get("id").isNull(), "whole-message error has id null: " + r);
            int code = r.at("/error/code").asInt();
            expect(code == -32700 || code == -32600, "whole-message error is -32700 or -32600: " + r);
            return;
        }
        if (root.isArray()) {
            int expected = 0;
            List<JsonNode> ids = new ArrayList<>();
            for (JsonNode e : root) {
                expected += answersExpected(e) ? 1 : 0;
                JsonNode id = readableRequestId(e);
                if (id != null) {
                    ids.add(id);
                }
            }
            if (expected == 0) {
                expect(reply.isEmpty(), "nothing for a batch of notifications and responses, got " + reply);
                return;
            }
            JsonNode r = parse(reply.orElseThrow(() -> new AssertionError("batch needs a reply")));
            expect(r.isArray() && r.size() == expected, "batch reply holds " + expected + " responses: " + r);
            List<JsonNode> replyIds = new ArrayList<>();
            for (JsonNode e : r) {
                assertResponse(e);
                replyIds.add(e.get("id"));
            }
            for (JsonNode id : ids) {
                expect(removeSameId(replyIds, id), "id " + id + " echoed in " + r);
            }
            return;
        }
        if (!answersExpected(root)) {
            expect(reply.isEmpty(), "no reply to a notification or response, got " + reply);
            return;
        }
        JsonNode r = single(reply, "single reply");
        assertResponse(r);
        JsonNode id = readableRequestId(root);
        if (id != null) {
            expect(sameId(r.get("id"), id), "id " + id + " echoed, got " + r.get("id"));
        }
    }

    /** Spec: every entry is answered except valid notifications (and responses, which are never answered). */
    private static boolean answersExpected(JsonNode e) {
        if (!e.isObject()) {
            return true;
        }
        if (!e.has("method") && (e.has("result") || e.has("error"))) {
            return false;
        }
        boolean validNotification = !e.has("id")
                && e.path("jsonrpc").isTextual() && "2.0".equals(e.get("jsonrpc").textValue())
                && e.path("method").isTextual()
                && (!e.has("params") || e.get("params").isObject() || e.get("params").isArray())
                && !e.has("result") && !e.has("error");
        return !validNotification;
    }

    /** The id a reply must echo: a string, number or null id of an entry that has a method. */
    private static JsonNode readableRequestId(JsonNode e) {
        if (!e.isObject() || !e.has("id") || !e.has("method") || e.has("result") || e.has("error")) {
            return null;
        }
        JsonNode id = e.get("id");
        return id.isTextual() || id.isNumber() || id.isNull() ? id : null;
    }

    private static boolean sameId(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static boolean removeSameId(List<JsonNode> ids, JsonNode id) {
        for (Iterator<JsonNode> it = ids.iterator(); it.hasNext(); ) {
            if (sameId(it.next(), id)) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private JsonNode single(Optional<String> reply, String what) {
        JsonNode r = parse(reply.orElseThrow(() -> new AssertionError(what + ": a reply is required")));
        expect(r.isObject(), what + ": one object: " + r);
        return r;
    }

    private JsonNode parse(String reply) {
        try {
            return plain.readTree(reply);
        } catch (Exception e) {
            throw new AssertionError("reply is not valid JSON: " + reply, e);
        }
    }

    private static final Set<String> MEMBERS = Set.of("jsonrpc", "id", "result", "error");

    private static void assertResponse(JsonNode r) {
        expect(r.isObject(), "response is an object: " + r);
        expect("2.0".equals(r.path("jsonrpc").textValue()), "jsonrpc 2.0: " + r);
        expect(r.has("id"), "has id: " + r);
        JsonNode id = r.get("id");
        expect(id.isTextual() || id.isNumber() || id.isNull(), "id type: " + r);
        expect(r.has("result") != r.has("error"), "exactly one of result and error: " + r);
        r.fieldNames().forEachRemaining(n -> expect(MEMBERS.contains(n), "unexpected member " + n));
        if (r.has("error")) {
            JsonNode e = r.get("error");
            expect(e.path("code").isInt() && e.path("message").isTextual(), "error has code and message: " + r);
            int code = e.get("code").asInt();
            expect(code == -32700 || code == -32600 || code == -32601,
                    "only parse / invalid request / method not found are due here: " + r);
            expect(code != -32700 || id.isNull(), "parse errors have id null: " + r);
        }
    }

    private static void expect(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    // ------------------------------------------------------------------ generators

    enum Kind {
        REQUEST {
            @Override
            byte[] make(CodecFuzzTest t, Random r) {
                return utf8(t.message(r, 0));
            }
        },
        BATCH {
            @Override
            byte[] make(CodecFuzzTest t, Random r) {
                return utf8(t.batch(r));
            }
        },
        TRUNCATED {
            @Override
            byte[] make(CodecFuzzTest t, Random r) {
                byte[] b = utf8(r.nextBoolean() ? t.batch(r) : t.message(r, 0));
                return java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
            }
        },
        BIT_FLIPPED {
            @Override
            byte[] make(CodecFuzzTest t, Random r) {
                byte[] b = utf8(r.nextBoolean() ? t.batch(r) : t.message(r, 0));
                int flips = 1 + r.nextInt(4);
                for (int i = 0; i < flips && b.length > 0; i++) {
                    int at = r.nextInt(b.length);
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
                return b;
            }
        },
        INVALID_UTF8 {
            @Override
            byte[] make(CodecFuzzTest t, Random r) {
                byte[] b = utf8(t.message(r, 0));
                byte[] bad = {(byte) 0xC3, (byte) 0xFF, (byte) 0x80, (byte) 0xED, (byte) 0xA0, (byte) 0xF4, (byte) 0x90, (byte) 0xFE};
                int at = r.nextInt(b.length + 1);
                int n = 1 + r.nextInt(3);
                byte[] out = new byte[b.length + n];
                System.arraycopy(b, 0, out, 0, at);
                for (int i = 0; i < n; i++) {
                    out[at + i] = bad[r.nextInt(bad.length)];
                }
                System.arraycopy(b, at, out, at + n, b.length - at);
                return out;
            }
        },
        SPLICED {
            @Override
            byte[] make(CodecFuzzTest t, Random r) {
                String s = r.nextBoolean() ? t.batch(r) : t.message(r, 0);
                StringBuilder sb = new StringBuilder(s);
                int edits = 1 + r.nextInt(3);
                String tokens = "{}[]\":,0-eE.\\ nultrfa";
                for (int i = 0; i < edits; i++) {
                    int at = r.nextInt(sb.length() + 1);
                    switch (r.nextInt(3)) {
                        case 0 -> sb.insert(at, tokens.charAt(r.nextInt(tokens.length())));
                        case 1 -> {
                            if (at < sb.length()) {
                                sb.deleteCharAt(at);
                            }
                        }
                        default -> {
                            if (at < sb.length()) {
                                sb.setCharAt(at, tokens.charAt(r.nextInt(tokens.length())));
                            }
                        }
                    }
                }
                return utf8(sb.toString());
            }
        },
        DEEP {
            @Override
            byte[] make(CodecFuzzTest t, Random r) {
                int depth = r.nextInt(3) == 0 ? 1 + r.nextInt(MAX_DEPTH + 4) : 20 + r.nextInt(3000);
                String open = r.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                StringBuilder params = new StringBuilder();
                params.append(open.repeat(depth)).append(r.nextBoolean() ? "1" : "");
                if (r.nextInt(4) > 0) {
                    params.append(close.repeat(depth));
                }
                String p = params.toString();
                if (open.equals("{\"a\":") && !p.endsWith("}")) {
                    p = p + "1";
                }
                return utf8(switch (r.nextInt(3)) {
                    case 0 -> p;
                    case 1 -> "{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":[" + p + "],\"id\":" + t.id(r) + "}";
                    default -> "[" + t.message(r, 0) + ",{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":{\"x\":" + p + "}}]";
                });
            }
        },
        HUGE_NUMBERS {
            @Override
            byte[] make(CodecFuzzTest t, Random r) {
                String n = t.hugeNumber(r);
                return utf8(switch (r.nextInt(3)) {
                    case 0 -> "{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":[" + n + "],\"id\":" + t.id(r) + "}";
                    case 1 -> "{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":" + n + "}";
                    default -> "[{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":{\"n\":" + n + "},\"id\":" + n + "}]";
                });
            }
        },
        DUPLICATES {
            @Override
            byte[] make(CodecFuzzTest t, Random r) {
                String m = t.message(r, 0);
                if (m.startsWith("{") && m.length() > 2) {
                    String member = List.of("\"id\":1,", "\"method\":\"execute\",", "\"jsonrpc\":\"2.0\",").get(r.nextInt(3));
                    m = "{" + member + m.substring(1);
                }
                return utf8(r.nextBoolean() ? m : "[" + m + "," + t.message(r, 0) + "]");
            }
        },
        OVERSIZED {
            @Override
            byte[] make(CodecFuzzTest t, Random r) {
                int len = MAX_BYTES - 64 + r.nextInt(256);
                String filler = "x".repeat(Math.max(0, len));
                return utf8("{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":[\"" + filler + "\"],\"id\":" + t.id(r) + "}");
            }
        },
        RANDOM_BYTES {
            @Override
            byte[] make(CodecFuzzTest t, Random r) {
                byte[] b = new byte[r.nextInt(64)];
                r.nextBytes(b);
                return b;
            }
        };

        abstract byte[] make(CodecFuzzTest t, Random r);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final String[] METHODS = {"execute", "list_resources", "sum", "unknown", "rpc.discover", ""};

    String batch(Random r) {
        int n = r.nextInt(8) == 0 ? 0 : 1 + r.nextInt(r.nextInt(10) == 0 ? MAX_BATCH + 5 : 6);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(r.nextInt(6) == 0 ? value(r, 2) : message(r, 1));
        }
        return sb.append(']').toString();
    }

    /** A request, notification or response, mostly well formed, sometimes not. */
    String message(Random r, int depth) {
        StringBuilder sb = new StringBuilder("{");
        List<String> members = new ArrayList<>();
        int shape = r.nextInt(10);
        if (r.nextInt(12) != 0) {
            members.add("\"jsonrpc\":" + (r.nextInt(10) == 0 ? List.of("\"1.0\"", "2.0", "null", "\"2.0 \"").get(r.nextInt(4)) : "\"2.0\""));
        }
        if (shape < 8) {
            if (r.nextInt(15) != 0) {
                members.add("\"method\":" + (r.nextInt(15) == 0 ? value(r, 1) : "\"" + METHODS[r.nextInt(METHODS.length)] + "\""));
            }
            if (r.nextInt(4) != 0) {
                members.add("\"params\":" + switch (r.nextInt(8)) {
                    case 0 -> value(r, 2);
                    case 1, 2, 3 -> array(r, 2);
                    default -> object(r, 2);
                });
            }
        } else if (shape == 8) {
            members.add("\"result\":" + value(r, 2));
        } else {
            members.add("\"error\":{\"code\":" + (r.nextInt(5) == 0 ? value(r, 0) : String.valueOf(-32000 - r.nextInt(800)))
                    + ",\"message\":\"m\"}");
        }
        if (r.nextInt(3) != 0) {
            members.add("\"id\":" + id(r));
        }
        if (r.nextInt(20) == 0) {
            members.add("\"extra\":" + value(r, 1));
        }
        java.util.Collections.shuffle(members, r);
        sb.append(String.join(",", members));
        return sb.append('}').toString();
    }

    String id(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> "null";
            case 1 -> "true";
            case 2 -> "{\"x\":1}";
            case 3 -> "[1]";
            case 4 -> String.valueOf(r.nextLong());
            case 5 -> r.nextInt(1000) + "." + r.nextInt(100);
            case 6 -> "1e" + r.nextInt(400);
            case 7 -> "\"\"";
            case 8 -> "\"req-" + r.nextInt(1_000_000) + "\"";
            case 9 -> "\"\\u00e9\\ud83d\\ude00" + r.nextInt(10) + "\"";
            default -> String.valueOf(r.nextInt(100));
        };
    }

    String hugeNumber(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> "1e" + (r.nextBoolean() ? "" : "-") + (100_000_000 + r.nextInt(900_000_000));
            case 1 -> "9".repeat(1 + r.nextInt(MAX_NUMBER + 20));
            case 2 -> "-0." + "0".repeat(r.nextInt(MAX_NUMBER)) + "1";
            case 3 -> "123456789012345678901234567890.5e-" + r.nextInt(1000);
            case 4 -> "-9223372036854775809";
            default -> "1" + "0".repeat(r.nextInt(MAX_NUMBER + 10)) + "E+" + r.nextInt(10_000);
        };
    }

    String value(Random r, int depth) {
        int choice = depth <= 0 ? r.nextInt(7) : r.nextInt(9);
        return switch (choice) {
            case 0 -> "null";
            case 1 -> r.nextBoolean() ? "true" : "false";
            case 2 -> String.valueOf(r.nextInt());
            case 3 -> String.valueOf(r.nextDouble() * 1e6);
            case 4 -> "\"" + text(r) + "\"";
            case 5 -> hugeNumber(r);
            case 6 -> "\"" + "s".repeat(r.nextInt(8) == 0 ? MAX_STRING + r.nextInt(10) - 5 : r.nextInt(10)) + "\"";
            case 7 -> array(r, depth - 1);
            default -> object(r, depth - 1);
        };
    }

    String array(Random r, int depth) {
        int n = r.nextInt(4);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(value(r, depth));
        }
        return sb.append(']').toString();
    }

    String object(Random r, int depth) {
        int n = r.nextInt(4);
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("\"k").append(i).append("\":").append(value(r, depth));
        }
        return sb.append('}').toString();
    }

    private static final String[] TEXTS = {"abc", "SELECT 1", "é", "😀", "\\n", "\\\"", "\\u0000", "\\ud800", "a\\tb", "€"};

    String text(Random r) {
        return TEXTS[r.nextInt(TEXTS.length)];
    }
}
