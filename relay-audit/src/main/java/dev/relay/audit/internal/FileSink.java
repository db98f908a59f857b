package dev.relay.audit.internal;

import dev.relay.audit.spi.AuditSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An append-only JSON-lines file. On opening it reads back the last complete line (so the chain
 * continues) and cuts off a partial last line a crash may have left, saying so in
 * {@link #openingNote()}. A new file is created {@code rw-r-----} where the file system has POSIX
 * permissions. Each {@link #write(List)} is one {@code write} of the whole group, followed by
 * {@code force} when {@code fsync} is on.
 */
public final class FileSink implements AuditSink {

    private static final int TAIL_READ = 64 * 1024;
    /** A larger group gets a buffer of its own that is not kept. */
    private static final int MAX_KEPT_BUFFER = 1 << 20;

    private final Path path;
    private final boolean fsync;
    private final FileChannel channel;
    private final @Nullable String lastLine;
    private final @Nullable String openingNote;
    /** Used by write() only, which the log calls from one thread at a time. */
    private ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);

    public FileSink(Path path, boolean fsync) throws IOException {
        this.path = path;
        this.fsync = fsync;
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
        if (!Files.exists(path) && path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // Readable by the relay's group (log shippers), by no one else.
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        }
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            String last = null;
            String note = null;
            if (size > 0) {
                int len = (int) Math.min(size, TAIL_READ);
                long windowStart = size - len;
                ByteBuffer buf = ByteBuffer.allocate(len);
                channel.read(buf, size - len);
                byte[] tail = buf.array();
                int end = len;
                if (tail[len - 1] != '\n') {
                    int nl = lastIndexOf(tail, len - 1);
                    long keep = nl < 0 ? size - len : size - len + nl + 1;
                    if (nl < 0 && windowStart > 0) {
                        throw new IOException("the last line of " + path + " is longer than " + TAIL_READ + " bytes");
                    }
                    note = "cut off a partial last line of " + (size - keep) + " bytes left by an earlier run";
                    channel.truncate(keep);
                    end = nl + 1;
                    size = keep;
                }
                if (end > 0) {
                    int prev = lastIndexOf(tail, end - 2);
                    if (prev < 0 && windowStart > 0) {
                        throw new IOException("the last line of " + path + " is longer than " + TAIL_READ + " bytes");
                    }
                    last = new String(tail, prev + 1, end - 1 - (prev + 1), StandardCharsets.UTF_8);
                }
            }
            channel.position(channel.size());
            this.lastLine = last;
            this.openingNote = note;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static int lastIndexOf(byte[] b, int from) {
        for (int i = from; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void write(List<String> lines) throws IOException {
        // The group goes straight into a direct buffer reused across writes (the log calls write()
        // from one thread at a time): no joined String, no temporary copy inside the channel.
        int n = lines.size();
        byte[][] bytes = new byte[n][];
        int size = 0;
        for (int i = 0; i < n; i++) {
            bytes[i] = lines.get(i).getBytes(StandardCharsets.UTF_8);
            size += bytes[i].length + 1;
        }
        ByteBuffer buf = buffer;
        if (buf.capacity() < size) {
            buf = ByteBuffer.allocateDirect(Math.max(size, 2 * buf.capacity()));
            buffer = buf.capacity() <= MAX_KEPT_BUFFER ? buf : buffer;
        }
        buf.clear();
        for (byte[] b : bytes) {
            buf.put(b).put((byte) '\n');
        }
        buf.flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        if (fsync) {
            channel.force(false);
        }
    }

    @Override
    public @Nullable String lastLine() {
        return lastLine;
    }

    @Override
    public @Nullable String openingNote() {
        return openingNote;
    }

    @Override
    public String describe() {
        return "file " + path;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
