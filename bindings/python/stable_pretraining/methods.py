"""``stable_pretraining.methods.SwAV`` over lib's ``SwAV``.

Same constructor arguments, defaults and ``forward`` conventions as the reference:
``forward(view1, view2)``, ``forward(global_views=[...], local_views=[...])`` (Sinkhorn per view,
local crops included; loss averaged over the (global i, view j > i) terms in both directions) and
``forward(images=...)`` (eval: backbone features and a zero loss); the result is a
``SwAVOutput(loss, embedding, projection)``. Documented differences:

* ``encoder_name`` must be an sslheads module (``nn.MLP``): there are no timm models here, so a
  model name raises ValueError, and so does ``pretrained=True`` (load weights into the module
  instead); ``low_resolution`` and ``dynamic_img_size`` configure timm models and have no effect;
* a forward needs at least 2 views (the reference returns a constant 0 for a single view);
* extras: ``seed=`` (prototype init), ``enable_queue`` / ``disable_queue`` / ``queue`` and
  ``functional_forward(views, epoch)`` (the functional ``stable_pretraining.forward.swav`` with its
  queue), ``fit`` / ``assign`` (the Java training loop and the argmax-prototype clusters), ``close``.
"""
import collections

import java

from sslheads.nn import MLP, Module, check_int, check_real, float_tensor
from sslheads.tensor import Tensor

from .losses import SwAVLoss, call

_HostSwav = java.type("dev.sslheads.bindings.HostStablePretrainingSwav")

__all__ = ["SwAV", "SwAVOutput"]

SwAVOutput = collections.namedtuple("SwAVOutput", "loss embedding projection", defaults=(None,))
SwAVOutput.__doc__ = """The reference's SwAVOutput: loss, embedding (detached backbone features), projection (or None)."""


class _Projector(Module):
    """The projector (Linear, BatchNorm1d, ReLU, Linear, L2 norm): its live parameters."""

    def __init__(self, host):
        self._params = [Tensor(h) for h in host.projectorParameters()]
        self._names = [str(n) for n in host.projectorParameterNames()]

    def _own_parameters(self):
        return list(self._params)

    def named_parameters(self):
        return list(zip(self._names, self._params))


class _Prototypes(Module):
    """``nn.Linear(P, K, bias=False)``: ``weight`` (K, P) is live; ``prototypes(z)`` is ``z @ weight.T``."""

    def __init__(self, weight):
        self.weight = weight

    def forward(self, z):
        return float_tensor(z, "input") @ self.weight.t()


def _bool(name, value):
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__} {value!r}")
    return value


def _views(name, views):
    if isinstance(views, (str, bytes)) or not isinstance(views, (list, tuple)):
        raise TypeError(f"{name} must be a list of tensors, got {type(views).__name__}")
    return [float_tensor(v, f"{name}[{i}]")._host for i, v in enumerate(views)]


class SwAV(Module):
    """SwAV: prototype-based online clustering for SSL (stable-pretraining's method)."""

    def __init__(self, encoder_name="vit_small_patch16_224", projector_dims=(2048, 128), n_prototypes=3000,
                 temperature=0.1, sinkhorn_iterations=3, epsilon=0.05, low_resolution=False, pretrained=False,
                 dynamic_img_size=True, *, seed=0):
        if isinstance(encoder_name, str):
            raise ValueError(f"encoder_name must be an sslheads nn module such as nn.MLP(in, hidden, embed): there are no timm "
                             f"models here, got {encoder_name!r}")
        if not isinstance(encoder_name, MLP):
            raise TypeError(f"encoder_name must be an sslheads nn.MLP, got {type(encoder_name).__name__}")
        _bool("low_resolution", low_resolution)
        _bool("dynamic_img_size", dynamic_img_size)
        if _bool("pretrained", pretrained):
            raise ValueError("pretrained=True needs timm weights, which do not exist here; load weights into the encoder module")
        if isinstance(projector_dims, (str, bytes)) or not hasattr(projector_dims, "__len__") or len(projector_dims) != 2:
            raise ValueError(f"projector_dims must be (hidden, output), got {projector_dims!r}")
        hidden = check_int("projector_dims[0]", projector_dims[0])
        out = check_int("projector_dims[1]", projector_dims[1])
        self.backbone = encoder_name
        self._swav = call(_HostSwav.create, encoder_name._module, hidden, out, check_int("n_prototypes", n_prototypes),
                          check_real("temperature", temperature), check_int("sinkhorn_iterations", sinkhorn_iterations),
                          check_real("epsilon", epsilon), check_int("seed", seed))
        self.embed_dim = int(self._swav.embedDim())
        self.projector = _Projector(self._swav)
        self.prototypes = _Prototypes(Tensor(self._swav.prototypes()))
        self.swav_loss = SwAVLoss(temperature, sinkhorn_iterations, epsilon)

    # ------------------------------------------------------------------ forwards

    def forward(self, view1=None, view2=None, global_views=None, local_views=None, images=None):
        """Three calling conventions (see the module docstring); returns a SwAVOutput."""
        if images is not None or (view1 is not None and view2 is None and global_views is None):
            single = images if images is not None else view1
            loss, embedding = call(self._swav.forwardEval, float_tensor(single, "images")._host)
            return SwAVOutput(Tensor(loss), Tensor(embedding))
        if global_views is not None:
            parts = call(self._swav.forward, _views("global_views", global_views), _views("local_views", local_views or []))
        elif view1 is not None and view2 is not None:
            parts = call(self._swav.forward, [float_tensor(view1, "view1")._host, float_tensor(view2, "view2")._host], [])
        else:
            raise ValueError("SwAV.forward needs either (view1, view2), (global_views, ...), or images")
        return SwAVOutput(*(Tensor(p) for p in parts))

    def functional_forward(self, views, epoch):
        """The functional ``forward.swav``: loss of views 0 and 1 with the queue (if enabled, non-empty and
        ``epoch >= start_queue_at_epoch``), then every view's projections appended to the queue."""
        loss, embedding, projection = call(self._swav.functionalForward, _views("views", views), check_int("epoch", epoch))
        return SwAVOutput(Tensor(loss), Tensor(embedding), None if projection is None else Tensor(projection))

    # ------------------------------------------------------------------ queue

    def enable_queue(self, queue_length=3840, start_queue_at_epoch=15):
        """Turns on the functional forward's queue (``use_queue=True``; the benchmark's 3840 rows from epoch 15)."""
        call(self._swav.enableQueue, check_int("queue_length", queue_length), check_int("start_queue_at_epoch", start_queue_at_epoch))

    def disable_queue(self):
        call(self._swav.disableQueue)

    @property
    def queue(self):
        """A copy of the queued projections ``(n, P)``, or None when the queue is off."""
        host = call(self._swav.queue)
        return None if host is None else Tensor(host)

    # ------------------------------------------------------------------ modes, training, clusters

    def train(self, mode=True):
        super().train(mode)
        call(self._swav.setTraining, mode)
        return self

    def fit(self, x, epochs=10, batch_size=128, lr=1e-3, weight_decay=0.0, freeze_prototypes_epochs=1,
            freeze_prototypes_mode="zero_grad", augment=None, seed=0):
        """The Java training loop on ``x`` (N, F): two ``augment`` views (default NoiseDropout(0.2, 0.1)),
        AdamW, prototypes frozen for the first epochs ("zero_grad": gradients zeroed, as the reference's
        FreezePrototypesCallback; "skip": the optimizer skips them, as the original SwAV). Returns the mean
        loss of every epoch."""
        from sslheads.nn import NoiseDropout

        augment = NoiseDropout(0.2, 0.1) if augment is None else augment
        if not isinstance(augment, NoiseDropout):
            raise TypeError(f"augment must be an sslheads nn.NoiseDropout, got {type(augment).__name__}")
        if not isinstance(freeze_prototypes_mode, str):
            raise TypeError(f"freeze_prototypes_mode must be 'zero_grad' or 'skip', got {type(freeze_prototypes_mode).__name__}")
        losses = call(self._swav.fit, float_tensor(x, "x")._host, augment._augmentation, check_int("epochs", epochs),
                      check_int("batch_size", batch_size), check_real("lr", lr), check_real("weight_decay", weight_decay),
                      check_int("freeze_prototypes_epochs", freeze_prototypes_epochs), freeze_prototypes_mode, check_int("seed", seed))
        return [float(v) for v in losses]

    def assign(self, x, batch_size=256):
        """The argmax prototype of every row of ``x`` (N, F), in eval mode: a list of ints."""
        return [int(v) for v in call(self._swav.assign, float_tensor(x, "x")._host, check_int("batch_size", batch_size))]

    def close(self):
        """Frees the projector, prototypes and queue now (the encoder module stays usable)."""
        self._swav.close()

    def __repr__(self):
        return str(self._swav.toString())
