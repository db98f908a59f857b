package dev.relay.runtime.internal.log;

import java.io.PrintStream;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Writes one line per event to stderr. Loggers outside {@code dev.relay} are held to WARN unless
 * the level is DEBUG or TRACE, so drivers do not flood the operator. Stack traces only at DEBUG:
 * third-party exception messages may quote data, so at INFO only the exception class is printed.
 * The MongoDB driver's command and operation loggers print whole commands (filters with their
 * literals) and replies (documents) at DEBUG, so they are held to WARN at every level.
 */
final class RelayLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    /** Loggers that write query values or result data below WARN: never enabled below WARN. */
    private static final java.util.List<String> ECHO_DATA = java.util.List.of(
            "org.mongodb.driver.protocol", "org.mongodb.driver.operation");

    private final boolean ours;
    private final boolean echoesData;

    RelayLogger(String name) {
        this.name = name;
        this.ours = name.startsWith("dev.relay");
        this.echoesData = ECHO_DATA.stream().anyMatch(name::startsWith);
    }

    private boolean enabled(Level l) {
        Level threshold = LogSettings.level();
        if (!ours && threshold.toInt() > Level.DEBUG.toInt() && threshold.toInt() < Level.WARN.toInt()) {
            threshold = Level.WARN;
        }
        if (echoesData && threshold.toInt() < Level.WARN.toInt()) {
            threshold = Level.WARN;
        }
        return l.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return RelayLogger.class.getName();
    }

    @Override
    protected void handleNormalizedLoggingCall(Level l, @Nullable Marker marker, String messagePattern,
            Object @Nullable [] arguments, @Nullable Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
        String time = Instant.now(LogSettings.clock()).toString();
        String thread = Thread.currentThread().getName();
        String shortName = name.substring(name.lastIndexOf('.') + 1);
        StringBuilder sb = new StringBuilder(128);
        boolean debug = LogSettings.level().toInt() <= Level.DEBUG.toInt();
        if (LogSettings.json()) {
            sb.append("{\"time\":\"").append(time).append("\",\"level\":\"").append(l)
                    .append("\",\"logger\":");
            quote(sb, name);
            sb.append(",\"thread\":");
            quote(sb, thread);
            sb.append(",\"msg\":");
            quote(sb, message);
            if (throwable != null) {
                sb.append(",\"error\":");
                quote(sb, describe(throwable, debug));
            }
            sb.append('}');
        } else {
            sb.append(time).append(' ').append(String.format("%-5s", l)).append(' ')
                    .append(shortName).append(" [").append(thread).append("] ").append(message);
            if (throwable != null) {
                sb.append(" (").append(describe(throwable, false)).append(')');
            }
        }
        PrintStream out = LogSettings.out();
        synchronized (out) {
            out.println(sb);
            if (throwable != null && debug && !LogSettings.json()) {
                throwable.printStackTrace(out);
            }
            out.flush();
        }
    }

    private static String describe(Throwable t, boolean withTrace) {
        StringBuilder sb = new StringBuilder(t.getClass().getName());
        if (t.getClass().getName().startsWith("dev.relay") && t.getMessage() != null) {
            sb.append(": ").append(t.getMessage());
        }
        if (withTrace) {
            for (StackTraceElement e : t.getStackTrace()) {
                sb.append("\n\tat ").append(e);
            }
        }
        return sb.toString();
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
