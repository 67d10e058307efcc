"""``pyagc.clusters.INCClusterHead`` over the Java head (``dev.sslheads.inc.IncClusterHead``).

Same constructor, methods, argument names and defaults as pyagc's; tensors are sslheads Tensors
(inputs may also be nested lists or buffers). Documented differences from pyagc:

* the initial centres come from a generator seeded with ``seed=`` (extra keyword), not torch's;
* ``reset_cluster_centers`` raises ValueError for a wrong shape (pyagc: ``assert``);
* ``forward``/``cluster`` reject NaN/Inf embeddings with ValueError (pyagc propagates NaN);
* ``gradient_normalize(row_norm=None)``: ``row_norm`` (extra) sets each gradient row's norm
  (default, as pyagc: ``0.2 * alpha``); see the Java class for why 0.1 suits SGD;
* ``n_clusters``, ``n_features`` and ``alpha`` are read-only; extras: ``close`` (a closed head
  raises ValueError), context manager.
"""
import java

from sslheads.nn import call_named, check_int, check_real, float_tensor
from sslheads.tensor import Tensor

from .base_cluster_head import BaseClusterHead

_HostIncClusterHead = java.type("dev.sslheads.bindings.HostIncClusterHead")

__all__ = ["INCClusterHead"]

# Java argument names in lib's messages -> pyagc's names
_NAMES = {"nClusters": "n_clusters", "nFeatures": "n_features", "clusterCenters": "cluster_centers", "rowNorm": "row_norm"}


def _call(function, *args):
    return call_named(_NAMES, function, *args)


class INCClusterHead(BaseClusterHead):
    """pyagc's INC head (Peng et al., JMLR 2022): a differentiable cosine k-means with learnable
    centres ``cluster_centers`` (K, F), ``W = 2 alpha normalize(C)``, loss
    ``(1/alpha) mean_i (2 alpha - W_c(i) . normalize(z_i)) = 2 (1 - mean_i max_k cos(z_i, c_k))``.

    Args:
        n_clusters: number of clusters (K).
        n_features: feature dimension of the input (F).
        alpha: scaling factor of the cluster centres (default 0.001).
        seed: seed of the Xavier-uniform init (extra; pyagc uses torch's generator).
    """

    def __init__(self, n_clusters, n_features, alpha=0.001, *, seed=0):
        self._head = _call(_HostIncClusterHead.create, check_int("n_clusters", n_clusters),
                           check_int("n_features", n_features), check_real("alpha", alpha), check_int("seed", seed))
        self._centers = Tensor(self._head.clusterCenters())

    # ------------------------------------------------------------------ attributes
    @property
    def n_clusters(self):
        return int(_call(self._head.nClusters))

    @property
    def n_features(self):
        return int(_call(self._head.nFeatures))

    @property
    def alpha(self):
        return float(_call(self._head.alpha))

    @property
    def cluster_centers(self):
        """The centres parameter (K, F) (live; what an optimizer updates)."""
        _call(self._head.head)  # raises ValueError once closed
        return self._centers

    def _own_parameters(self):
        return [self.cluster_centers]

    # ------------------------------------------------------------------ pyagc's methods
    def reset_cluster_centers(self, cluster_centers=None):
        """Sets the centres to the row-normalized ``cluster_centers`` (K, F), or re-draws them (Xavier) if None."""
        host = None if cluster_centers is None else float_tensor(cluster_centers, "cluster_centers")._host
        _call(self._head.resetClusterCenters, host)

    def normalize_cluster_centers(self):
        """Row-normalizes the centres in place (no gradient)."""
        _call(self._head.normalizeClusterCenters)

    def compute_cluster_center(self):
        """``(0.5 / alpha) * W``, i.e. the unit-norm centres (K, F)."""
        return Tensor(_call(self._head.computeClusterCenter))

    def forward(self, z):
        """The INC loss (a differentiable scalar) of the embeddings ``z`` (N, F)."""
        return Tensor(_call(self._head.forward, float_tensor(z, "z")._host))

    def cluster(self, z, soft=False):
        """Hard labels (N,) int64, or with ``soft=True`` the soft assignments (N, K) ``softmax(2 alpha cos)``."""
        if not isinstance(soft, bool):
            raise TypeError(f"soft must be a bool, got {type(soft).__name__} {soft!r}")
        return Tensor(_call(self._head.cluster, float_tensor(z, "z")._host, soft))

    def gradient_normalize(self, row_norm=None):
        """Normalizes each row of the centres' gradient to norm ``row_norm`` (default ``0.2 * alpha``, as pyagc)."""
        if row_norm is None:
            _call(self._head.gradientNormalize)
        else:
            _call(self._head.gradientNormalize, check_real("row_norm", row_norm))

    # ------------------------------------------------------------------ extras
    def close(self):
        """Frees the head's tensors; any later use raises ValueError."""
        self._head.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return str(self._head.toString())
