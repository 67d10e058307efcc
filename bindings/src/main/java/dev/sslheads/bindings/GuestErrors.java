package dev.sslheads.bindings;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.NoSuchElementException;
import dev.sslheads.swav.UnknownSlideException;

/**
 * Which guest exception a Java exception becomes, so that Python raises its natural type
 * ({@code KeyError} for an unknown key or slide id, {@code ValueError} for a bad value or shape,
 * {@code TypeError} for a wrong type, ...; the engine's own errors, mostly shape mismatches inside
 * an operation, are {@code ValueError}) and JS an {@code Error} of the same name, both with the
 * Java message. The guest packages ask this class instead of each keeping its own table.
 */
public final class GuestErrors {
    private GuestErrors() {}

    /** Python's name for the exception type that {@code error} maps to. */
    public static String pythonType(Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof UnknownSlideException || t instanceof NoSuchElementException) {
            return "KeyError";
        }
        if (t instanceof GuestTypeException || t instanceof ClassCastException || t instanceof NullPointerException) {
            return "TypeError";
        }
        if (t instanceof IndexOutOfBoundsException) {
            return "IndexError";
        }
        if (t instanceof ClosedException || t instanceof IllegalArgumentException || t instanceof ai.djl.engine.EngineException) {
            return "ValueError";
        }
        if (t instanceof NoSuchFileException || t instanceof FileNotFoundException) {
            return "FileNotFoundError";
        }
        if (t instanceof dev.sslheads.util.CheckpointFormatException) {
            return "ValueError";
        }
        if (t instanceof IOException || t instanceof UncheckedIOException) {
            return "OSError";
        }
        return "RuntimeError";
    }

    /** The message to show: the Java message, or the exception's class name when it has none. */
    public static String message(Throwable error) {
        Throwable t = unwrap(error);
        String message = t.getMessage();
        if (t instanceof NoSuchFileException) {
            return "No such file: " + message;
        }
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof UncheckedIOException || t instanceof java.lang.reflect.InvocationTargetException) && t.getCause() != null
                && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
