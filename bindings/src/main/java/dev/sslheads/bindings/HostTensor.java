package dev.sslheads.bindings;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.util.Scopes;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A tensor as guests see it: one DJL {@link NDArray} plus the operations the Python {@code Tensor}
 * and the JS module forward to it. Every operation runs on the array's device and returns a new
 * owned tensor; nothing is copied to the host except by the explicit conversions
 * ({@link #item}, {@link #toDoubleArray}, {@link #toBytes}).
 *
 * <p>An owned tensor's native memory is freed by {@link NativeReaper} when the guest drops it (or
 * at once by {@link #close}); a borrowed one (a head's prototypes, a module's parameters) is a
 * view of an array that its owner frees.
 */
public final class HostTensor {
    private final NDArray array;
    private final boolean owned;
    /** The host object a borrowed view belongs to, kept reachable while the view is (null when owned). */
    private final Object owner;

    private HostTensor(NDArray array, boolean owned, Object owner) {
        this.array = array;
        this.owned = owned;
        this.owner = owner;
        if (owned) {
            NativeReaper.register(this, array);
        }
    }

    /** {@code t} itself; a guest's None for the tensor argument {@code name} is a {@link GuestTypeException}. */
    public static HostTensor require(String name, HostTensor t) {
        if (t == null) {
            throw new GuestTypeException(name + " must be a tensor, got None");
        }
        return t;
    }

    /** Takes ownership of {@code array}. */
    public static HostTensor own(NDArray array) {
        return new HostTensor(array, true, null);
    }

    /**
     * Wraps an array that {@code owner} (a head, a module) holds: never closed through this
     * wrapper, and the owner is not reclaimed while the view is reachable.
     */
    public static HostTensor borrow(NDArray array, Object owner) {
        return new HostTensor(array, false, owner);
    }

    /** The underlying array, for host code. */
    public NDArray array() {
        if (array.isReleased()) {
            throw new ClosedException("tensor");
        }
        return array;
    }

    /**
     * Runs {@code body} in its own {@link ai.djl.ndarray.NDScope} and owns the one array it returns:
     * every temporary of the computation (a broadcast scalar, DJL's intermediates, a library
     * method's work arrays) is freed when it returns. Guests call host code from a long-lived
     * manager that is never closed, so without the scope those temporaries would live as long as
     * the process. Library objects keep their own state out of callers' scopes.
     *
     * <p>The tensors {@code body} captures stay reachable until it has run ({@code Scopes.run} fences
     * it): a guest's wrapper may be unreachable while its array is still in use here (the guest
     * passed a temporary), and the reaper would free the native tensor under the running op.
     */
    public static HostTensor compute(Supplier<NDArray> body) {
        return own(Scopes.run(body));
    }

    /** {@link #compute} for a computation with several results, in order (a null result stays null). */
    public static List<HostTensor> computeAll(Supplier<List<NDArray>> body) {
        return Scopes.run(body, arrays -> arrays).stream().map(array -> array == null ? null : own(array)).toList();
    }

    // ------------------------------------------------------------------ description and conversion

    public long[] shape() {
        return array().getShape().getShape();
    }

    public int ndim() {
        return array().getShape().dimension();
    }

    public long size() {
        return array().getShape().size();
    }

    /** numpy-style dtype name: float32, float64, int64, int32, bool, ... */
    public String dtype() {
        return Tensors.dtypeName(array().getDataType());
    }

    public String device() {
        return array().getDevice().toString();
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (size() != 1) {
            throw new IllegalArgumentException("item() needs a tensor with exactly 1 element, got shape " + Arrays.toString(shape()));
        }
        return toDoubleArray()[0];
    }

    /** All values, row-major, as doubles (booleans as 0/1). */
    public double[] toDoubleArray() {
        return copiedAs(DataType.FLOAT64, NDArray::toDoubleArray);
    }

    /** All values, row-major, as longs (integer and boolean tensors). */
    public long[] toLongArray() {
        return copiedAs(DataType.INT64, NDArray::toLongArray);
    }

    /** {@code copy} of the values as {@code type} (converting through a temporary when the dtype differs). */
    private <T> T copiedAs(DataType type, Function<NDArray, T> copy) {
        try {
            if (array().getDataType() == type) {
                return copy.apply(array());
            }
            try (NDArray converted = array().toType(type, true)) {
                return copy.apply(converted);
            }
        } finally {
            Reference.reachabilityFence(this); // see compute: the reaper must not free the array mid-copy
        }
    }

    /** The raw values, little-endian, row-major (4 bytes per float32). */
    public byte[] toBytes() {
        try {
            ByteBuffer buffer = array().toByteBuffer().order(ByteOrder.nativeOrder());
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public HostTensor toType(String dtype) {
        return compute(() -> array().toType(Tensors.dataType(dtype), true));
    }

    // ------------------------------------------------------------------ arithmetic (broadcasting)

    public HostTensor add(HostTensor other) {
        return compute(() -> array().add(other.array()));
    }

    public HostTensor add(double value) {
        return compute(() -> array().add(scalar(value)));
    }

    public HostTensor sub(HostTensor other) {
        return compute(() -> array().sub(other.array()));
    }

    public HostTensor sub(double value) {
        return compute(() -> array().sub(scalar(value)));
    }

    /** {@code value - this}. */
    public HostTensor rsub(double value) {
        return compute(() -> array().neg().add(scalar(value)));
    }

    public HostTensor mul(HostTensor other) {
        return compute(() -> array().mul(other.array()));
    }

    public HostTensor mul(double value) {
        return compute(() -> array().mul(scalar(value)));
    }

    public HostTensor div(HostTensor other) {
        return compute(() -> array().div(other.array()));
    }

    public HostTensor div(double value) {
        return compute(() -> array().div(scalar(value)));
    }

    /** {@code value / this}. */
    public HostTensor rdiv(double value) {
        return compute(() -> scalar(value).div(array()));
    }

    public HostTensor pow(double exponent) {
        return compute(() -> array().pow(scalar(exponent)));
    }

    public HostTensor matmul(HostTensor other) {
        return compute(() -> array().matMul(other.array()));
    }

    public HostTensor neg() {
        return compute(() -> array().neg());
    }

    public HostTensor abs() {
        return compute(() -> array().abs());
    }

    public HostTensor exp() {
        return compute(() -> array().exp());
    }

    public HostTensor log() {
        return compute(() -> array().log());
    }

    public HostTensor sqrt() {
        return compute(() -> array().sqrt());
    }

    public HostTensor relu() {
        return compute(() -> ai.djl.nn.Activation.relu(array()));
    }

    public HostTensor sigmoid() {
        return compute(() -> ai.djl.nn.Activation.sigmoid(array()));
    }

    public HostTensor tanh() {
        return compute(() -> array().tanh());
    }

    /**
     * {@code value} as a 0-dimensional array in the tensor's type when it is floating point, so
     * float32 stays float32 (as in PyTorch), else float32 (a guest's number arrives as a double).
     * Made by {@link OwnedArrays} (GC-safe when autograd keeps it) in the computation's scope.
     */
    private NDArray scalar(double value) {
        DataType type = array().getDataType();
        return OwnedArrays.scalar(array.getManager(), value, type.isFloating() ? type : DataType.FLOAT32);
    }

    // ------------------------------------------------------------------ comparisons (bool tensors)

    public HostTensor gt(HostTensor other) {
        return compute(() -> array().gt(other.array()));
    }

    public HostTensor gt(double value) {
        return compute(() -> array().gt(scalar(value)));
    }

    public HostTensor gte(HostTensor other) {
        return compute(() -> array().gte(other.array()));
    }

    public HostTensor gte(double value) {
        return compute(() -> array().gte(scalar(value)));
    }

    public HostTensor lt(HostTensor other) {
        return compute(() -> array().lt(other.array()));
    }

    public HostTensor lt(double value) {
        return compute(() -> array().lt(scalar(value)));
    }

    public HostTensor lte(HostTensor other) {
        return compute(() -> array().lte(other.array()));
    }

    public HostTensor lte(double value) {
        return compute(() -> array().lte(scalar(value)));
    }

    public HostTensor eq(HostTensor other) {
        return compute(() -> array().eq(other.array()));
    }

    public HostTensor eq(double value) {
        return compute(() -> array().eq(scalar(value)));
    }

    // ------------------------------------------------------------------ reductions

    public HostTensor sum() {
        return compute(() -> array().sum());
    }

    public HostTensor sum(int[] axes, boolean keepDims) {
        return compute(() -> array().sum(axes, keepDims));
    }

    public HostTensor mean() {
        return compute(() -> array().mean());
    }

    public HostTensor mean(int[] axes, boolean keepDims) {
        return compute(() -> array().mean(axes, keepDims));
    }

    public HostTensor max() {
        return compute(() -> array().max());
    }

    public HostTensor max(int[] axes, boolean keepDims) {
        return compute(() -> array().max(axes, keepDims));
    }

    public HostTensor min() {
        return compute(() -> array().min());
    }

    public HostTensor min(int[] axes, boolean keepDims) {
        return compute(() -> array().min(axes, keepDims));
    }

    public HostTensor argmax(int axis) {
        return compute(() -> array().argMax(axis));
    }

    public HostTensor argmin(int axis) {
        return compute(() -> array().argMin(axis));
    }

    public HostTensor norm(int axis, boolean keepDims) {
        return compute(() -> array().norm(new int[] {axis}, keepDims));
    }

    // ------------------------------------------------------------------ shape and indexing

    public HostTensor reshape(long[] shape) {
        return compute(() -> array().reshape(new Shape(shape)));
    }

    /** Reverses the axes (a matrix's transpose). */
    public HostTensor transpose() {
        return compute(() -> array().transpose());
    }

    public HostTensor transpose(int axis0, int axis1) {
        return compute(() -> array().swapAxes(axis0, axis1));
    }

    public HostTensor softmax(int axis) {
        return compute(() -> array().softmax(axis));
    }

    public HostTensor logSoftmax(int axis) {
        return compute(() -> array().logSoftmax(axis));
    }

    /** {@code x / max(||x||_p, eps)} along {@code axis} (torch's F.normalize). */
    public HostTensor normalize(double p, int axis, double eps) {
        return compute(() -> array().normalize(p, axis, eps));
    }

    /** Indexing with DJL's index syntax, e.g. {@code "1:3, :"} or {@code "-1"}. */
    public HostTensor get(String index) {
        return compute(() -> array().get(new NDIndex(index)));
    }

    /** Rows selected by an integer tensor, or elements by a boolean mask. */
    public HostTensor get(HostTensor index) {
        return compute(() -> array().get(index.array()));
    }

    /** In-place assignment of a value at {@code index} (no gradient through it). */
    public void set(String index, double value) {
        ScalarOps.set(array(), new NDIndex(index), value);
        Reference.reachabilityFence(this);
    }

    /** In-place assignment of a tensor at {@code index}, broadcasting (no gradient through it). */
    public void set(String index, HostTensor value) {
        array().set(new NDIndex(index), value.array());
        Reference.reachabilityFence(this);
        Reference.reachabilityFence(value);
    }

    public static HostTensor concat(List<HostTensor> parts, int axis) {
        return compute(() -> NDArrays.concat(arrays(parts), axis));
    }

    public static HostTensor stack(List<HostTensor> parts, int axis) {
        return compute(() -> NDArrays.stack(arrays(parts), axis));
    }

    private static NDList arrays(List<HostTensor> parts) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("parts must be a non-empty list of tensors, got " + parts);
        }
        NDList list = new NDList();
        for (HostTensor part : parts) {
            list.add(part.array());
        }
        return list;
    }

    // ------------------------------------------------------------------ autograd

    public boolean requiresGrad() {
        return array().hasGradient();
    }

    /** Makes this (leaf) tensor collect gradients. */
    public void setRequiresGrad(boolean value) {
        array().setRequiresGradient(value);
    }

    /** The accumulated gradient, or null before any backward pass reached this tensor. */
    public HostTensor grad() {
        if (!array().hasGradient()) {
            return null;
        }
        return own(array().getGradient());
    }

    /** Zeroes the accumulated gradient in place. */
    public void zeroGrad() {
        if (array().hasGradient()) {
            try (NDArray gradient = array().getGradient()) {
                ScalarOps.muli(gradient, 0);
            }
        }
        Reference.reachabilityFence(this);
    }

    /** Back-propagates from this scalar into every tensor that requires gradients. */
    public void backward() {
        if (size() != 1) {
            throw new IllegalArgumentException("backward() needs a scalar (1-element) tensor, got shape " + Arrays.toString(shape()));
        }
        Autograd.backward(array());
        Reference.reachabilityFence(this);
    }

    /** The same values without gradient tracking (shares memory). */
    public HostTensor detach() {
        return compute(() -> array().stopGradient());
    }

    // ------------------------------------------------------------------ lifecycle

    /** Frees an owned tensor now; borrowed tensors are left to their owner. */
    public void close() {
        if (owned && !array.isReleased()) {
            array.close();
        }
    }

    public boolean isClosed() {
        return array.isReleased();
    }

    @Override
    public String toString() {
        if (array.isReleased()) {
            return "tensor(<closed>)";
        }
        return "tensor(shape=" + Arrays.toString(shape()) + ", dtype=" + dtype() + ", device=" + device() + ")";
    }
}
