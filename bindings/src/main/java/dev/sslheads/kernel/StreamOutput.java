package dev.sslheads.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A guest's stdout or stderr: bytes collect until a line ends or the stream is flushed, then go
 * to the kernel as one {@code stream} message's text.
 */
final class StreamOutput extends OutputStream {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final Consumer<String> publish;

    StreamOutput(Consumer<String> publish) {
        this.publish = publish;
    }

    @Override
    public synchronized void write(int b) {
        pending.write(b);
        if (b == '\n') {
            flush();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                flush();
                return;
            }
        }
    }

    @Override
    public synchronized void flush() {
        if (pending.size() > 0) {
            String text = pending.toString(StandardCharsets.UTF_8);
            pending.reset();
            publish.accept(text);
        }
    }
}
