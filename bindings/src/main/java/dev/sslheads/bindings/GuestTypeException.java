package dev.sslheads.bindings;

/** A guest passed a value of the wrong type (Python TypeError, JS TypeError). */
public final class GuestTypeException extends IllegalArgumentException {
    public GuestTypeException(String message) {
        super(message);
    }
}
