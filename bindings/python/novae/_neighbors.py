"""``novae.spatial_neighbors``: the Delaunay / radius / kNN / grid graph of each slide, built in Java
(``dev.sslheads.novae.SpatialNeighbors``), with novae's arguments and defaults (spec §1.1). novae's log
warnings come out as Python ``UserWarning``s."""
import numbers
import warnings

import java

from sslheads._host import call

from ._hosts import hosts

_SpatialNeighbors = java.type("dev.sslheads.novae.SpatialNeighbors")
_Options = java.type("dev.sslheads.novae.SpatialNeighbors$Options")

__all__ = ["spatial_neighbors"]


def _radius(radius):
    if radius is None:
        return None
    if isinstance(radius, numbers.Real) and not isinstance(radius, bool):
        return [0.0, float(radius)]
    values = list(radius)
    if len(values) != 2 or not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values):
        raise ValueError(f"radius must be a number or a (min_radius, max_radius) pair, got {radius!r}")
    return [float(v) for v in values]


def _optional(name, value, kind):
    if value is None:
        return None
    if kind is int and (isinstance(value, bool) or not isinstance(value, numbers.Integral)):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if kind is float and (isinstance(value, bool) or not isinstance(value, numbers.Real)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    if kind is bool and not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__} {value!r}")
    if kind is str and not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__} {value!r}")
    return kind(value)


def spatial_neighbors(adata, *, slide_key=None, radius=None, technology=None, coord_type=None, n_neighs=None,
                      delaunay=None, n_rings=1, percentile=None, set_diag=False, reset_slide_ids=True, verbose=True):
    """novae's ``spatial_neighbors`` on one AnnData or a list (see the module docstring)."""
    adatas = hosts(adata)
    options = _Options(_optional("slide_key", slide_key, str), _radius(radius), _optional("technology", technology, str),
                       _optional("coord_type", coord_type, str), _optional("n_neighs", n_neighs, int),
                       _optional("delaunay", delaunay, bool), _optional("n_rings", n_rings, int),
                       _optional("percentile", percentile, float), _optional("set_diag", set_diag, bool),
                       _optional("reset_slide_ids", reset_slide_ids, bool), _optional("verbose", verbose, bool))
    for message in call(_SpatialNeighbors.compute, adatas, options):
        warnings.warn(str(message), UserWarning, stacklevel=2)
