"""The part of scanpy novae's tutorials call before training: ``scanpy.pp.normalize_total``, ``log1p`` and
``highly_variable_genes`` (see ``sslheads.pp``), so ``import scanpy as sc; sc.pp.log1p(adata)`` runs as written.
Nothing else of scanpy exists here."""
from sslheads import pp

__all__ = ["pp"]
