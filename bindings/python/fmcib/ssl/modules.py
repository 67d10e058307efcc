"""``fmcib.ssl.modules.SwaV`` over the Java ``dev.sslheads.lightly.SwavModel``.

Same arguments and defaults as fmcib; the backbone must be a host-backed module (``sslheads.nn.MLP``
or ``lightly.models.modules.SwaVProjectionHead``). The loss is ``fmcib.ssl.losses.SwaVLoss``
(``criterion(model((high, low), epoch))``) or lightly's (``criterion(*model((high, low), epoch))``).
"""
import java

from sslheads._host import call
from sslheads.nn import Module, call_named, check_int, float_tensor
from sslheads.tensor import Tensor
from lightly.models.modules import FreezableParameter

_HostSwavModel = java.type("dev.sslheads.bindings.HostSwavModel")

__all__ = ["SwaV"]

_NAMES = {"numFtrs": "num_ftrs", "outDim": "out_dim", "inputDim": "out_dim", "nPrototypes[i]": "n_prototypes",
          "nQueues": "n_queues", "queueLength": "queue_length", "startQueueAtEpoch": "start_queue_at_epoch",
          "n": "n_steps_frozen_prototypes"}


def _optional_int(name, value):
    return None if value is None else check_int(name, value)


def _crops(name, values):
    if values is None or isinstance(values, (Tensor, str)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a list of tensors, got {type(values).__name__}")
    return [float_tensor(v, f"{name}[{i}]")._host for i, v in enumerate(values)]


class SwaV(Module):
    """fmcib's SwaV: backbone -> SwaVProjectionHead(num_ftrs, num_ftrs // 2, out_dim) -> L2 normalisation
    -> SwaVPrototypes(out_dim, n_prototypes, n_steps_frozen_prototypes) (bias on), plus ``n_queues``
    memory banks of ``queue_length``.

    ``forward((high, low), epoch=None, step=None)`` returns ``(high_scores, low_scores, queue_scores)``,
    the last None until ``queue_length`` features are queued and before ``start_queue_at_epoch``.
    fmcib passes the epoch to the prototypes as lightly's step, so the prototypes are frozen during
    the first ``n_steps_frozen_prototypes`` EPOCHS (the epoch is then required).
    """

    def __init__(self, backbone, num_ftrs, out_dim, n_prototypes, n_queues, queue_length=0, start_queue_at_epoch=0,
                 n_steps_frozen_prototypes=0):
        host_module = getattr(backbone, "_module", None)
        if not isinstance(backbone, Module) or host_module is None:
            raise TypeError(f"backbone must be a host-backed module such as sslheads.nn.MLP, got {type(backbone).__name__}")
        self.backbone = backbone
        self.num_ftrs = check_int("num_ftrs", num_ftrs)
        self.out_dim = check_int("out_dim", out_dim)
        self.n_prototypes = check_int("n_prototypes", n_prototypes)
        self.n_queues = check_int("n_queues", n_queues)
        self.queue_length = check_int("queue_length", queue_length)
        self.start_queue_at_epoch = check_int("start_queue_at_epoch", start_queue_at_epoch)
        self.n_steps_frozen_prototypes = check_int("n_steps_frozen_prototypes", n_steps_frozen_prototypes)
        self._host = call_named(_NAMES, _HostSwavModel.create, host_module, self.num_ftrs, self.out_dim, self.n_prototypes,
                                self.n_queues, self.queue_length, self.start_queue_at_epoch, self.n_steps_frozen_prototypes)
        self._state = {"frozen": False}
        self._head_params = [Tensor(h) for h in self._host.projectionHeadParameters()]
        self._prototype_params = [FreezableParameter(h, self._state) for h in self._host.prototypeParameters()]

    @property
    def num_features_queued(self):
        return int(call(self._host.numFeaturesQueued))

    @property
    def prototypes_parameters(self):
        """The prototype weight and bias (requires_grad False while frozen)."""
        return list(self._prototype_params)

    def forward(self, input, epoch=None, step=None):
        if not isinstance(input, (tuple, list)) or len(input) != 2:
            raise TypeError(f"input must be a pair (high_resolution, low_resolution) of lists of tensors, got {type(input).__name__}")
        high = _crops("high_resolution", input[0])
        low = _crops("low_resolution", input[1])
        epoch, step = _optional_int("epoch", epoch), _optional_int("step", step)
        high_scores, low_scores, queue_scores = call_named(_NAMES, self._host.forward, high, low, epoch, step)
        self._state["frozen"] = bool(self._host.prototypesFrozen(epoch, step))
        return ([Tensor(h) for h in high_scores], [Tensor(h) for h in low_scores],
                None if queue_scores is None else [Tensor(h) for h in queue_scores])

    def _subforward(self, input):
        """backbone -> projection head -> L2 normalisation: (B, out_dim)."""
        return Tensor(call(self._host.subforward, float_tensor(input, "input")._host))

    def _own_parameters(self):
        return self._head_params + self._prototype_params

    def train(self, mode=True):
        super().train(mode)
        self._host.setTraining(mode)
        return self

    def close(self):
        """Frees the model's projection head, prototypes and queues (the backbone stays the caller's)."""
        self._host.close()

    def __repr__(self):
        return (f"SwaV(num_ftrs={self.num_ftrs}, out_dim={self.out_dim}, n_prototypes={self.n_prototypes}, "
                f"n_queues={self.n_queues}, queue_length={self.queue_length}, "
                f"start_queue_at_epoch={self.start_queue_at_epoch}, n_steps_frozen_prototypes={self.n_steps_frozen_prototypes})")
