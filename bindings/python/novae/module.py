"""``novae.module.SwavHead`` over the Java head (``dev.sslheads.swav.SwavHead``).

Same constructor, methods, argument names and results as novae's; tensors are sslheads Tensors
(inputs may also be nested lists or buffers). Documented differences from novae:

* ``clusters_levels`` is a read-only :class:`ClustersLevels` view (numpy-style ``[-level, k]``,
  ``[r]``, ``[:, ids]`` indexing giving ints / lists), not a numpy uint16 array;
* ``clustering`` is a small sklearn-like object with ``children_``, ``distances_``, ``n_leaves_``;
* ``prototype_ilocs`` returns ``...`` (all prototypes) exactly where novae does, else an int64
  Tensor of indices in ascending order;
* ``mode``, ``output_size``, ``num_prototypes``, ``temperature`` and ``min_prototypes`` are
  read-only (use ``set_min_prototypes``);
* extras: ``seed=`` in the constructor, ``prototypes`` setter, ``prototypes_parameter``,
  ``parameters()``, ``forward_step``, ``leaves``, ``save``/``load``, ``close`` (a closed head
  raises ValueError).
"""
import collections
import numbers
import os

import java

from sslheads import pandas as _pd
from sslheads.nn import Module, call_named, check_int, check_real, float_tensor
from sslheads.tensor import Tensor

from ._constants import Nums
from .utils import Mode

_HostSwavHead = java.type("dev.sslheads.bindings.HostSwavHead")
_StringColumn = java.type("tech.tablesaw.api.StringColumn")

__all__ = ["SwavHead", "ClustersLevels", "AgglomerativeClustering", "SwavStep"]

# Java argument names in lib's messages -> novae's names
_NAMES = {
    "slideId": "slide_id", "slideIds": "slide_ids", "minPrototypesRatio": "min_prototypes_ratio",
    "minPrototypes": "min_prototypes", "outputSize": "output_size", "numPrototypes": "num_prototypes",
    "leafIndices": "leaves_indices", "nDomains": "n_domains", "leaves[": "series[", "initQueue(slideIds)": "init_queue(slide_ids)",
    "setKmeansPrototypes(latent)": "set_kmeans_prototypes(latent)",
}
_NUMS = {"eps": "Nums.EPS", "swavEpsilon": "Nums.SWAV_EPSILON", "sinkhornIterations": "Nums.SINKHORN_ITERATIONS",
         "queueSize": "Nums.QUEUE_SIZE", "queueWeightThresholdRatio": "Nums.QUEUE_WEIGHT_THRESHOLD_RATIO"}

SwavStep = collections.namedtuple("SwavStep", "loss entropy projections1 projections2 selection codes1 codes2")
SwavStep.__doc__ = """Everything one forward computes; ``selection`` is a (K) bool Tensor, or None for all prototypes."""


def _call(function, *args):
    return call_named(_NAMES, function, *args)


def _slide(slide_id):
    if slide_id is not None and not isinstance(slide_id, str):
        raise TypeError(f"slide_id must be a str or None, got {type(slide_id).__name__} {slide_id!r}")
    return slide_id


def _index_list(key, size, what):
    """A numpy-style index over ``size`` entries as an int or a list of ints."""
    if isinstance(key, Tensor):
        key = key.tolist()
    if isinstance(key, slice):
        return list(range(*key.indices(size)))
    if isinstance(key, (list, tuple, range)):
        return [_index_list(k, size, what) for k in key]
    if isinstance(key, bool) or not isinstance(key, numbers.Integral):
        raise TypeError(f"clusters_levels {what} indices must be ints, slices or lists of ints, got {type(key).__name__}")
    k = int(key)
    if not -size <= k < size:
        raise IndexError(f"clusters_levels {what} index {k} is out of bounds for size {size}")
    return k % size


class ClustersLevels:
    """novae's ``clusters_levels`` (K, K): row r holds each leaf's node id after r merges, so row
    ``-level`` splits the prototypes into ``level`` domains. Read-only; ``levels[-level, k]`` is an int."""

    __slots__ = ("_java", "_k")

    def __init__(self, java_levels):
        self._java = java_levels
        self._k = int(java_levels.numPrototypes())

    @property
    def shape(self):
        return (self._k, self._k)

    dtype = "uint16"

    def __len__(self):
        return self._k

    def _row(self, r):
        return [int(v) for v in self._java.row(r)]

    def __getitem__(self, key):
        if not isinstance(key, tuple):
            key = (key,)
        if len(key) > 2:
            raise IndexError(f"clusters_levels is 2-D, got {len(key)} indices")
        rows = _index_list(key[0], self._k, "row")
        cols = _index_list(key[1], self._k, "column") if len(key) == 2 else list(range(self._k))

        def values(r):
            if isinstance(cols, int):
                return int(self._java.get(r, cols))
            row = self._row(r)
            return [row[c] for c in cols]

        return values(rows) if isinstance(rows, int) else [values(r) for r in rows]

    def __iter__(self):
        return (self._row(r) for r in range(self._k))

    def tolist(self):
        return [self._row(r) for r in range(self._k)]

    def __repr__(self):
        return f"ClustersLevels(K={self._k})"


class AgglomerativeClustering:
    """The fitted tree, like sklearn's ``AgglomerativeClustering(n_clusters=None, distance_threshold=0,
    compute_full_tree=True, metric="cosine", linkage="average")``: ``children_`` (K-1 pairs of node
    ids, merge i creates node K+i), ``distances_``, ``n_leaves_``, ``n_clusters_``."""

    def __init__(self, dendrogram):
        self.children_ = [[int(a), int(b)] for a, b in dendrogram.children()]
        self.distances_ = [float(d) for d in dendrogram.distances()]
        self.n_leaves_ = len(self.children_) + 1
        self.n_clusters_ = self.n_leaves_

    def __repr__(self):
        return f"AgglomerativeClustering(n_leaves_={self.n_leaves_})"


class _Prototypes(Tensor):
    """The trained prototypes parameter (K, O); ``requires_grad_(False)`` freezes it (novae's warm-up)."""

    __slots__ = ("_head",)

    def __init__(self, host, head):
        super().__init__(host)
        self._head = head

    @property
    def requires_grad(self):
        return not bool(_call(self._head.prototypesFrozen))

    @requires_grad.setter
    def requires_grad(self, value):
        self.requires_grad_(value)

    def requires_grad_(self, value=True):
        if not isinstance(value, bool):
            raise TypeError(f"requires_grad must be a bool, got {type(value).__name__}")
        _call(self._head.setPrototypesFrozen, not value)
        return self


class SwavHead(Module):
    """novae's SwAV head: prototypes (K, O), per-slide queue, Sinkhorn codes, swapped-prediction loss,
    k-means zero-shot prototypes and the hierarchical tree of prototypes.

    Args:
        mode: the model's ``novae.utils.Mode`` (shared: the head follows its changes).
        output_size: size of the representations (O).
        num_prototypes: number of prototypes (K).
        temperature: temperature of the cross-entropy loss.
        seed: seed of the Kaiming-uniform prototype init (extra; novae uses torch's generator).
    """

    def __init__(self, mode, output_size, num_prototypes, temperature, *, seed=0):
        if not isinstance(mode, Mode):
            raise TypeError(f"mode must be a novae.utils.Mode, got {type(mode).__name__}")
        host = _call(_HostSwavHead.create, mode._java, check_int("output_size", output_size),
                     check_int("num_prototypes", num_prototypes), check_real("temperature", temperature),
                     check_int("seed", seed))
        self._init(mode, host)

    def _init(self, mode, host):
        self._mode = mode
        self._head = host
        self._pushed = None
        self._parameter = _Prototypes(host.prototypesParameter(), host)
        self._sync()

    def _sync(self):
        """Pushes novae's ``Nums`` to the Java head when they changed since the last call."""
        values = (Nums.EPS, Nums.SWAV_EPSILON, Nums.SINKHORN_ITERATIONS, Nums.QUEUE_SIZE, Nums.QUEUE_WEIGHT_THRESHOLD_RATIO)
        if values != self._pushed:
            eps, swav_epsilon, iterations, queue_size, ratio = values
            call_named(_NUMS, self._head.setSettings, check_real("Nums.EPS", eps),
                       check_real("Nums.SWAV_EPSILON", swav_epsilon), check_int("Nums.SINKHORN_ITERATIONS", iterations),
                       check_int("Nums.QUEUE_SIZE", queue_size),
                       check_real("Nums.QUEUE_WEIGHT_THRESHOLD_RATIO", ratio))
            self._pushed = values

    # ------------------------------------------------------------------ attributes
    @property
    def mode(self):
        return self._mode

    @property
    def output_size(self):
        return int(_call(self._head.outputSize))

    @property
    def num_prototypes(self):
        return int(_call(self._head.numPrototypes))

    @property
    def temperature(self):
        return float(_call(self._head.temperature))

    @property
    def min_prototypes(self):
        return int(_call(self._head.minPrototypes))

    @property
    def queue(self):
        """The slide queue (n_slides, QUEUE_SIZE, K) (live), or None before ``init_queue``."""
        host = _call(self._head.queue)
        return None if host is None else Tensor(host)

    @property
    def slide_label_encoder(self):
        """Slide id -> queue row."""
        return {str(s): i for i, s in enumerate(_call(self._head.slideIds))}

    @property
    def prototypes(self):
        """The prototypes in use (K, O): the k-means ones in zero-shot mode, else the trained ones (live)."""
        if not self.mode.zero_shot:
            _call(self._head.head)  # raises ValueError once closed
            return self._parameter
        return Tensor(_call(self._head.prototypes))

    @prototypes.setter
    def prototypes(self, values):
        """Overwrites the prototypes in use (k-means ones in zero-shot mode) with ``values`` (K, O)."""
        _call(self._head.setPrototypes, float_tensor(values, "prototypes")._host)

    @property
    def prototypes_parameter(self):
        """The trained prototypes (novae's ``_prototypes``), what an optimizer updates."""
        return self._parameter

    def _own_parameters(self):
        return [self._parameter]

    # ------------------------------------------------------------------ novae's methods
    def set_min_prototypes(self, min_prototypes_ratio):
        _call(self._head.setMinPrototypes, check_real("min_prototypes_ratio", min_prototypes_ratio))

    def init_queue(self, slide_ids):
        """Initializes the slide queue (n_slides, Nums.QUEUE_SIZE, K) with 1/K; ids map to rows in order."""
        if slide_ids is None or isinstance(slide_ids, str) or not hasattr(slide_ids, "__iter__"):
            raise TypeError(f"slide_ids must be a list of str, got {type(slide_ids).__name__}")
        slide_ids = list(slide_ids)
        for i, s in enumerate(slide_ids):
            if not isinstance(s, str):
                raise TypeError(f"slide_ids[{i}] must be a str, got {type(s).__name__} {s!r}")
        self._sync()
        _call(self._head.initQueue, slide_ids)

    def normalize_prototypes(self):
        _call(self._head.normalizePrototypes)

    def forward(self, z1, z2, slide_id=None):
        """The SwAV loss of two views ``(B, O)`` of one batch of slide ``slide_id``: ``(loss, entropy)``."""
        z1, z2 = float_tensor(z1, "z1"), float_tensor(z2, "z2")
        self._sync()
        loss, entropy = _call(self._head.forward, z1._host, z2._host, _slide(slide_id))
        return Tensor(loss), Tensor(entropy)

    def forward_step(self, z1, z2, slide_id=None):
        """``forward`` returning every intermediate as a :data:`SwavStep`."""
        z1, z2 = float_tensor(z1, "z1"), float_tensor(z2, "z2")
        self._sync()
        parts = _call(self._head.forwardStep, z1._host, z2._host, _slide(slide_id))
        return SwavStep(*(None if p is None else Tensor(p) for p in parts))

    def cross_entropy_loss(self, q, p):
        """``mean_b sum_k q * log_softmax(p / temperature)`` for q, p (B, K)."""
        q, p = float_tensor(q, "q"), float_tensor(p, "p")
        return Tensor(_call(self._head.crossEntropyLoss, q._host, p._host))

    def projection(self, z):
        """Projections (B, K) of the normalized representations z (B, O) over the prototypes."""
        return Tensor(_call(self._head.projection, float_tensor(z, "z")._host))

    def prototype_ilocs(self, projections, slide_id=None):
        """Indices of the prototypes the slide may use (updates the queue), or ``...`` for all of them."""
        projections = float_tensor(projections, "projections")
        self._sync()
        ilocs = _call(self._head.prototypeIlocs, projections._host, _slide(slide_id))
        if not self._head.hasQueue() or slide_id is None or self.mode.zero_shot:
            return ...
        return Tensor(ilocs)

    def queue_weights(self):
        """``(weights (n_slides, K), thresholds (K))`` of the slide queue."""
        self._sync()
        weights, thresholds = _call(self._head.queueWeights)
        return Tensor(weights), Tensor(thresholds)

    def sinkhorn(self, projections):
        """Sinkhorn-Knopp soft codes (B, K) of the projections (B, K)."""
        projections = float_tensor(projections, "projections")
        self._sync()
        return Tensor(_call(self._head.sinkhorn, projections._host))

    def set_kmeans_prototypes(self, latent):
        """Zero-shot prototypes: k-means (K clusters, seed 0) of the row-normalized latent (N, O)."""
        latent = float_tensor(latent, "latent")
        self._sync()
        _call(self._head.setKmeansPrototypes, latent._host)

    @property
    def clustering(self):
        """The hierarchical tree of the current mode's prototypes (computed on first use)."""
        return AgglomerativeClustering(_call(self._head.dendrogram))

    @property
    def clusters_levels(self):
        """The (K, K) levels of the current mode's tree (computed on first use)."""
        return ClustersLevels(_call(self._head.clustersLevels))

    def reset_clustering(self, only_zero_shot=False):
        if not isinstance(only_zero_shot, bool):
            raise TypeError(f"only_zero_shot must be a bool, got {type(only_zero_shot).__name__}")
        _call(self._head.resetClustering, only_zero_shot)

    def hierarchical_clustering(self):
        """Average-linkage (cosine) tree of the prototypes in use, cached for the current mode."""
        _call(self._head.hierarchicalClustering)

    def map_leaves_domains(self, series, level):
        """Leaves "D{k}" to their domain at ``level`` (number of clusters); non-str values pass through.

        ``series``: an ``sslheads.pandas.Series`` or a Tablesaw ``StringColumn`` (returns the same
        kind, same name; missing values stay missing), or a sequence (returns a list, a tuple for a tuple).
        """
        level = check_int("level", level)
        if isinstance(series, _pd.Series):
            column = series.column
            if not isinstance(column, _StringColumn):
                raise TypeError(f"series must hold leaves (a string column), got dtype {series.dtype}")
            return _pd.Series.from_column(_call(self._head.mapLeavesDomainsColumn, column, level))
        if series is not None and isinstance(series, _StringColumn):  # (GraalPy: isinstance(None, JavaType) is True)
            return _call(self._head.mapLeavesDomainsColumn, series, level)
        if series is None or isinstance(series, (str, bytes)) or not hasattr(series, "__iter__"):
            raise TypeError(f"series must be a Tablesaw StringColumn or a sequence of leaves, got {type(series).__name__}")
        items = list(series)
        mapped = _call(self._head.mapLeavesDomains, [x if isinstance(x, str) else None for x in items], level)
        for i, x in enumerate(items):
            if isinstance(x, str):
                items[i] = str(mapped[i])
        return tuple(items) if isinstance(series, tuple) else items

    def find_level(self, leaves_indices, n_domains):
        """The first level at which the leaves ``leaves_indices`` fall into exactly ``n_domains`` domains."""
        if isinstance(leaves_indices, Tensor):
            leaves_indices = leaves_indices.tolist()
        if leaves_indices is None or isinstance(leaves_indices, (str, bytes)) or not hasattr(leaves_indices, "__iter__"):
            raise TypeError(f"leaves_indices must be a sequence of ints, got {type(leaves_indices).__name__}")
        indices = [check_int(f"leaves_indices[{i}]", v) for i, v in enumerate(leaves_indices)]
        return int(_call(self._head.findLevel, indices, check_int("n_domains", n_domains)))

    # ------------------------------------------------------------------ extras
    def leaves(self, latent):
        """novae's leaves of the representations (N, O): "D{k}" of the nearest prototype in use."""
        return [str(s) for s in _call(self._head.leaves, float_tensor(latent, "latent")._host)]

    def save(self, path):
        """Writes the whole head (prototypes, k-means prototypes, queue, settings, mode) to ``path``."""
        _call(self._head.save, os.fspath(path))

    @classmethod
    def load(cls, path):
        """A head read from ``path`` (written by ``save``), with a Mode of its own (``head.mode``).

        novae's current ``Nums`` apply from the first call on.
        """
        host = _call(_HostSwavHead.load, os.fspath(path))
        head = cls.__new__(cls)
        head._init(Mode._wrap(host.mode()), host)
        return head

    def close(self):
        """Frees the head's tensors; any later use raises ValueError."""
        self._head.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return str(self._head.toString())
