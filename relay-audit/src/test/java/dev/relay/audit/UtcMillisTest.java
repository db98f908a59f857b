package dev.relay.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UtcMillisTest {

    @Test
    void formatsLikeTheIsoPatternWhetherTheSecondRepeatsOrNot() {
        UtcMillis times = new UtcMillis();
        SplittableRandom random = new SplittableRandom(8);
        Instant t = Instant.parse("2026-11-21T15:30:59.998Z");
        for (int i = 0; i < 10_000; i++) {
            t = t.plusNanos(random.nextLong(0, 3_000_000L)); // several records per millisecond and second
            assertThat(times.format(t)).isEqualTo(UtcMillis.FORMAT.format(t));
        }
        for (String s : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "0000-01-01T00:00:00.001Z",
                "9999-12-31T23:59:59.999999999Z", "2024-02-29T12:00:00.5Z", "2024-02-29T12:00:00.05Z"}) {
            Instant x = Instant.parse(s);
            assertThat(times.format(x)).as(s).isEqualTo(UtcMillis.FORMAT.format(x)).hasSize(24);
        }
        Instant far = Instant.parse("+10000-01-01T00:00:00Z");
        assertThat(times.format(far)).isEqualTo(UtcMillis.FORMAT.format(far));
        assertThat(times.format(Instant.parse("2026-11-21T15:31:00.123Z"))).isEqualTo("2026-11-21T15:31:00.123Z");
    }
}
