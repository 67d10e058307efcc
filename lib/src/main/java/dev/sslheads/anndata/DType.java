package dev.sslheads.anndata;

import java.util.Locale;

/**
 * The element type of a {@link DenseArray} or of a sparse matrix's values, named as numpy names it.
 *
 * <p>Each type keeps its values in one Java primitive array of the same width: {@code byte[]} for
 * {@link #BOOL} (0 or 1), {@link #INT8} and {@link #UINT8}; {@code short[]} for the 16-bit types;
 * {@code int[]} for the 32-bit integers; {@code long[]} for the 64-bit integers; {@code float[]}
 * and {@code double[]} for the floats. Unsigned values are stored in the signed array of their
 * width and read back unsigned ({@link DenseArray#getDouble}).
 */
public enum DType {
    BOOL(1, false, false), INT8(1, true, false), INT16(2, true, false), INT32(4, true, false), INT64(8, true, false),
    UINT8(1, false, false), UINT16(2, false, false), UINT32(4, false, false), UINT64(8, false, false),
    FLOAT32(4, true, true), FLOAT64(8, true, true);

    private final int bytes;
    private final boolean signed;
    private final boolean floating;

    DType(int bytes, boolean signed, boolean floating) {
        this.bytes = bytes;
        this.signed = signed;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Whether this is {@link #FLOAT32} or {@link #FLOAT64}. */
    public boolean isFloating() {
        return floating;
    }

    /** Whether this is an integer type (signed or not; {@link #BOOL} is not). */
    public boolean isInteger() {
        return this != BOOL && !floating;
    }

    /** Whether integer values of this type are unsigned. */
    public boolean isUnsigned() {
        return isInteger() && !signed;
    }

    /** numpy's name: {@code "float32"}, {@code "int64"}, {@code "bool"}, ... */
    public String numpyName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type for numpy's name ({@code "float32"}, {@code "bool"}, ...). */
    public static DType ofNumpyName(String name) {
        for (DType type : values()) {
            if (type.numpyName().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("dtype must be one of bool, int8, int16, int32, int64, uint8, uint16, uint32,"
                + " uint64, float32, float64; got '" + name + "'");
    }

    /** A new zeroed primitive array holding {@code length} elements of this type. */
    Object newStorage(int length) {
        return switch (bytes) {
            case 1 -> new byte[length];
            case 2 -> new short[length];
            case 4 -> floating ? new float[length] : new int[length];
            default -> floating ? new double[length] : new long[length];
        };
    }

    /** Whether {@code storage} is the primitive array this type keeps its values in. */
    boolean accepts(Object storage) {
        return storage != null && storage.getClass() == newStorage(0).getClass();
    }
}
