package dev.sslheads.bindings;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.anndata.DType;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.Matrix;
import dev.sslheads.anndata.SparseMatrix;
import dev.sslheads.ndarray.OwnedArrays;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * AnnData's host arrays ({@link DenseArray}, {@link SparseMatrix}) to and from guest tensors, in
 * one bulk copy each way (never an element per guest call). Tensors have DJL's dtypes, so int16
 * and the unsigned types wider than 8 bits come out widened (int16, uint16 to int32; uint32,
 * uint64 to int64).
 */
public final class HostArrays {
    private HostArrays() {}

    /** A tensor holding a copy of {@code array}, same shape. */
    public static HostTensor toTensor(DenseArray array) {
        DenseArray source = switch (array.dtype()) {
            case INT16, UINT16 -> array.astype(DType.INT32);
            case UINT32, UINT64 -> array.astype(DType.INT64);
            default -> array;
        };
        Shape shape = new Shape(source.shape());
        Buffer buffer = switch (source.storage()) {
            case float[] a -> FloatBuffer.wrap(a);
            case double[] a -> DoubleBuffer.wrap(a);
            case int[] a -> IntBuffer.wrap(a);
            case long[] a -> LongBuffer.wrap(a);
            case byte[] a -> ByteBuffer.wrap(a);
            default -> throw new IllegalStateException("unexpected storage " + source.storage().getClass());
        };
        DataType type = switch (source.dtype()) {
            case FLOAT32 -> DataType.FLOAT32;
            case FLOAT64 -> DataType.FLOAT64;
            case INT32 -> DataType.INT32;
            case INT64 -> DataType.INT64;
            case INT8 -> DataType.INT8;
            case UINT8 -> DataType.UINT8;
            case BOOL -> DataType.BOOLEAN;
            default -> throw new IllegalStateException("unexpected dtype " + source.dtype());
        };
        return HostTensor.own(OwnedArrays.of(Tensors.manager(), buffer, shape, type));
    }

    /** A dense matrix as a tensor; a sparse one is refused (use its parts or {@code toarray()}). */
    public static HostTensor matrixToTensor(Matrix matrix) {
        if (matrix instanceof DenseArray dense) {
            return toTensor(dense);
        }
        return toTensor(((SparseMatrix) matrix).toDense());
    }

    /** A host array holding a copy of {@code tensor}'s values, same shape and dtype (float16 as float32). */
    public static DenseArray fromTensor(HostTensor tensor) {
        NDArray array = HostTensor.require("tensor", tensor).array();
        long[] shape = array.getShape().getShape();
        return switch (array.getDataType()) {
            case FLOAT32 -> DenseArray.wrap(DType.FLOAT32, array.toFloatArray(), shape);
            case FLOAT64 -> DenseArray.wrap(DType.FLOAT64, array.toDoubleArray(), shape);
            case INT32 -> DenseArray.wrap(DType.INT32, array.toIntArray(), shape);
            case INT64 -> DenseArray.wrap(DType.INT64, array.toLongArray(), shape);
            case INT8 -> DenseArray.wrap(DType.INT8, array.toByteArray(), shape);
            case UINT8 -> DenseArray.wrap(DType.UINT8, array.toByteArray(), shape);
            case BOOLEAN -> DenseArray.wrap(DType.BOOL, array.toByteArray(), shape);
            default -> {
                try (NDArray floats = array.toType(DataType.FLOAT32, true)) {
                    yield DenseArray.wrap(DType.FLOAT32, floats.toFloatArray(), shape);
                }
            }
        };
    }

    /** A sparse matrix from scipy's three arrays (tensors) and a shape. */
    public static SparseMatrix sparse(String format, HostTensor data, HostTensor indices, HostTensor indptr, long rows, long cols) {
        SparseMatrix.Format f = switch (format) {
            case "csr" -> SparseMatrix.Format.CSR;
            case "csc" -> SparseMatrix.Format.CSC;
            default -> throw new IllegalArgumentException("format must be 'csr' or 'csc', got '" + format + "'");
        };
        DenseArray values = fromTensor(data);
        if (values.rank() != 1) {
            throw new IllegalArgumentException("data must be 1-D, got shape " + java.util.Arrays.toString(values.shape()));
        }
        long[] pointers = (long[]) fromTensor(indptr).astype(DType.INT64).storage();
        int[] positions = (int[]) fromTensor(indices).astype(DType.INT32).storage();
        return new SparseMatrix(f, Math.toIntExact(rows), Math.toIntExact(cols), pointers, positions, values);
    }
}
