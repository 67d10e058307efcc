package dev.sslheads.bindings;

/** An operation on a closed head or tensor (Python raises ValueError, as for a closed file). */
public final class ClosedException extends IllegalStateException {
    public ClosedException(String what) {
        super(what + " is closed");
    }
}
