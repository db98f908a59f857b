package dev.relay.policy.internal;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A bounded map from a key to an immutable verdict, bounded both by entries and by total weight
 * (the engine weighs an entry by the characters it holds). Evicts with CLOCK (second chance):
 * entries leave in insertion order, except that one read since the hand last passed buys another
 * round.
 *
 * <p>Thread-safe. A hit is lock-free (one {@link ConcurrentHashMap#get} and at most one volatile
 * write). Inserts and evictions take one lock; they only happen after a miss, which has just paid
 * for a full parse, so the lock is never the bottleneck. The bounds hold at every instant.
 */
public final class VerdictCache<K, V> {

    private static final class Node<K, V> {
        final K key;
        final V value;
        final long weight;
        volatile boolean referenced;

        Node(K key, V value, long weight) {
            this.key = key;
            this.value = value;
            this.weight = weight;
        }
    }

    private final int maxEntries;
    private final long maxWeight;
    private final ConcurrentHashMap<K, Node<K, V>> map = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Insertion order, the clock's hand at the head; guarded by {@link #lock}. */
    private final ArrayDeque<Node<K, V>> clock = new ArrayDeque<>();
    /** Guarded by {@link #lock}. */
    private long weight;

    /** A cache of at most {@code maxEntries} entries weighing at most {@code maxWeight} in total; both positive. */
    public VerdictCache(int maxEntries, long maxWeight) {
        if (maxEntries < 1 || maxWeight < 1) {
            throw new IllegalArgumentException("maxEntries and maxWeight must be positive");
        }
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
    }

    /** The cached value, or null. */
    public @Nullable V get(K key) {
        Node<K, V> node = map.get(key);
        if (node == null) {
            return null;
        }
        if (!node.referenced) {
            node.referenced = true; // written only when it changes: hot entries do not bounce a cache line
        }
        return node.value;
    }

    /** Caches {@code value} unless the key is present already or it alone weighs more than the whole cache may. */
    public void put(K key, V value, long entryWeight) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (entryWeight < 0 || entryWeight > maxWeight) {
            return;
        }
        lock.lock();
        try {
            if (map.containsKey(key)) {
                return; // another thread validated the same text at the same time: same verdict
            }
            Node<K, V> added = new Node<>(key, value, entryWeight);
            map.put(key, added);
            clock.addLast(added);
            weight += entryWeight;
            // each pass either evicts or spends one second chance; the chances are capped so that
            // readers re-marking entries while we sweep cannot keep us here
            int chances = clock.size();
            while (clock.size() > maxEntries || weight > maxWeight) {
                Node<K, V> hand = clock.pollFirst();
                if (hand.referenced && chances-- > 0) {
                    hand.referenced = false;
                    clock.addLast(hand);
                    continue;
                }
                map.remove(hand.key);
                weight -= hand.weight;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Entries held now. */
    public int size() {
        lock.lock();
        try {
            return clock.size();
        } finally {
            lock.unlock();
        }
    }

    /** Total weight held now. */
    public long weight() {
        lock.lock();
        try {
            return weight;
        } finally {
            lock.unlock();
        }
    }
}
