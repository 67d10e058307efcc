"""``pyagc.clusters``: the cluster heads available on the JVM (INC so far)."""
from .base_cluster_head import BaseClusterHead
from .inc_cluster_head import INCClusterHead

__all__ = ["BaseClusterHead", "INCClusterHead"]
