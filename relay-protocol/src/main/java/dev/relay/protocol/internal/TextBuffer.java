package dev.relay.protocol.internal;

import java.io.Writer;

/** An unsynchronized {@link Writer} into a {@link StringBuilder} ({@code StringWriter} locks per write). */
public final class TextBuffer extends Writer {

    private final StringBuilder sb;

    public TextBuffer(int capacity) {
        this.sb = new StringBuilder(capacity);
    }

    @Override
    public void write(char[] cbuf, int off, int len) {
        sb.append(cbuf, off, len);
    }

    @Override
    public void write(int c) {
        sb.append((char) c);
    }

    @Override
    public void write(String str, int off, int len) {
        sb.append(str, off, off + len);
    }

    @Override
    public Writer append(CharSequence csq) {
        sb.append(csq);
        return this;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
