"""``novae.plot``: novae's plots, drawn in Java (``dev.sslheads.novae.plot``).

In a notebook (the sslheads kernel) each function shows its figure as a PNG below the cell and returns ``None``
(or the path, when ``save`` is given). In a script it writes a PNG -- to ``save``, else to
``figures/<name>.png`` in the working directory (scanpy's ``settings.figdir``) -- and returns its path.
Differences from novae: ``palette`` (only the default, novae's tab10/tab20), ``library_id`` and ``fast`` (the
points are always drawn as circles of ``cell_size``) are accepted and ignored, and ``na_color`` is novae's grey.
"""
import builtins
import os

import java

from sslheads._host import call
from sslheads.nn import check_int as _int

from ._hosts import hosts

_HostPlots = java.type("dev.sslheads.bindings.novae.HostPlots")

__all__ = ["domains", "domains_proportions"]


def _pair(name, value):
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise TypeError(f"{name} must be a (width, height) pair, got {value!r}")
    return [float(v) for v in value]


def _output(figure, name, show, save):
    """Shows the figure in the kernel (when ``show``), or writes it; returns the path written, if any."""
    display = getattr(builtins, "display", None)
    path = None
    if save is not None:
        path = str(call(_HostPlots.save, figure, os.path.abspath(str(save))))
    elif display is None:
        os.makedirs("figures", exist_ok=True)
        path = str(call(_HostPlots.save, figure, os.path.abspath(os.path.join("figures", name + ".png"))))
    if show and display is not None:
        display(figure.image())
    return path


def domains(adata, obs_key=None, slide_name_key=None, cell_size=None, ncols=4, fig_size_per_slide=(5, 5), na_color="#ccc",
            palette=None, show=True, library_id=None, fast=False, save=None):
    """Cells at their coordinates coloured by domain (invalid cells grey), one panel per slide, one legend."""
    figure = call(_HostPlots.domains, hosts(adata), None if obs_key is None else str(obs_key),
                  None if slide_name_key is None else str(slide_name_key), None if cell_size is None else float(cell_size),
                  _int("ncols", ncols), _pair("fig_size_per_slide", fig_size_per_slide))
    return _output(figure, "domains", show, save)


def domains_proportions(adata, obs_key=None, slide_name_key=None, figsize=(2, 5), show=True, save=None):
    """One stacked bar per slide: the share of each domain among its cells."""
    figure = call(_HostPlots.domainsProportions, hosts(adata), None if obs_key is None else str(obs_key),
                  None if slide_name_key is None else str(slide_name_key), _pair("figsize", figsize))
    return _output(figure, "domains_proportions", show, save)
