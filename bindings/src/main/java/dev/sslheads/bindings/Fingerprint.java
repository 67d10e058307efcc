package dev.sslheads.bindings;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short digest of a run's numbers, exact to the bit: the examples print one over their loss
 * history, so two runs with the same fingerprint produced the same float64 losses
 * ({@code scripts/reproducibility.sh} compares them across runs and JIT settings).
 */
public final class Fingerprint {
    private Fingerprint() {}

    /** The first 16 hex digits of SHA-256 over {@code values} as big-endian IEEE 754 doubles. */
    public static String of(double[] values) {
        if (values == null) {
            throw new GuestTypeException("values must be a list of numbers, got None");
        }
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Double.BYTES);
        for (double v : values) {
            bytes.putDouble(v);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
