"""novae's API on the JVM: ``novae.Novae`` (the model and its workflow), ``novae.spatial_neighbors``,
``novae.data.toy_dataset``, ``novae.plot``, ``novae.module.SwavHead``, ``novae.utils.Mode``, ``novae._constants.Nums``, ``novae.settings``.

A novae user can take the head part of their code and run it under GraalPy with only the imports
changed; tensors are ``sslheads`` Tensors (``import sslheads as torch``-style), numbers are computed in
Java (sslheads-lib on DJL).
"""
from . import _constants, data, module, plot, utils
from ._constants import Keys, Nums
from ._neighbors import spatial_neighbors
from ._settings import settings
from .model import Novae
from .module import SwavHead
from .utils import Mode

__all__ = ["Keys", "Mode", "Novae", "Nums", "SwavHead", "data", "module", "plot", "settings", "spatial_neighbors", "utils"]
