"""pyagc's cluster-head API on the JVM: ``pyagc.clusters.INCClusterHead`` (and its ``BaseClusterHead``).

A pyagc user can take the head part of their code and run it under GraalPy with only the imports
changed; tensors are ``sslheads`` Tensors (``import sslheads as torch``-style), numbers are computed in
Java (sslheads-lib's ``dev.sslheads.inc.IncClusterHead`` on DJL).
"""
from . import clusters
from .clusters import BaseClusterHead, INCClusterHead

__all__ = ["BaseClusterHead", "INCClusterHead", "clusters"]
