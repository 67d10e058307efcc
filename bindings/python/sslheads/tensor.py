"""A small PyTorch-like Tensor over the host's DJL NDArrays (no numpy needed).

Operations run in Java on the toolkit's device; values come back to Python only through
``item()``, ``tolist()`` and ``float()``. Gradients follow PyTorch: operations on tensors with
``requires_grad`` are recorded unless inside ``sslheads.no_grad()``, ``loss.backward()`` fills
``.grad``.
"""
import numbers

from ._host import HostTensor, call, host_tensor


def _index(key, ndim):
    """DJL index syntax for a Python index: ints, slices, Ellipsis, None is not supported."""
    if not isinstance(key, tuple):
        key = (key,)
    parts = []
    for k in key:
        if k is Ellipsis:
            parts.append("...")
        elif isinstance(k, bool):
            raise TypeError("tensor indices must be integers, slices or tensors, got bool")
        elif isinstance(k, numbers.Integral):
            parts.append(str(int(k)))
        elif isinstance(k, slice):
            if k.step not in (None, 1):
                step = k.step
                parts.append(f"{'' if k.start is None else k.start}:{'' if k.stop is None else k.stop}:{step}")
            else:
                parts.append(f"{'' if k.start is None else k.start}:{'' if k.stop is None else k.stop}")
        else:
            raise TypeError(f"tensor indices must be integers, slices or tensors, got {type(k).__name__}")
    return ", ".join(parts)


def _axes(dim):
    if dim is None:
        return None
    if isinstance(dim, numbers.Integral):
        return [int(dim)]
    return [int(d) for d in dim]


class Tensor:
    """A tensor on the toolkit's device; build one with ``sslheads.tensor(data)``."""

    __slots__ = ("_host",)

    def __init__(self, host):
        self._host = host

    # ------------------------------------------------------------------ description
    @property
    def shape(self):
        return tuple(int(d) for d in call(self._host.shape))

    def size(self, dim=None):
        return self.shape if dim is None else self.shape[dim]

    @property
    def ndim(self):
        return int(call(self._host.ndim))

    def dim(self):
        return self.ndim

    def numel(self):
        return int(call(self._host.size))

    @property
    def dtype(self):
        return str(call(self._host.dtype))

    @property
    def device(self):
        return str(call(self._host.device))

    def __len__(self):
        if self.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.shape[0]

    def __repr__(self):
        if self.numel() <= 20:
            return f"tensor({self.tolist()}, dtype={self.dtype})"
        return f"tensor(shape={self.shape}, dtype={self.dtype}, device={self.device})"

    # ------------------------------------------------------------------ conversion
    def item(self):
        value = call(self._host.item)
        return int(value) if self.dtype.startswith(("int", "uint")) else (bool(value) if self.dtype == "bool" else float(value))

    def __float__(self):
        return float(call(self._host.item))

    def __int__(self):
        return int(call(self._host.item))

    def __bool__(self):
        if self.numel() != 1:
            raise ValueError("the truth value of a tensor with more than one element is ambiguous")
        return bool(call(self._host.item))

    def tolist(self):
        """Nested Python lists (a number for a 0-d tensor)."""
        if self.dtype.startswith(("int", "uint")):
            flat = [int(v) for v in call(self._host.toLongArray)]
        elif self.dtype == "bool":
            flat = [bool(v) for v in call(self._host.toLongArray)]
        else:
            flat = [float(v) for v in call(self._host.toDoubleArray)]
        shape = self.shape
        if not shape:
            return flat[0]
        for dim in reversed(shape[1:]):
            flat = [flat[i:i + dim] for i in range(0, len(flat), dim)]
        return flat

    def to(self, dtype):
        return Tensor(call(self._host.toType, dtype))

    def float(self):
        return self.to("float32")

    def long(self):
        return self.to("int64")

    # ------------------------------------------------------------------ arithmetic
    def _binary(self, other, method, name):
        if isinstance(other, Tensor):
            return Tensor(call(getattr(self._host, method), other._host))
        if isinstance(other, bool) or not isinstance(other, numbers.Real):
            return NotImplemented
        return Tensor(call(getattr(self._host, method), float(other)))

    def __add__(self, other):
        return self._binary(other, "add", "+")

    __radd__ = __add__

    def __sub__(self, other):
        return self._binary(other, "sub", "-")

    def __rsub__(self, other):
        if isinstance(other, bool) or not isinstance(other, numbers.Real):
            return NotImplemented
        return Tensor(call(self._host.rsub, float(other)))

    def __mul__(self, other):
        return self._binary(other, "mul", "*")

    __rmul__ = __mul__

    def __truediv__(self, other):
        return self._binary(other, "div", "/")

    def __rtruediv__(self, other):
        if isinstance(other, bool) or not isinstance(other, numbers.Real):
            return NotImplemented
        return Tensor(call(self._host.rdiv, float(other)))

    def __pow__(self, exponent):
        if isinstance(exponent, bool) or not isinstance(exponent, numbers.Real):
            return NotImplemented
        return Tensor(call(self._host.pow, float(exponent)))

    def __matmul__(self, other):
        if not isinstance(other, Tensor):
            return NotImplemented
        return Tensor(call(self._host.matmul, other._host))

    def __neg__(self):
        return Tensor(call(self._host.neg))

    def __abs__(self):
        return Tensor(call(self._host.abs))

    def __gt__(self, other):
        return self._binary(other, "gt", ">")

    def __ge__(self, other):
        return self._binary(other, "gte", ">=")

    def __lt__(self, other):
        return self._binary(other, "lt", "<")

    def __le__(self, other):
        return self._binary(other, "lte", "<=")

    def eq(self, other):
        return self._binary(other, "eq", "==")

    def exp(self):
        return Tensor(call(self._host.exp))

    def log(self):
        return Tensor(call(self._host.log))

    def sqrt(self):
        return Tensor(call(self._host.sqrt))

    def abs(self):
        return Tensor(call(self._host.abs))

    def relu(self):
        return Tensor(call(self._host.relu))

    def sigmoid(self):
        return Tensor(call(self._host.sigmoid))

    def tanh(self):
        return Tensor(call(self._host.tanh))

    # ------------------------------------------------------------------ reductions
    def _reduce(self, name, dim, keepdim):
        axes = _axes(dim)
        if axes is None:
            return Tensor(call(getattr(self._host, name)))
        return Tensor(call(getattr(self._host, name), axes, bool(keepdim)))

    def sum(self, dim=None, keepdim=False):
        return self._reduce("sum", dim, keepdim)

    def mean(self, dim=None, keepdim=False):
        return self._reduce("mean", dim, keepdim)

    def max(self, dim=None, keepdim=False):
        return self._reduce("max", dim, keepdim)

    def min(self, dim=None, keepdim=False):
        return self._reduce("min", dim, keepdim)

    def argmax(self, dim=-1):
        return Tensor(call(self._host.argmax, int(dim)))

    def argmin(self, dim=-1):
        return Tensor(call(self._host.argmin, int(dim)))

    def norm(self, dim=-1, keepdim=False):
        return Tensor(call(self._host.norm, int(dim), bool(keepdim)))

    def softmax(self, dim):
        return Tensor(call(self._host.softmax, int(dim)))

    def log_softmax(self, dim):
        return Tensor(call(self._host.logSoftmax, int(dim)))

    # ------------------------------------------------------------------ shape and indexing
    def reshape(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], (list, tuple)):
            shape = shape[0]
        return Tensor(call(self._host.reshape, [int(s) for s in shape]))

    view = reshape

    @property
    def T(self):
        return Tensor(call(self._host.transpose))

    def t(self):
        return self.T

    def transpose(self, dim0, dim1):
        return Tensor(call(self._host.transpose, int(dim0), int(dim1)))

    def __getitem__(self, key):
        if isinstance(key, Tensor):
            return Tensor(call(self._host.get, key._host))
        return Tensor(call(self._host.get, _index(key, self.ndim)))

    def __setitem__(self, key, value):
        index = _index(key, self.ndim)
        if isinstance(value, Tensor):
            call(self._host.set, index, value._host)
        elif isinstance(value, numbers.Real) and not isinstance(value, bool):
            call(self._host.set, index, float(value))
        else:
            raise TypeError(f"tensor values must be numbers or tensors, got {type(value).__name__}")

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    # ------------------------------------------------------------------ autograd
    @property
    def requires_grad(self):
        return bool(call(self._host.requiresGrad))

    @requires_grad.setter
    def requires_grad(self, value):
        self.requires_grad_(value)

    def requires_grad_(self, value=True):
        call(self._host.setRequiresGrad, bool(value))
        return self

    @property
    def grad(self):
        host = call(self._host.grad)
        return None if host is None else Tensor(host)

    def backward(self):
        call(self._host.backward)

    def detach(self):
        return Tensor(call(self._host.detach))

    def zero_grad_(self):
        call(self._host.zeroGrad)


def as_tensor(value, name="data", dtype=None, shape=None):
    """``value`` as a Tensor (Tensors pass through unchanged)."""
    if isinstance(value, Tensor):
        return value
    return Tensor(host_tensor(value, name=name, dtype=dtype, shape=shape))
