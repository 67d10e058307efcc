"""anndata's API on the JVM: ``AnnData``, ``read_h5ad``, ``concat``; the data lives in Java.

An ``AnnData`` here wraps ``dev.sslheads.anndata.AnnData`` (sslheads-lib). Reading and writing
``.h5ad`` files, selections and concatenation run in Java; no matrix passes through a Python list:

``read_h5ad(filename)`` / ``adata.write_h5ad(filename, compression=None)``
    HDF5 through the HDF Group's library. ``compression="gzip"`` (level ``compression_opts``,
    default 4) compresses numeric datasets. A write goes to a temporary file renamed at the end.
``AnnData(X=None, obs=None, var=None, uns=None, obsm=None, varm=None, layers=None, obsp=None, varp=None)``
    ``X`` and the matrices: ``sslheads`` Tensors, (nested) lists, buffers, or
    ``sslheads.sparse.csr_matrix`` / ``csc_matrix``; ``obs`` / ``var``: ``sslheads.pandas``
    DataFrames (or dicts of columns), whose row count gives ``n_obs`` / ``n_vars`` when ``X`` is
    absent. Names default to "0", "1", ...
``adata.X``, ``adata.obsm[key]``, ``adata.layers[key]``, ...
    Dense matrices come back as ``sslheads`` Tensors (a copy in one bulk transfer; assign back to
    change them), sparse ones as ``csr_matrix`` / ``csc_matrix``.
``adata.obs`` / ``adata.var``
    ``sslheads.pandas.DataFrame`` over the AnnData's own Tablesaw table (no copy): columns added
    there are the AnnData's; ``pandas.Categorical`` values keep their category order.
``adata.obs_names`` / ``adata.var_names``
    Lists of str (assignable).
``adata[obs_index]``, ``adata[obs_index, var_index]``
    A new AnnData (a copy, never a view): each index a boolean mask (list, Series or Tensor), a
    list of positions or names, a slice, an int or a name.
``concat(adatas, join="inner", label=None, keys=None, index_unique=None)``
    Along cells; the genes common to all (``join="outer"`` is not implemented).
"""
import numbers
import os

import java

from sslheads import pandas as _pandas
from sslheads import sparse as _sparse
from sslheads._host import call, host_tensor
from sslheads.tensor import Tensor

HostAnnData = java.type("dev.sslheads.bindings.HostAnnData")
HostArrays = java.type("dev.sslheads.bindings.HostArrays")
_JavaAnnData = java.type("dev.sslheads.anndata.AnnData")
_Matrix = java.type("dev.sslheads.anndata.Matrix")
_DenseArray = java.type("dev.sslheads.anndata.DenseArray")
_SparseMatrix = java.type("dev.sslheads.anndata.SparseMatrix")
_Frame = java.type("dev.sslheads.anndata.Frame")
_Map = java.type("java.util.Map")
_List = java.type("java.util.List")
_Alignment = java.type("dev.sslheads.anndata.AxisArrays$Alignment")

__all__ = ["AnnData", "read_h5ad", "concat"]
__version__ = "0.8.0-sslheads"


# ---------------------------------------------------------------------- conversions

def _python_matrix(host):
    if java.instanceof(host, _SparseMatrix):
        return _sparse.wrap(host)
    return Tensor(call(HostArrays.toTensor, host))


def _host_matrix(value, name, default_dtype="float32"):
    if isinstance(value, _sparse.spmatrix):
        return value.host
    if java.is_object(value) and java.instanceof(value, _Matrix):
        return value
    if isinstance(value, AnnData):
        raise TypeError(f"{name} must be a matrix, got an AnnData")
    dtype = default_dtype if isinstance(value, (list, tuple)) else None
    return call(HostAnnData.dense, host_tensor(value, name, dtype))


def _python_value(value):
    """A Java uns value as Python: str, int, float, bool, list, nested dict (live), Tensor, DataFrame."""
    if value is None or isinstance(value, (str, bool, numbers.Number)):
        return value
    if java.instanceof(value, _Map):
        return Uns(value)
    if java.instanceof(value, _List):
        return [_python_value(v) for v in value]
    if java.instanceof(value, _Matrix):
        return _python_matrix(value)
    if java.instanceof(value, _Frame):
        return _pandas.DataFrame(value)
    return value


def _host_value(value, name):
    """A Python uns value as what HostAnnData.unsValue takes: dicts and lists recursively, arrays as host arrays."""
    if isinstance(value, Uns):
        return value._map
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise TypeError(f"{name} keys must be str, got {type(k).__name__} {k!r}")
            out[k] = _host_value(v, f"{name}[{k!r}]")
        return out
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in value):
            return list(value)
        return [_host_value(v, f"{name}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, Tensor):
        return call(HostAnnData.dense, value._host)
    if isinstance(value, _sparse.spmatrix):
        return value.host
    if isinstance(value, _pandas.DataFrame):
        raise TypeError(f"{name}: DataFrames in uns are read from files but not assigned here")
    return value


# ---------------------------------------------------------------------- mappings

class _HostMapping:
    """A dict-like view of a Java map (``_map``); subclasses convert values in ``__getitem__``/``__setitem__``."""

    __slots__ = ("_map",)

    def __delitem__(self, key):
        if not self._map.containsKey(key):
            raise KeyError(key)
        self._map.remove(key)

    def __contains__(self, key):
        return isinstance(key, str) and bool(self._map.containsKey(key))

    def __iter__(self):
        return iter(self.keys())

    def __len__(self):
        return int(self._map.size())

    def keys(self):
        return [str(k) for k in self._map.keySet()]

    def items(self):
        return [(k, self[k]) for k in self.keys()]

    def values(self):
        return [self[k] for k in self.keys()]

    def get(self, key, default=None):
        return self[key] if key in self else default


class AxisArrays(_HostMapping):
    """``obsm``, ``varm``, ``obsp``, ``varp`` or ``layers``: a mapping of names to matrices, checked for alignment."""

    __slots__ = ("_default_dtype",)

    def __init__(self, arrays, default_dtype):
        self._map = arrays
        self._default_dtype = default_dtype

    def __getitem__(self, key):
        if not isinstance(key, str) or not self._map.containsKey(key):
            raise KeyError(f"{key!r}; {self._map.alignment().field()} keys are {self.keys()}")
        return _python_matrix(self._map.get(key))

    def __setitem__(self, key, value):
        if not isinstance(key, str):
            raise TypeError(f"{self._map.alignment().field()} keys must be str, got {type(key).__name__}")
        call(self._map.put, key, _host_matrix(value, f"{self._map.alignment().field()}[{key!r}]", self._default_dtype))

    def __repr__(self):
        return f"AxisArrays with keys: {', '.join(self.keys())}"


class Uns(_HostMapping):
    """``uns``: a dict view of the AnnData's nested Java map (changes go to the AnnData)."""

    __slots__ = ()

    def __init__(self, host_map):
        self._map = host_map

    def __getitem__(self, key):
        if not isinstance(key, str) or not self._map.containsKey(key):
            raise KeyError(key)
        return _python_value(self._map.get(key))

    def __setitem__(self, key, value):
        if not isinstance(key, str):
            raise TypeError(f"uns keys must be str, got {type(key).__name__} {key!r}")
        self._map.put(key, call(HostAnnData.unsValue, _host_value(value, f"uns[{key!r}]")))

    def to_dict(self):
        return {k: v.to_dict() if isinstance(v, Uns) else v for k, v in self.items()}

    def __eq__(self, other):
        return self.to_dict() == (other.to_dict() if isinstance(other, Uns) else other)

    def __repr__(self):
        return repr(self.to_dict())


# ---------------------------------------------------------------------- AnnData

def _frame_table(frame, name):
    if frame is None:
        return None, None
    if isinstance(frame, dict):
        frame = _pandas.DataFrame(frame)
    if not isinstance(frame, _pandas.DataFrame):
        raise TypeError(f"{name} must be an sslheads.pandas DataFrame or a dict of columns, got {type(frame).__name__}")
    names = frame.index if frame._frame is not None else None
    return frame.table.copy(), names


class AnnData:
    """An annotated data matrix (see the module docstring)."""

    __slots__ = ("_host",)

    def __init__(self, X=None, obs=None, var=None, uns=None, obsm=None, varm=None, layers=None, obsp=None, varp=None,
                 dtype=None, **kwargs):
        host = kwargs.pop("_host", None)
        if kwargs:
            raise TypeError(f"AnnData() got unexpected keyword arguments {sorted(kwargs)}")
        if host is not None:
            self._host = host
            return
        x = None if X is None else _host_matrix(X, "X", dtype or "float32")
        obs_table, obs_names = _frame_table(obs, "obs")
        var_table, var_names = _frame_table(var, "var")
        self._host = call(HostAnnData.create, x, obs_table, obs_names, var_table, var_names)
        for field, mapping in (("obsm", obsm), ("varm", varm), ("layers", layers), ("obsp", obsp), ("varp", varp)):
            for key, value in (mapping or {}).items():
                getattr(self, field)[key] = value
        for key, value in (uns or {}).items():
            self.uns[key] = value

    # ------------------------------------------------------------------ shape and names
    @property
    def n_obs(self):
        return int(self._host.nObs())

    @property
    def n_vars(self):
        return int(self._host.nVars())

    @property
    def shape(self):
        return (self.n_obs, self.n_vars)

    def __len__(self):
        return self.n_obs

    @property
    def obs_names(self):
        return [str(n) for n in self._host.obsNames()]

    @obs_names.setter
    def obs_names(self, names):
        call(self._host.obsFrame().setIndex, [str(n) for n in names])

    @property
    def var_names(self):
        return [str(n) for n in self._host.varNames()]

    @var_names.setter
    def var_names(self, names):
        call(self._host.varFrame().setIndex, [str(n) for n in names])

    # ------------------------------------------------------------------ fields
    @property
    def X(self):
        x = self._host.X()
        return None if x is None else _python_matrix(x)

    @X.setter
    def X(self, value):
        call(self._host.setX, None if value is None else _host_matrix(value, "X"))

    @property
    def obs(self):
        return _pandas.DataFrame(self._host.obsFrame())

    @property
    def var(self):
        return _pandas.DataFrame(self._host.varFrame())

    @property
    def obsm(self):
        return AxisArrays(self._host.obsm(), "float64")

    @property
    def varm(self):
        return AxisArrays(self._host.varm(), "float64")

    @property
    def obsp(self):
        return AxisArrays(self._host.obsp(), "float64")

    @property
    def varp(self):
        return AxisArrays(self._host.varp(), "float64")

    @property
    def layers(self):
        return AxisArrays(self._host.layers(), "float32")

    @property
    def uns(self):
        return Uns(self._host.uns())

    @property
    def host(self):
        """The Java ``dev.sslheads.anndata.AnnData``."""
        return self._host

    # ------------------------------------------------------------------ selection
    def __getitem__(self, index):
        obs_index, var_index = index if isinstance(index, tuple) else (index, slice(None))
        host = self._select(self._host, obs_index, "obs")
        host = self._select(host, var_index, "var")
        if host is self._host:
            host = self._host.copy()
        return AnnData(_host=host)

    @staticmethod
    def _select(host, index, axis):
        length = int(host.nObs() if axis == "obs" else host.nVars())
        names = host.obsNames() if axis == "obs" else host.varNames()
        by_mask = HostAnnData.selectObsMask if axis == "obs" else HostAnnData.selectVarsMask
        by_position = HostAnnData.selectObs if axis == "obs" else HostAnnData.selectVars
        if isinstance(index, slice):
            if index == slice(None):
                return host
            return call(by_position, host, list(range(*index.indices(length))))
        if isinstance(index, (str, numbers.Integral)) and not isinstance(index, bool):
            index = [index]
        if isinstance(index, (_pandas.Series, Tensor)):
            index = index.tolist()
        if not isinstance(index, (list, tuple)):
            raise TypeError(f"{axis} index must be a slice, a mask, positions or names, got {type(index).__name__}")
        index = list(index)
        if index and all(isinstance(v, bool) for v in index):
            return call(by_mask, host, index)
        if all(isinstance(v, str) for v in index):
            return call(by_position, host, call(HostAnnData.namePositions, names, index, f"{axis}_names"))
        if all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in index):
            return call(by_position, host, [int(v) for v in index])
        raise TypeError(f"{axis} index must hold only bools, only ints or only names")

    def copy(self):
        return AnnData(_host=self._host.copy())

    # ------------------------------------------------------------------ files
    def write_h5ad(self, filename, compression=None, compression_opts=None):
        if compression not in (None, "gzip"):
            raise ValueError(f"compression must be None or 'gzip' (lzf is h5py's own filter), got {compression!r}")
        spec = None if compression is None else ("gzip" if compression_opts is None else f"gzip:{int(compression_opts)}")
        call(HostAnnData.write, self._host, os.fspath(filename), spec)

    write = write_h5ad

    def __repr__(self):
        return str(self._host.toString())


def read_h5ad(filename, backed=None):
    """Reads an ``.h5ad`` file into memory (``backed`` mode is not supported)."""
    if backed not in (None, False):
        raise ValueError("backed mode is not supported: sslheads reads the whole file into memory")
    return AnnData(_host=call(HostAnnData.read, os.fspath(filename)))


def concat(adatas, axis=0, join="inner", label=None, keys=None, index_unique=None):
    """Concatenates AnnData along cells (``axis=0``), as ``anndata.concat``."""
    if axis not in (0, "obs"):
        raise ValueError(f"axis must be 0 (cells), got {axis!r}")
    if isinstance(adatas, dict):
        keys, adatas = list(adatas.keys()), list(adatas.values())
    adatas = list(adatas)
    for i, a in enumerate(adatas):
        if not isinstance(a, AnnData):
            raise TypeError(f"adatas[{i}] must be an AnnData, got {type(a).__name__}")
    host = call(HostAnnData.concat, [a._host for a in adatas], label, None if keys is None else [str(k) for k in keys],
                index_unique, join)
    return AnnData(_host=host)
