package dev.sslheads.bindings;

import java.lang.ref.Cleaner;
import ai.djl.ndarray.NDArray;
import dev.sslheads.util.Scopes;
import dev.sslheads.lightly.MemoryBank;

/** lightly's {@code MemoryBankModule} (v1.4.19) for guests; {@link #close} frees the bank. */
public final class HostMemoryBank implements AutoCloseable {
    private MemoryBank bank;
    private final Cleaner.Cleanable lifetime;

    private HostMemoryBank(MemoryBank bank) {
        this.bank = bank;
        this.lifetime = NativeReaper.whenUnreachable(this, bank::close);
    }

    /** A bank of {@code size} embeddings on the toolkit's device (0: no bank). */
    public static HostMemoryBank create(int size) {
        return new HostMemoryBank(new MemoryBank(Tensors.manager(), size));
    }

    private MemoryBank bank() {
        if (bank == null) {
            throw new ClosedException("MemoryBankModule");
        }
        return bank;
    }

    public int size() {
        return bank().size();
    }

    public int pointer() {
        return bank().pointer();
    }

    /** The bank {@code (dim, size)} as a live view, or null before the first forward. */
    public HostTensor contents() {
        MemoryBank b = bank();
        return b.bank() == null ? null : HostTensor.borrow(b.bank(), this);
    }

    /** A copy {@code (dim, size)} of the bank taken before enqueueing {@code output} {@code (B, dim)} (if update), or null for size 0. */
    public HostTensor forward(HostTensor output, boolean update) {
        HostTensor.require("output", output);
        MemoryBank b = bank();
        NDArray snapshot = Scopes.run(() -> b.forward(output.array(), update));
        return snapshot == null ? null : HostTensor.own(snapshot);
    }

    @Override
    public void close() {
        if (bank != null) {
            bank = null;
            lifetime.clean();
        }
    }
}
