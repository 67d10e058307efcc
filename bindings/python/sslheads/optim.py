"""torch.optim-style optimizers over DJL's (``Adam``, ``AdamW``, ``SGD``), updating tensors in place.

Differences from torch (DJL's PyTorch-engine updates, see ``dev.sslheads.bindings.HostOptimizer``):

* ``step()`` also zeroes the gradients it used; ``zero_grad()`` zeroes (gradients are never None);
* a parameter is skipped while ``p.requires_grad`` is False (e.g. ``head.prototypes_parameter``
  frozen during warm-up), as torch skips parameters whose grad is None;
* Adam/AdamW: ``eps`` is added after the bias correction, i.e. it acts as torch's
  ``eps * sqrt(1 - beta2**t)`` (a negligible difference with the default 1e-8);
* SGD: no dampening or Nesterov; same as torch for a constant learning rate;
* one parameter group; ``param_groups[0]["lr"]`` may be changed between steps (schedules).
"""
import java

from .nn import call_named, check_real
from .tensor import Tensor

_HostOptimizer = java.type("dev.sslheads.bindings.HostOptimizer")

__all__ = ["Optimizer", "Adam", "AdamW", "SGD"]


def _params(params):
    if params is None or isinstance(params, Tensor):
        what = "None" if params is None else "a single Tensor"
        raise TypeError(f"params must be an iterable of Tensors (e.g. model.parameters()), got {what}")
    try:
        params = list(params)
    except TypeError:
        raise TypeError(f"params must be an iterable of Tensors, got {type(params).__name__}") from None
    for i, p in enumerate(params):
        if not isinstance(p, Tensor):
            raise TypeError(f"params[{i}] must be a Tensor, got {type(p).__name__}")
    if not params:
        raise ValueError("optimizer got an empty parameter list")
    return params


def _betas(betas):
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        raise TypeError(f"betas must be a pair of numbers (beta1, beta2), got {betas!r}")
    return check_real("betas[0]", betas[0]), check_real("betas[1]", betas[1])


class Optimizer:
    """Base class: ``step()``, ``zero_grad()``, ``param_groups`` (one group)."""

    def __init__(self, params, defaults, factory, *args):
        params = _params(params)
        self.defaults = dict(defaults)
        self.param_groups = [dict(params=params, **defaults)]
        self._host = call_named({"weightDecay": "weight_decay"}, factory, [p._host for p in params], *args)
        self._lr = defaults["lr"]

    def step(self, closure=None):
        """One update of every parameter that requires gradients; returns ``closure()`` if given."""
        loss = closure() if closure is not None else None
        group = self.param_groups[0]
        if group["lr"] != self._lr:
            call_named({}, self._host.setLearningRate, check_real("lr", group["lr"]))
            self._lr = group["lr"]
        call_named({}, self._host.step, [bool(p.requires_grad) for p in group["params"]])
        return loss

    def zero_grad(self, set_to_none=True):
        """Zeroes every parameter's gradient (``set_to_none`` is accepted for torch compatibility)."""
        call_named({}, self._host.zeroGrad)

    def __repr__(self):
        settings = ", ".join(f"{k}={v!r}" for k, v in self.param_groups[0].items() if k != "params")
        return f"{type(self).__name__}({settings})"


class Adam(Optimizer):
    """Adam with L2 weight decay (DJL ``Optimizer.adam()``)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0):
        b1, b2 = _betas(betas)
        defaults = dict(lr=check_real("lr", lr), betas=(b1, b2), eps=check_real("eps", eps),
                        weight_decay=check_real("weight_decay", weight_decay))
        super().__init__(params, defaults, _HostOptimizer.adam, defaults["lr"], b1, b2, defaults["eps"], defaults["weight_decay"])


class AdamW(Optimizer):
    """Adam with decoupled weight decay (DJL ``Optimizer.adamW()``)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        b1, b2 = _betas(betas)
        defaults = dict(lr=check_real("lr", lr), betas=(b1, b2), eps=check_real("eps", eps),
                        weight_decay=check_real("weight_decay", weight_decay))
        super().__init__(params, defaults, _HostOptimizer.adamW, defaults["lr"], b1, b2, defaults["eps"], defaults["weight_decay"])


class SGD(Optimizer):
    """SGD with optional momentum and L2 weight decay (DJL ``Optimizer.sgd()``)."""

    def __init__(self, params, lr=1e-3, momentum=0, weight_decay=0):
        defaults = dict(lr=check_real("lr", lr), momentum=check_real("momentum", momentum),
                        weight_decay=check_real("weight_decay", weight_decay))
        super().__init__(params, defaults, _HostOptimizer.sgd, defaults["lr"], defaults["momentum"], defaults["weight_decay"])
