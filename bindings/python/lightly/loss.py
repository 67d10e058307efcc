"""``lightly.loss.SwaVLoss`` (v1.4.19) over the Java ``SwavLoss``."""
import java

from sslheads._host import call
from sslheads.nn import Module, call_named, check_real, check_int, float_tensor
from sslheads.tensor import Tensor

_HostSwavLoss = java.type("dev.sslheads.bindings.HostSwavLoss")
_NAMES = {"iterations": "sinkhorn_iterations", "epsilon": "sinkhorn_epsilon", "queue": "queue_outputs"}

__all__ = ["SwaVLoss"]


def _tensor_list(name, values):
    if values is None or isinstance(values, (Tensor, str)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a list of tensors, got {type(values).__name__}")
    return [float_tensor(v, f"{name}[{i}]")._host for i, v in enumerate(values)]


class SwaVLoss(Module):
    """Multi-crop swapped prediction: for each high-resolution crop, Sinkhorn codes of its scores
    (queue scores appended for the equipartition only), cross-entropy of every other crop's
    softmax(scores / temperature) against them, / (n_crops - 1), averaged over the high crops.

    ``sinkhorn_gather_distributed=True`` behaves as lightly does without an initialised process
    group (world size 1): guests have no torch.distributed; the Java ``SwavLoss`` takes an
    ``AllReduce`` for data-parallel training.
    """

    def __init__(self, temperature=0.1, sinkhorn_iterations=3, sinkhorn_epsilon=0.05, sinkhorn_gather_distributed=False):
        if not isinstance(sinkhorn_gather_distributed, bool):
            raise TypeError(f"sinkhorn_gather_distributed must be a bool, got {type(sinkhorn_gather_distributed).__name__}")
        self.temperature = check_real("temperature", temperature)
        self.sinkhorn_iterations = check_int("sinkhorn_iterations", sinkhorn_iterations)
        self.sinkhorn_epsilon = check_real("sinkhorn_epsilon", sinkhorn_epsilon)
        self.sinkhorn_gather_distributed = sinkhorn_gather_distributed
        self._loss = call_named(_NAMES, _HostSwavLoss.create, self.temperature, self.sinkhorn_iterations, self.sinkhorn_epsilon)

    def subloss(self, z, q):
        """``-mean(sum(q * log_softmax(z / temperature), dim=1))``."""
        z, q = float_tensor(z, "z"), float_tensor(q, "q")
        return -(q * (z / self.temperature).log_softmax(1)).sum(1).mean()

    def sinkhorn(self, scores, queue_scores=None):
        """The codes (B, K) of ``scores`` (B, K), ``queue_scores`` (N, K) taking part in the equipartition."""
        scores = float_tensor(scores, "scores")
        queue = None if queue_scores is None else float_tensor(queue_scores, "queue_scores")._host
        return Tensor(call_named(_NAMES, self._loss.codes, scores._host, queue))

    def forward(self, high_resolution_outputs, low_resolution_outputs, queue_outputs=None):
        high = _tensor_list("high_resolution_outputs", high_resolution_outputs)
        low = _tensor_list("low_resolution_outputs", low_resolution_outputs)
        queue = None if queue_outputs is None else _tensor_list("queue_outputs", queue_outputs)
        return Tensor(call_named(_NAMES, self._loss.forward, high, low, queue))

    def __repr__(self):
        return (f"SwaVLoss(temperature={self.temperature}, sinkhorn_iterations={self.sinkhorn_iterations}, "
                f"sinkhorn_epsilon={self.sinkhorn_epsilon})")
