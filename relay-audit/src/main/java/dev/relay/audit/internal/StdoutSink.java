package dev.relay.audit.internal;

import dev.relay.audit.spi.AuditSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** JSON lines on a stream (the process's stdout by default). Closing does not close the stream. */
public final class StdoutSink implements AuditSink {

    private final OutputStream out;

    public StdoutSink(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder(lines.size() * 400);
        for (String line : lines) {
            sb.append(line).append('\n');
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (out instanceof PrintStream && ((PrintStream) out).checkError()) {
            throw new IOException("stdout refused the write");
        }
    }

    @Override
    public String describe() {
        return "stdout";
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
