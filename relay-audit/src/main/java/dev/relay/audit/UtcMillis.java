package dev.relay.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Formats record times as {@code 2024-01-15T10:31:00.000Z}, reusing the text up to the second
 * while the second does not change (records come many per second). Not thread-safe: the log
 * calls it under its lock.
 */
final class UtcMillis {

    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private long second = Long.MIN_VALUE;
    private String prefix = "";

    String format(Instant t) {
        long s = t.getEpochSecond();
        if (s != second) {
            String full = FORMAT.format(t);
            // "uuuu-MM-dd'T'HH:mm:ss." for years 0000-9999; other years have a sign or more digits
            if (full.length() != 24) {
                return full;
            }
            prefix = full.substring(0, 20);
            second = s;
        }
        int ms = t.getNano() / 1_000_000;
        char[] c = new char[24];
        prefix.getChars(0, 20, c, 0);
        c[20] = (char) ('0' + ms / 100);
        c[21] = (char) ('0' + ms / 10 % 10);
        c[22] = (char) ('0' + ms % 10);
        c[23] = 'Z';
        return new String(c);
    }
}
