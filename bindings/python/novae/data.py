"""``novae.data.toy_dataset``: novae's toy slides (concentric ring domains), generated in Java.

The arguments and defaults are novae's; ``seed`` (default 0) seeds this port's generator (novae uses
numpy's global state, so values differ from novae's while the model and every shape are the same).
Returns one ``anndata.AnnData`` per panel, with ``layers["counts"]`` and a normalised, log1p ``X``.
"""
import java

from sslheads._host import call
from sslheads.nn import check_int as _int
from sslheads.nn import check_real as _float

_ToySettings = java.type("dev.sslheads.novae.data.ToySettings")
_ToyDataset = java.type("dev.sslheads.novae.data.ToyDataset")

__all__ = ["toy_dataset"]


def _bool(name, value):
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__} {value!r}")
    return value


def toy_dataset(n_panels=3, n_domains=4, n_slides_per_panel=1, xmax=500, n_vars=100, n_drop=20, step=20,
                panel_shift_lambda=5, slide_shift_lambda=1.5, domain_shift_lambda=2.0, slide_ids_unique=True,
                compute_spatial_neighbors=False, merge_last_domain_even_slide=False, seed=0):
    """novae's toy dataset: a list of ``n_panels`` AnnData (see the module docstring)."""
    import anndata

    settings = call(_ToySettings, _int("n_panels", n_panels), _int("n_domains", n_domains),
                    _int("n_slides_per_panel", n_slides_per_panel), _int("xmax", xmax), _int("n_vars", n_vars),
                    _int("n_drop", n_drop), _int("step", step), _float("panel_shift_lambda", panel_shift_lambda),
                    _float("slide_shift_lambda", slide_shift_lambda), _float("domain_shift_lambda", domain_shift_lambda),
                    _bool("slide_ids_unique", slide_ids_unique), _bool("compute_spatial_neighbors", compute_spatial_neighbors),
                    _bool("merge_last_domain_even_slide", merge_last_domain_even_slide), _int("seed", seed))
    return [anndata.AnnData(_host=host) for host in call(_ToyDataset.generate, settings)]
