"""``nidl.losses.YAwareInfoNCE`` and ``KernelMetric`` over lib's ``dev.sslheads.yaware``.

Documented differences from nidl:

* ``weight_normalization`` (extra, default ``"nidl"``): nidl divides each column j of the kernel
  weights by the sum of row j (its docstring says rows); ``"rows"`` gives the paper's row
  normalisation;
* bandwidths must be > 0 (nidl silently ignores features with a zero bandwidth);
* an unknown kernel raises ValueError (nidl: NotImplementedError); a KernelMetric bandwidth that is
  not fitted raises ValueError when the loss is computed (nidl: TypeError);
* the labelled loss is float64 as in nidl; the distances are exact differences (nidl: scikit-learn's
  expansion), equal to float64 rounding;
* extra ``close()`` frees the native memory now (later use raises ValueError).
"""
import numbers

import java

from sslheads.nn import call_named, check_real, float_tensor
from sslheads.tensor import Tensor, as_tensor

_HostKernelMetric = java.type("dev.sslheads.bindings.HostKernelMetric")
_HostYAwareInfoNCE = java.type("dev.sslheads.bindings.HostYAwareInfoNCE")

__all__ = ["KernelMetric", "YAwareInfoNCE"]

NAMES = {"projInputDim": "proj_input_dim", "projHiddenDim": "proj_hidden_dim", "projOutputDim": "proj_output_dim",
         "learningRate": "learning_rate", "weightDecay": "weight_decay", "lrScheduler": "lr_scheduler",
         "maxEpochs": "max_epochs", "warmupEpochs": "warmup_epochs", "warmupStartLr": "warmup_start_lr",
         "minLr": "min_lr", "batchSize": "batch_size", "view1": "X", "view2": "X2", "z1": "z1", "z2": "z2"}


def _call(function, *args):
    return call_named(NAMES, function, *args)


def host_bandwidth(bandwidth, rules_allowed):
    """A lib Bandwidth for a number, a list / nested list / Tensor, or (KernelMetric only) "scott" / "silverman"."""
    if isinstance(bandwidth, str):
        if not rules_allowed:
            raise TypeError(f"bandwidth must be a number, a list, an array or a KernelMetric, got str {bandwidth!r}"
                            " (wrap a rule in KernelMetric(kernel, bandwidth=...))")
        return _call(_HostKernelMetric.ruleBandwidth, bandwidth)
    if isinstance(bandwidth, bool) or bandwidth is None:
        raise TypeError(f"bandwidth must be a number, a list, an array or a KernelMetric, got {type(bandwidth).__name__}")
    if isinstance(bandwidth, numbers.Real):
        return _call(_HostKernelMetric.scalarBandwidth, float(bandwidth))
    values = as_tensor(bandwidth, "bandwidth", dtype="float64") if isinstance(bandwidth, (list, tuple)) else float_tensor(bandwidth, "bandwidth")
    return _call(_HostKernelMetric.arrayBandwidth, values._host)


def _labels(labels):
    if labels is None:
        return None
    t = as_tensor(labels, "labels", dtype="float64") if isinstance(labels, (list, tuple)) else as_tensor(labels, "labels")
    return t._host


class KernelMetric:
    """``KernelMetric(kernel="gaussian", bandwidth="scott")``: ``w_ij = K(||H^{-1/2}(y_i - y_j)||)``.

    ``fit(X)`` sets ``n_``, ``d_``, ``sqr_bandwidth_``, ``inv_sqr_bandwidth_``; ``pairwise(X)`` gives
    the (n, n) float64 weights.
    """

    def __init__(self, kernel="gaussian", bandwidth="scott"):
        if not isinstance(kernel, str):
            raise TypeError(f"kernel must be a str, got {type(kernel).__name__}")
        self.kernel = kernel
        self.bandwidth = bandwidth
        self._java = _call(_HostKernelMetric, kernel, host_bandwidth(bandwidth, rules_allowed=True))

    def fit(self, X):
        _call(self._java.fit, _labels(X))
        return self

    def pairwise(self, X):
        return Tensor(_call(self._java.pairwise, _labels(X)))

    @property
    def n_(self):
        return int(self._java.n()) if self._java.isFitted() else None

    @property
    def d_(self):
        return int(self._java.d()) if self._java.isFitted() else None

    @property
    def sqr_bandwidth_(self):
        h = _call(self._java.sqrtBandwidth)
        return None if h is None else Tensor(h)

    @property
    def inv_sqr_bandwidth_(self):
        h = _call(self._java.invSqrtBandwidth)
        return None if h is None else Tensor(h)

    def close(self):
        self._java.close()

    def __repr__(self):
        return f"KernelMetric(kernel={self.kernel!r}, bandwidth={self.bandwidth!r})"


class YAwareInfoNCE:
    """``YAwareInfoNCE(kernel="gaussian", bandwidth=1.0, temperature=0.1)``: InfoNCE between two views
    ``(n, d)``; with auxiliary ``labels`` (n) or (n, p) every pair is weighted by the kernel similarity
    of its labels. ``loss(z1, z2, labels=None)`` returns a scalar Tensor that supports ``backward()``.
    """

    def __init__(self, kernel="gaussian", bandwidth=1.0, temperature=0.1, weight_normalization="nidl"):
        if not isinstance(kernel, str):
            raise TypeError(f"kernel must be a str, got {type(kernel).__name__}")
        if not isinstance(weight_normalization, str):
            raise TypeError(f"weight_normalization must be a str, got {type(weight_normalization).__name__}")
        self.temperature = check_real("temperature", temperature)
        self.weight_normalization = weight_normalization
        if isinstance(bandwidth, KernelMetric):
            self.kernel_metric = bandwidth
            self._java = _call(_HostYAwareInfoNCE.withMetric, bandwidth._java, self.temperature, weight_normalization)
        else:
            self.kernel_metric = None
            self._java = _call(_HostYAwareInfoNCE.create, kernel, host_bandwidth(bandwidth, rules_allowed=False),
                               self.temperature, weight_normalization)
        self.kernel = str(self._java.kernel())
        self.bandwidth = bandwidth

    def forward(self, z1, z2, labels=None):
        return Tensor(_call(self._java.forward, float_tensor(z1, "z1")._host, float_tensor(z2, "z2")._host, _labels(labels)))

    __call__ = forward

    def close(self):
        self._java.close()

    def __repr__(self):
        return f"YAwareInfoNCE(kernel={self.kernel!r}, bandwidth={self.bandwidth!r}, temperature={self.temperature})"
