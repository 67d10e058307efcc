"""The boundary to the Java host: host types, error translation and argument conversion.

Every call into Java that a user's input can make fail goes through :func:`call`, which turns the
Java exception (a ``polyglot.ForeignException``, which ``except Exception`` would not catch) into
Python's natural exception type -- ``KeyError``, ``ValueError``, ``TypeError``, ``IndexError``,
``FileNotFoundError``, ``OSError`` or ``RuntimeError`` -- chosen by the host's
``dev.sslheads.bindings.GuestErrors`` and carrying the Java message.
"""
import array
import numbers

import java

GuestErrors = java.type("dev.sslheads.bindings.GuestErrors")
Tensors = java.type("dev.sslheads.bindings.Tensors")
HostTensor = java.type("dev.sslheads.bindings.HostTensor")
Autograd = java.type("dev.sslheads.bindings.Autograd")

_PYTHON_TYPES = {
    "KeyError": KeyError,
    "ValueError": ValueError,
    "TypeError": TypeError,
    "IndexError": IndexError,
    "FileNotFoundError": FileNotFoundError,
    "OSError": OSError,
    "RuntimeError": RuntimeError,
}


def is_host_exception(error):
    """Whether ``error`` is a Java exception surfacing in Python."""
    return not isinstance(error, Exception) and type(error).__name__ == "ForeignException"


def translate(error):
    """The Python exception for a Java exception (see the module docstring)."""
    kind = _PYTHON_TYPES[str(GuestErrors.pythonType(error))]
    return kind(str(GuestErrors.message(error)))


def call(function, *args):
    """Calls a host function, re-raising a Java exception as its natural Python exception."""
    try:
        return function(*args)
    except BaseException as error:
        if is_host_exception(error):
            raise translate(error) from None
        raise


# ---------------------------------------------------------------------- argument conversion

_FORMATS = {"float32": "f", "float64": "d", "int64": "q", "int32": "i", "int8": "b", "uint8": "B", "bool": "B"}
_PLAIN_NUMBERS = {int, float}
_BUFFER_DTYPES = {"f": "float32", "d": "float64", "q": "int64", "l": "int64", "i": "int32", "b": "int8", "B": "uint8"}


def check_dtype(dtype):
    if not isinstance(dtype, str):
        raise TypeError(f"dtype must be a str such as 'float32', got {type(dtype).__name__}")
    return dtype


def shape_of_nested(values, name):
    """Shape of a (possibly nested) list/tuple of numbers; raises ValueError for ragged input."""
    shape = []
    level = values
    while isinstance(level, (list, tuple)):
        shape.append(len(level))
        if not level:
            break
        level = level[0]
    _check_nested(values, shape, 0, name, [])
    return shape


def _check_nested(values, shape, depth, name, at):
    if depth == len(shape):
        if isinstance(values, bool) or not isinstance(values, numbers.Real):
            where = "".join(f"[{i}]" for i in at)
            raise TypeError(f"{name}{where} must be a number, got {type(values).__name__} {values!r}")
        return
    if not isinstance(values, (list, tuple)) or len(values) != shape[depth]:
        where = "".join(f"[{i}]" for i in at)
        got = f"length {len(values)}" if isinstance(values, (list, tuple)) else type(values).__name__
        raise ValueError(f"{name}{where} must be a sequence of length {shape[depth]} (ragged nested lists are not a tensor), got {got}")
    for i, v in enumerate(values):
        _check_nested(v, shape, depth + 1, name, at + [i])


def flatten(values, shape):
    flat = values
    for _ in range(len(shape) - 1):
        flat = [x for row in flat for x in row]
    return list(flat) if shape else [values]


def host_tensor(value, name="data", dtype=None, shape=None):
    """A host tensor from a Tensor, a number, nested lists/tuples, array.array or memoryview.

    Buffers cross in one bulk copy; ``shape`` gives their shape (default: 1-D).
    """
    from .tensor import Tensor

    if isinstance(value, Tensor):
        return value._host
    if value is None:
        raise TypeError(f"{name} must be a tensor, a list of numbers or a buffer, got None")
    if isinstance(value, (array.array, memoryview, bytes, bytearray)):
        view = memoryview(value)
        fmt = view.format
        if fmt not in _BUFFER_DTYPES:
            raise TypeError(f"{name} buffer format {fmt!r} is not supported (use array.array('f') or 'd')")
        inferred = _BUFFER_DTYPES[fmt]
        if dtype is not None and check_dtype(dtype) != inferred:
            raise ValueError(f"{name} holds {inferred} values but dtype={dtype!r} was asked; convert the buffer first")
        if shape is not None:
            dims = list(shape)
        elif view.ndim > 1:
            dims = list(view.shape)
        else:
            dims = [view.nbytes // view.itemsize]
        if not view.c_contiguous:
            raise ValueError(f"{name} buffer must be C-contiguous")
        return call(Tensors.fromBuffer, value, dims, inferred)
    if isinstance(value, bool) or isinstance(value, numbers.Real):
        return call(Tensors.fromDoubles, [float(value)], [], check_dtype(dtype or "float32"))
    if isinstance(value, (list, tuple)):
        if value and not isinstance(value[0], (list, tuple)) and set(map(type, value)) <= _PLAIN_NUMBERS:
            # a flat list of ints/floats (index lists, rows): checked by builtins, no Python call per element
            dims, flat = [len(value)], value
        else:
            dims = shape_of_nested(value, name)
            flat = flatten(value, dims)
        if shape is not None:
            dims = list(shape)
        target = check_dtype(dtype or "float32")
        fmt = _FORMATS.get(target, "d")
        if fmt in ("f", "d") or (fmt == "q" and set(map(type, flat)) <= {int}):
            return call(Tensors.fromBuffer, array.array(fmt, flat), dims, target)
        return call(Tensors.fromDoubles, [float(v) for v in flat], dims, target)
    if type(value).__name__ in ("ForeignObject",) and hasattr(value, "shape") and hasattr(value, "toDoubleArray"):
        return value  # already a HostTensor
    raise TypeError(f"{name} must be a tensor, a number, a (nested) list of numbers or a buffer, got {type(value).__name__}")
