package dev.relay.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictCacheTest {

    @Test
    void entriesAreBoundedAndTheOldestUnreadLeaveFirst() {
        VerdictCache<String, String> cache = new VerdictCache<>(3, 1_000);
        cache.put("a", "A", 1);
        cache.put("b", "B", 1);
        cache.put("c", "C", 1);
        assertThat(cache.get("a")).isEqualTo("A"); // read: gets a second chance
        cache.put("d", "D", 1);
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isEqualTo("A");
        assertThat(cache.get("c")).isEqualTo("C");
        assertThat(cache.get("d")).isEqualTo("D");
    }

    @Test
    void weightIsBoundedAndAnOversizedEntryIsNotCached() {
        VerdictCache<Integer, String> cache = new VerdictCache<>(100, 50);
        cache.put(-1, "huge", 51);
        assertThat(cache.size()).isZero();
        for (int i = 0; i < 100; i++) {
            cache.put(i, "v" + i, 7);
            assertThat(cache.weight()).isLessThanOrEqualTo(50);
        }
        assertThat(cache.size()).isEqualTo(7);
        assertThat(cache.weight()).isEqualTo(49);
    }

    @Test
    void aPresentKeyKeepsItsFirstValue() {
        VerdictCache<String, String> cache = new VerdictCache<>(10, 100);
        cache.put("k", "first", 5);
        cache.put("k", "second", 5);
        assertThat(cache.get("k")).isEqualTo("first");
        assertThat(cache.weight()).isEqualTo(5);
    }

    @Test
    void everyEntryReadStillEvicts() {
        VerdictCache<Integer, Integer> cache = new VerdictCache<>(4, 1_000);
        for (int i = 0; i < 100; i++) {
            cache.put(i, i, 1);
            for (int j = 0; j <= i; j++) {
                cache.get(j);
            }
            assertThat(cache.size()).isLessThanOrEqualTo(4);
        }
    }
}
