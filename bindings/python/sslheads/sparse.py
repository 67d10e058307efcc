"""scipy.sparse's ``csr_matrix`` / ``csc_matrix`` for GraalPy, over the host's ``SparseMatrix``.

``csr_matrix((data, indices, indptr), shape=(n, m))`` or ``csr_matrix(dense)`` (a Tensor or nested
list), ``.shape``, ``.nnz``, ``.dtype``, ``.format``, ``.data`` / ``.indices`` / ``.indptr`` (Tensors,
copies), ``.toarray()`` (a dense Tensor) and ``issparse(x)``. The arithmetic stays in Java: these
objects carry an AnnData's sparse ``X``, layers and ``obsp`` graphs to and from scripts.
"""
import java

from ._host import call, host_tensor
from .tensor import Tensor

HostAnnData = java.type("dev.sslheads.bindings.HostAnnData")
HostArrays = java.type("dev.sslheads.bindings.HostArrays")
_SparseMatrix = java.type("dev.sslheads.anndata.SparseMatrix")

__all__ = ["csr_matrix", "csc_matrix", "issparse", "spmatrix"]


class spmatrix:
    """A CSR or CSC matrix held by the host (``.host``: ``dev.sslheads.anndata.SparseMatrix``)."""

    __slots__ = ("host",)
    _format = None

    def __init__(self, arg, shape=None, dtype=None):
        if java.is_object(arg) and java.instanceof(arg, _SparseMatrix):
            self.host = arg
            return
        if isinstance(arg, spmatrix):
            self.host = call(arg.host.toFormat, _format_enum(self._format))
            return
        if isinstance(arg, tuple) and len(arg) == 3:
            if shape is None:
                raise ValueError("shape must be given with (data, indices, indptr)")
            data, indices, indptr = arg
            self.host = call(HostArrays.sparse, self._format, host_tensor(data, "data", dtype or "float32"),
                             host_tensor(indices, "indices", "int64"), host_tensor(indptr, "indptr", "int64"),
                             int(shape[0]), int(shape[1]))
            return
        self.host = call(HostAnnData.sparseFromTensor, host_tensor(arg, "arg", dtype), self._format)

    @property
    def shape(self):
        return tuple(int(d) for d in self.host.shape())

    @property
    def nnz(self):
        return int(self.host.nnz())

    @property
    def dtype(self):
        return str(self.host.dtype().numpyName())

    @property
    def format(self):
        return "csr" if str(self.host.format().name()) == "CSR" else "csc"

    @property
    def data(self):
        return Tensor(call(HostArrays.toTensor, self.host.values()))

    @property
    def indices(self):
        return Tensor(call(HostArrays.toTensor, call(_DenseArray.of, self.host.indices(), [self.nnz])))

    @property
    def indptr(self):
        ptr = self.host.indptr()
        return Tensor(call(HostArrays.toTensor, call(_DenseArray.of, ptr, [len(ptr)])))

    def toarray(self):
        return Tensor(call(HostArrays.matrixToTensor, self.host))

    def copy(self):
        return type(self)(self.host.copy())

    def tocsr(self):
        return csr_matrix(self)

    def tocsc(self):
        return csc_matrix(self)

    def __repr__(self):
        return f"<{self.shape[0]}x{self.shape[1]} sparse matrix of type '{self.dtype}' with {self.nnz} stored elements in " \
               f"{'Compressed Sparse Row' if self.format == 'csr' else 'Compressed Sparse Column'} format>"


_DenseArray = java.type("dev.sslheads.anndata.DenseArray")


def _format_enum(name):
    return java.type("dev.sslheads.anndata.SparseMatrix$Format").valueOf(name.upper())


class csr_matrix(spmatrix):
    __slots__ = ()
    _format = "csr"


class csc_matrix(spmatrix):
    __slots__ = ()
    _format = "csc"


def issparse(x):
    return isinstance(x, spmatrix)


def wrap(host):
    """The Python matrix for a host ``SparseMatrix``."""
    return csr_matrix(host) if str(host.format().name()) == "CSR" else csc_matrix(host)
