"""sslheads for GraalPy: tensors, autograd, modules and optimizers over the Java toolkit.

``import sslheads`` turns on gradient recording (PyTorch's default); ``with sslheads.no_grad():``
turns it off for a block.
"""
import contextlib

import java

from ._host import Autograd, Tensors, call, host_tensor
from .tensor import Tensor, as_tensor

__all__ = ["Tensor", "read_cells_csv", "tensor", "zeros", "ones", "full", "randn", "rand", "randint", "arange", "cat", "stack",
           "manual_seed", "no_grad", "is_grad_enabled", "from_buffer", "fingerprint"]

_Fingerprint = java.type("dev.sslheads.bindings.Fingerprint")

Autograd.setEnabled(True)


def tensor(data, dtype="float32", requires_grad=False):
    """A tensor from a number, (nested) lists/tuples, array.array or memoryview (1-D), or a Tensor copy."""
    t = Tensor(host_tensor(data, name="data", dtype=dtype))
    if requires_grad:
        t.requires_grad_(True)
    return t


def from_buffer(buffer, shape, dtype=None):
    """A tensor of ``shape`` from a buffer (array.array('f'), memoryview, ...) in one bulk copy."""
    return Tensor(host_tensor(buffer, name="buffer", dtype=dtype, shape=_shape(shape)))


def _shape(shape):
    if isinstance(shape, int):
        return [shape]
    try:
        return [int(s) for s in shape]
    except TypeError:
        raise TypeError(f"shape must be an int or a sequence of ints, got {type(shape).__name__}") from None


def zeros(*shape, dtype="float32"):
    return Tensor(call(Tensors.zeros, _shape(shape[0] if len(shape) == 1 and not isinstance(shape[0], int) else shape), dtype))


def ones(*shape, dtype="float32"):
    return Tensor(call(Tensors.ones, _shape(shape[0] if len(shape) == 1 and not isinstance(shape[0], int) else shape), dtype))


def full(shape, value, dtype="float32"):
    return Tensor(call(Tensors.full, _shape(shape), float(value), dtype))


def randn(*shape):
    return Tensor(call(Tensors.randn, _shape(shape[0] if len(shape) == 1 and not isinstance(shape[0], int) else shape)))


def rand(*shape):
    return Tensor(call(Tensors.rand, _shape(shape[0] if len(shape) == 1 and not isinstance(shape[0], int) else shape)))


def randint(low, high, shape):
    return Tensor(call(Tensors.randint, int(low), int(high), _shape(shape)))


def arange(n):
    return Tensor(call(Tensors.arange, int(n)))


def cat(tensors, dim=0):
    from ._host import HostTensor
    return Tensor(call(HostTensor.concat, [as_tensor(t, "tensors")._host for t in tensors], int(dim)))


def stack(tensors, dim=0):
    from ._host import HostTensor
    return Tensor(call(HostTensor.stack, [as_tensor(t, "tensors")._host for t in tensors], int(dim)))


def manual_seed(seed):
    """Seeds the engine's random generator (randn, rand, module init, augmentations)."""
    call(Tensors.manualSeed, int(seed))


def fingerprint(values):
    """16 hex digits that change with any bit of ``values`` (numbers, e.g. a loss history): seeded runs that
    print the same fingerprint computed the same numbers."""
    return str(call(_Fingerprint.of, [float(v) for v in values]))


def is_grad_enabled():
    return bool(Autograd.isEnabled())


@contextlib.contextmanager
def no_grad():
    """Operations inside the block are not recorded for backward()."""
    previous = Autograd.setEnabled(False)
    try:
        yield
    finally:
        Autograd.setEnabled(previous)


def read_cells_csv(path, x="x", y="y", slide="slide", cell_id=None):
    """A plain CSV of cells (one row per cell: coordinates, slide id, one column per gene) as an AnnData:
    ``obsm["spatial"]`` from ``x``/``y``, a categorical ``slide`` column, obs names from ``cell_id`` (else
    "0", "1", ...), the other numeric columns as the genes of ``X`` (float32) and the rest as obs columns."""
    import os

    import anndata

    from ._host import call as _call

    host_anndata = java.type("dev.sslheads.bindings.HostAnnData")
    return anndata.AnnData(_host=_call(host_anndata.readCellsCsv, os.fspath(path), x, y, slide, cell_id))
