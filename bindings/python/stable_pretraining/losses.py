"""``stable_pretraining.losses.SwAVLoss`` over lib's ``SwavLoss``.

Same constructor, defaults and ``forward(proj1, proj2, prototypes, queue_feats=None)`` as the
reference: the codes come from ONE Sinkhorn over both views (and the queue, appended after them),
the prototype weight rows are renormalised in place, and the loss is
``(CE(scores1, q2) + CE(scores2, q1)) / 2``. ``prototypes`` is the model's prototypes module
(anything with a ``.weight`` Tensor, as the reference's ``nn.Linear``) or the (K, D) weight itself.
Extras: ``forward_details`` (loss, scores and codes).
"""
import collections

import java

from sslheads.nn import Module, call_named, check_int, check_real, float_tensor
from sslheads.tensor import Tensor

_HostLoss = java.type("dev.sslheads.bindings.HostStablePretrainingSwavLoss")

__all__ = ["SwAVLoss", "SwAVLossDetails"]

# Java argument names in lib's messages -> the reference's
NAMES = {"sinkhornIterations": "sinkhorn_iterations", "queueFeats": "queue_feats", "globalViews": "global_views",
         "localViews": "local_views", "nPrototypes": "n_prototypes", "projectorHidden": "projector_dims[0]",
         "projectorOut": "projector_dims[1]", "startQueueAtEpoch": "start_queue_at_epoch", "capacity": "queue_length",
         "queueLength": "queue_length", "batchSize": "batch_size", "learningRate": "lr", "weightDecay": "weight_decay",
         "freezePrototypesEpochs": "freeze_prototypes_epochs"}

SwAVLossDetails = collections.namedtuple("SwAVLossDetails", "loss scores1 scores2 codes1 codes2")
SwAVLossDetails.__doc__ = "The loss, the (B, K) scores of both views and their (B, K) codes from the joint Sinkhorn."


def call(function, *args):
    return call_named(NAMES, function, *args)


def _weight(prototypes):
    weight = getattr(prototypes, "weight", prototypes)
    return float_tensor(weight, "prototypes")


class SwAVLoss(Module):
    """SwAV's swapped prediction with a joint Sinkhorn over both views (stable-pretraining)."""

    def __init__(self, temperature=0.1, sinkhorn_iterations=3, epsilon=0.05):
        self.temperature = check_real("temperature", temperature)
        self.sinkhorn_iterations = check_int("sinkhorn_iterations", sinkhorn_iterations)
        self.epsilon = check_real("epsilon", epsilon)
        self._loss = call(_HostLoss.create, self.temperature, self.sinkhorn_iterations, self.epsilon)

    def forward(self, proj1, proj2, prototypes, queue_feats=None):
        """The scalar loss of two views ``(B, D)``; ``queue_feats`` ``(Q, D)`` or None."""
        return self.forward_details(proj1, proj2, prototypes, queue_feats).loss

    def forward_details(self, proj1, proj2, prototypes, queue_feats=None):
        queue = None if queue_feats is None else float_tensor(queue_feats, "queue_feats")._host
        parts = call(self._loss.forward, float_tensor(proj1, "proj1")._host, float_tensor(proj2, "proj2")._host,
                     _weight(prototypes)._host, queue)
        return SwAVLossDetails(*(Tensor(p) for p in parts))

    def sinkhorn(self, scores):
        """Sinkhorn-Knopp codes ``(N, K)`` of scores ``(N, K)``, rows summing to 1 (no gradient)."""
        return Tensor(call(self._loss.sinkhorn, float_tensor(scores, "scores")._host))

    def swapped_prediction(self, scores, q):
        """``-mean_b sum_k q log_softmax(scores / temperature)``."""
        return Tensor(call(self._loss.swappedPrediction, float_tensor(scores, "scores")._host, float_tensor(q, "codes")._host))

    def __repr__(self):
        return f"SwAVLoss(temperature={self.temperature}, sinkhorn_iterations={self.sinkhorn_iterations}, epsilon={self.epsilon})"
