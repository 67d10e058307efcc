"""The Java AnnData behind ``anndata.AnnData`` arguments, for the novae functions that take one or a list."""

__all__ = ["hosts"]


def hosts(adata, name="adata"):
    """One ``anndata.AnnData`` or a list of them as a list of host AnnData; TypeError naming the bad element."""
    adatas = adata if isinstance(adata, (list, tuple)) else [adata]
    found = []
    for i, a in enumerate(adatas):
        host = getattr(a, "host", None)
        if host is None:
            raise TypeError(f"{name}[{i}] must be an anndata.AnnData, got {type(a).__name__}")
        found.append(host)
    return found
