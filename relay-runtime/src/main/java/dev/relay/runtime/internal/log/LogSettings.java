package dev.relay.runtime.internal.log;

import java.io.PrintStream;
import java.time.Clock;
import org.slf4j.event.Level;

/**
 * Where and how operational logs are written. SLF4J binds its provider once per class loader, so
 * these settings are the one piece of process-wide state in the runtime; the CLI sets them once at
 * start-up from {@code --log-format}/{@code --log-level} (or the config's {@code logging:}).
 */
public final class LogSettings {

    private static volatile Level level = Level.INFO;
    private static volatile boolean json;
    private static volatile PrintStream out = System.err;
    private static volatile Clock clock = Clock.systemUTC();

    private LogSettings() {
    }

    public static void configure(String format, String levelName) {
        json = "json".equalsIgnoreCase(format);
        level = Level.valueOf(levelName.toUpperCase(java.util.Locale.ROOT));
    }

    public static void redirect(PrintStream stream) {
        out = stream;
    }

    static Level level() {
        return level;
    }

    static boolean json() {
        return json;
    }

    static PrintStream out() {
        return out;
    }

    static Clock clock() {
        return clock;
    }
}
