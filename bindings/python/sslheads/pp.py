"""scanpy's preprocessing (``sc.pp``) on an AnnData, computed in Java (``dev.sslheads.preprocessing``).

``normalize_total(adata, target_sum=None)``, ``log1p(adata, base=None)`` and
``highly_variable_genes(adata, min_mean=0.0125, max_mean=3, min_disp=0.5, max_disp=inf, n_top_genes=None,
n_bins=20, flavor="seurat")``: scanpy's defaults and results (scanpy fabadb9), in place on ``adata.X``.
``X`` becomes float32 (scanpy keeps float64 input as float64). Only ``flavor="seurat"`` exists.
"""
import math
import numbers

import java

from ._host import call

_Pp = java.type("dev.sslheads.preprocessing.AnnDataPreprocessing")
_HvgOptions = java.type("dev.sslheads.preprocessing.HvgOptions")

__all__ = ["normalize_total", "log1p", "highly_variable_genes"]


def _host(adata):
    host = getattr(adata, "host", None)
    if host is None:
        raise TypeError(f"adata must be an anndata.AnnData, got {type(adata).__name__}")
    return host


def _number(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    return float(value)


def normalize_total(adata, target_sum=None, inplace=True):
    """Scales every cell to ``target_sum`` total counts (None: the median of the non-zero totals)."""
    if not inplace:
        raise ValueError("normalize_total works in place here (inplace=True)")
    call(_Pp.normalizeTotal, _host(adata), None if target_sum is None else _number("target_sum", target_sum))


def log1p(adata, base=None, copy=False):
    """``X = log(1 + X)`` (or in ``base``), in place unless ``copy``; returns the copy when asked."""
    target = adata.copy() if copy else adata
    call(_Pp.log1p, _host(target), None if base is None else _number("base", base))
    return target if copy else None


def highly_variable_genes(adata, min_mean=0.0125, max_mean=3, min_disp=0.5, max_disp=math.inf, n_top_genes=None,
                          n_bins=20, flavor="seurat", inplace=True):
    """Flags genes in ``adata.var["highly_variable"]`` (with ``means``, ``dispersions``, ``dispersions_norm``)."""
    if flavor != "seurat":
        raise ValueError(f"flavor must be 'seurat' (the only flavour implemented), got {flavor!r}")
    if not inplace:
        raise ValueError("highly_variable_genes writes adata.var here (inplace=True)")
    if n_top_genes is not None and (isinstance(n_top_genes, bool) or not isinstance(n_top_genes, numbers.Integral)):
        raise TypeError(f"n_top_genes must be an int or None, got {type(n_top_genes).__name__} {n_top_genes!r}")
    if isinstance(n_bins, bool) or not isinstance(n_bins, numbers.Integral):
        raise TypeError(f"n_bins must be an int, got {type(n_bins).__name__} {n_bins!r}")
    options = call(call(_HvgOptions.defaults).withMeanRange, _number("min_mean", min_mean), _number("max_mean", max_mean))
    options = call(options.withDispersionRange, _number("min_disp", min_disp), _number("max_disp", max_disp))
    options = call(options.withNTopGenes, None if n_top_genes is None else int(n_top_genes))
    options = call(options.withNBins, int(n_bins))
    call(_Pp.highlyVariableGenes, _host(adata), options)
