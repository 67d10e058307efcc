"""stable-pretraining's SwAV for GraalPy, over the Java toolkit (``dev.sslheads.stablepretraining``).

The reference's import paths: ``from stable_pretraining.losses import SwAVLoss`` and
``from stable_pretraining.methods import SwAV``. Tensors are sslheads Tensors (``import sslheads as
torch``); no number is computed in Python.
"""
from . import losses, methods
from .losses import SwAVLoss
from .methods import SwAV, SwAVOutput

__all__ = ["losses", "methods", "SwAVLoss", "SwAV", "SwAVOutput"]
