package dev.relay.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BoundedParserTest {

    static String orChain(int terms) {
        StringBuilder b = new StringBuilder("SELECT * FROM t WHERE a = 0");
        for (int i = 1; i < terms; i++) {
            b.append(" OR a = ").append(i);
        }
        return b.toString();
    }

    @Test
    void parsesOrdinarySql() {
        try (BoundedParser parser = new BoundedParser(1, 4)) {
            BoundedParser.Outcome o = parser.parse("SELECT a FROM t WHERE b = 1", Duration.ofSeconds(1), 10, 0);
            assertThat(o.statements()).isNotNull();
            assertThat(o.failure()).isNull();
        }
    }

    @Test
    void deadlineAnswersPromptlyAndTheParserThreadStopsBurningCpu() throws InterruptedException {
        try (BoundedParser parser = new BoundedParser(1, 4)) {
            long start = System.nanoTime();
            BoundedParser.Outcome o = parser.parse(orChain(40_000), Duration.ofMillis(100), 10, 0);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(o.timedOut()).isTrue();
            assertThat(o.failure()).contains("too long to parse");
            assertThat(tookMs).isLessThan(900);
            // the parser checks its 'interrupted' flag: the worker leaves JSqlParser soon after the deadline
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (parser.runningParses() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(parser.runningParses()).as("parser threads still inside JSqlParser").isZero();
            // and the pool is usable again at once
            assertThat(parser.parse("SELECT 1", Duration.ofSeconds(1), 10, 0).statements()).isNotNull();
        }
    }

    @Test
    void aFullQueueIsABusyAnswerNotABlockedCaller() throws InterruptedException {
        try (BoundedParser parser = new BoundedParser(1, 1)) {
            Thread a = new Thread(() -> parser.parse(orChain(40_000), Duration.ofMillis(300), 10, 0));
            Thread b = new Thread(() -> parser.parse(orChain(40_000), Duration.ofMillis(300), 10, 0));
            a.start();
            b.start();
            Thread.sleep(50);
            BoundedParser.Outcome o = parser.parse("SELECT 1", Duration.ofMillis(300), 10, 0);
            a.join();
            b.join();
            assertThat(o.statements() != null || o.failure() != null).isTrue();
        }
    }

    @Test
    void parseErrorsNameAPositionNotALiteral() {
        try (BoundedParser parser = new BoundedParser(1, 4)) {
            BoundedParser.Outcome o = parser.parse("SELECT FROM WHERE 12345678", Duration.ofSeconds(1), 10, 0);
            assertThat(o.failure()).startsWith("query could not be parsed").doesNotContain("12345678");
        }
    }
}
