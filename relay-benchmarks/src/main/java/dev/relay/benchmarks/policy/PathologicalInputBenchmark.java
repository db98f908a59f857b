package dev.relay.benchmarks.policy;

import dev.relay.policy.Decision;
import dev.relay.policy.PolicyEngine;
import dev.relay.policy.PolicyRequest;
import dev.relay.policy.ResourcePolicy;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to answer (accept or reject) inputs that make JSqlParser take minutes unguarded: CASE and
 * parentheses nested 16+ deep, 1,000-term OR chains and IN lists, and 64 KB of '('.
 * Target: every one answered in at most 250 ms. Also syntax errors nested 4 and 6 deep, which keep
 * JSqlParser's complex-mode retry busy (found in session 2, not fixed yet: the 6-deep one runs
 * until the parse deadline, 1 s).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PathologicalInputBenchmark {

    @Param({"case16", "case24", "caseInParens16", "parens16", "parens64", "or1000", "in1000", "parens64k", "unclosed64k",
        "syntaxErrorParens4", "syntaxErrorParens6"})
    public String input;

    private PolicyEngine policy;
    private String sql;

    @Setup
    public void setUp() {
        // the verdict cache is off: this measures the full check, every call (VerdictCacheBenchmark measures hits)
        policy = PolicyEngine.builder().verdictCache(0, 0).resource(ResourcePolicy.builder("bench", "postgres").build()).build();
        sql = build(input);
    }

    @TearDown
    public void tearDown() {
        policy.close();
    }

    static String build(String kind) {
        switch (kind) {
            case "case16":
                return "SELECT " + nestedCase(16, false) + " FROM t";
            case "case24":
                return "SELECT " + nestedCase(24, false) + " FROM t";
            case "caseInParens16":
                return "SELECT " + nestedCase(16, true) + " FROM t";
            case "parens16":
                return "SELECT " + "(".repeat(16) + "a + 1" + ")".repeat(16) + " FROM t";
            case "parens64":
                return "SELECT " + "(".repeat(64) + "a + 1" + ")".repeat(64) + " FROM t";
            case "or1000": {
                StringBuilder b = new StringBuilder("SELECT * FROM t WHERE a = 0");
                for (int i = 1; i < 1000; i++) {
                    b.append(" OR a = ").append(i);
                }
                return b.toString();
            }
            case "in1000": {
                StringBuilder b = new StringBuilder("SELECT * FROM t WHERE a IN (0");
                for (int i = 1; i < 1000; i++) {
                    b.append(", ").append(i);
                }
                return b.append(')').toString();
            }
            case "parens64k":
                return "SELECT " + "(".repeat(32 * 1024) + "1" + ")".repeat(32 * 1024);
            case "unclosed64k":
                return "SELECT " + "(".repeat(64 * 1024);
            case "syntaxErrorParens4":
                // invalid, so JSqlParser's complex-mode retry runs (nesting <= 10): exponential in depth
                return "SELECT " + "(".repeat(4) + "a + " + ")".repeat(4) + " FROM t";
            case "syntaxErrorParens6":
                return "SELECT " + "(".repeat(6) + "a + " + ")".repeat(6) + " FROM t";
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    static String nestedCase(int depth, boolean parens) {
        String e = "x";
        for (int i = 0; i < depth; i++) {
            String inner = parens ? "(" + e + ")" : e;
            e = "CASE WHEN a = " + i + " THEN " + inner + " ELSE b END";
        }
        return e;
    }

    @Benchmark
    public Decision timeToAnswer() {
        return check(sql);
    }

    private Decision check(String query) {
        return policy.evaluate(PolicyRequest.sql("bench", "query", query, List.of()));
    }
}
