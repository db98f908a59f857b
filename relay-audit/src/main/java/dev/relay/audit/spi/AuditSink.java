package dev.relay.audit.spi;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where audit lines go. {@link dev.relay.audit.AuditLog} calls {@link #write(List)} from one
 * thread at a time with a group of complete lines, in order; the call returns only when the lines
 * are as durable as the sink promises, and throws when they might not be: the log then fails the
 * requests whose records were in the group (when {@code failClosed} is on).
 */
public interface AuditSink extends Closeable {

    /**
     * Writes {@code lines} (each one JSON object, without a line terminator) in order, and flushes.
     *
     * @throws IOException if any line might not have been written
     */
    void write(List<String> lines) throws IOException;

    /**
     * The last complete line already in the sink, so that a hash chain continues after a restart;
     * null when the sink is empty or cannot read back (stdout).
     */
    default @Nullable String lastLine() throws IOException {
        return null;
    }

    /**
     * Something the sink did on opening that the log should record (e.g. a partial last line left
     * by a crash, cut off); null when nothing.
     */
    default @Nullable String openingNote() {
        return null;
    }

    /** A short name for error messages ({@code file /var/log/relay/audit.jsonl}); no secrets. */
    String describe();

    @Override
    void close() throws IOException;
}
