package dev.sslheads.anndata.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import dev.sslheads.anndata.DType;
import org.bytedeco.javacpp.BytePointer;

/**
 * What an HDF5 datatype holds for AnnData, and the datatypes this package writes: little-endian
 * integers and IEEE floats, h5py's bool (an ENUM over int8 {@code {FALSE=0, TRUE=1}}) and
 * variable-length UTF-8 strings.
 */
final class H5Type {
    /** The kinds of data AnnData stores. */
    enum Kind { NUMBER, BOOL, STRING, OTHER }

    final Kind kind;
    /** The element type for NUMBER and BOOL; null otherwise. */
    final DType dtype;
    /** For OTHER: a description for messages. */
    final String description;

    private H5Type(Kind kind, DType dtype, String description) {
        this.kind = kind;
        this.dtype = dtype;
        this.description = description;
    }

    /** Classifies a file datatype: any integer width (signed or not), f16/f32/f64, ENUM / bitfield bools, strings. */
    static H5Type of(long type) {
        int cls = H5Tget_class(type);
        long size = H5Tget_size(type);
        if (cls == H5T_INTEGER) {
            boolean unsigned = H5Tget_sign(type) == H5T_SGN_NONE;
            DType d = switch ((int) size) {
                case 1 -> unsigned ? DType.UINT8 : DType.INT8;
                case 2 -> unsigned ? DType.UINT16 : DType.INT16;
                case 4 -> unsigned ? DType.UINT32 : DType.INT32;
                case 8 -> unsigned ? DType.UINT64 : DType.INT64;
                default -> null;
            };
            return d == null ? other("integer of " + size + " bytes") : new H5Type(Kind.NUMBER, d, null);
        }
        if (cls == H5T_FLOAT) {
            return size <= 4 ? new H5Type(Kind.NUMBER, DType.FLOAT32, null)
                    : size == 8 ? new H5Type(Kind.NUMBER, DType.FLOAT64, null) : other("float of " + size + " bytes");
        }
        if (cls == H5T_ENUM) {
            return isBoolEnum(type) ? new H5Type(Kind.BOOL, DType.BOOL, null) : other("an enum other than h5py's bool");
        }
        if (cls == H5T_BITFIELD && size == 1) {
            return new H5Type(Kind.BOOL, DType.BOOL, null);
        }
        if (cls == H5T_STRING) {
            return new H5Type(Kind.STRING, null, null);
        }
        return other("HDF5 type class " + cls);
    }

    private static H5Type other(String description) {
        return new H5Type(Kind.OTHER, null, description);
    }

    private static boolean isBoolEnum(long type) {
        if (H5Tget_nmembers(type) != 2) {
            return false;
        }
        for (int i = 0; i < 2; i++) {
            BytePointer name = H5Tget_member_name(type, i);
            String s = name.getString();
            H5free_memory(name);
            if (!s.equals("FALSE") && !s.equals("TRUE")) {
                return false;
            }
        }
        return true;
    }

    /** The native in-memory type to read or write {@code dtype} with (a library constant: never closed). */
    static long nativeType(DType dtype) {
        return switch (dtype) {
            case INT8 -> H5T_NATIVE_INT8_g();
            case INT16 -> H5T_NATIVE_INT16_g();
            case INT32 -> H5T_NATIVE_INT32_g();
            case INT64 -> H5T_NATIVE_INT64_g();
            case UINT8, BOOL -> H5T_NATIVE_UINT8_g();
            case UINT16 -> H5T_NATIVE_UINT16_g();
            case UINT32 -> H5T_NATIVE_UINT32_g();
            case UINT64 -> H5T_NATIVE_UINT64_g();
            case FLOAT32 -> H5T_NATIVE_FLOAT_g();
            case FLOAT64 -> H5T_NATIVE_DOUBLE_g();
        };
    }

    /** The little-endian file type for a numeric {@code dtype} (a library constant: never closed). */
    static long fileType(DType dtype) {
        return switch (dtype) {
            case INT8 -> H5T_STD_I8LE_g();
            case INT16 -> H5T_STD_I16LE_g();
            case INT32 -> H5T_STD_I32LE_g();
            case INT64 -> H5T_STD_I64LE_g();
            case UINT8 -> H5T_STD_U8LE_g();
            case UINT16 -> H5T_STD_U16LE_g();
            case UINT32 -> H5T_STD_U32LE_g();
            case UINT64 -> H5T_STD_U64LE_g();
            case FLOAT32 -> H5T_IEEE_F32LE_g();
            case FLOAT64 -> H5T_IEEE_F64LE_g();
            case BOOL -> throw new IllegalArgumentException("bool has no numeric file type; use boolEnum()");
        };
    }

    /** h5py's bool: ENUM over int8 {FALSE=0, TRUE=1}; the caller closes it. */
    static long boolEnum() {
        long type = H5Tenum_create(H5T_NATIVE_INT8_g());
        try (BytePointer value = new BytePointer(1)) {
            value.put(0, (byte) 0);
            H5Tenum_insert(type, "FALSE", value);
            value.put(0, (byte) 1);
            H5Tenum_insert(type, "TRUE", value);
        }
        return type;
    }

    /** A variable-length UTF-8 string type (what h5py writes); the caller closes it. */
    static long vlenUtf8() {
        long type = H5Tcopy(H5T_C_S1_g());
        H5Tset_size(type, H5T_VARIABLE);
        H5Tset_cset(type, H5T_CSET_UTF8);
        return type;
    }
}
