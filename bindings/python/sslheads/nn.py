"""PyTorch-style modules over DJL blocks: ``Module``, ``MLP``, ``NoiseDropout`` and ``nn.functional``.

Numbers are computed in Java; this module only names and converts. ``import sslheads.nn.functional
as F`` works like torch's.
"""
import numbers
import re
import sys
import types

import java

from ._host import call
from .tensor import Tensor, as_tensor

_HostModule = java.type("dev.sslheads.bindings.HostModule")
_HostAugmentation = java.type("dev.sslheads.bindings.HostAugmentation")

__all__ = ["Module", "MLP", "NoiseDropout", "noise_dropout", "functional"]


# ---------------------------------------------------------------------- helpers shared by the guest packages

def _pattern(names):
    """A regex matching any of ``names`` as a whole identifier (longest first)."""
    def one(name):
        head = r"(?<![\w])" if re.match(r"\w", name[0]) else ""
        tail = r"(?![\w])" if re.match(r"\w", name[-1]) else ""
        return head + re.escape(name) + tail
    return re.compile("|".join(one(n) for n in sorted(names, key=len, reverse=True)))


def call_named(names, function, *args):
    """``call`` that renames Java argument names in error messages to the Python ones in ``names``."""
    try:
        return call(function, *args)
    except (ValueError, TypeError, KeyError, IndexError, RuntimeError) as error:
        message = error.args[0] if len(error.args) == 1 and isinstance(error.args[0], str) else None
        if message is None or not names:
            raise
        renamed = _pattern(names).sub(lambda m: names[m.group(0)], message)
        if renamed == message:
            raise
        raise type(error)(renamed) from None


def check_int(name, value):
    """``value`` as an int; TypeError naming ``name`` for bools, floats, None, ..."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    return int(value)


def check_real(name, value):
    """``value`` as a float; TypeError naming ``name`` for bools, strings, None, ..."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    return float(value)


def float_tensor(value, name):
    """``value`` (Tensor, nested lists, buffer) as a floating-point Tensor; TypeError naming ``name``."""
    if value is None:
        raise TypeError(f"{name} must be a tensor, a (nested) list of numbers or a buffer, got None")
    t = as_tensor(value, name)
    if not t.dtype.startswith("float"):
        raise TypeError(f"{name} must be a floating-point tensor, got dtype {t.dtype}")
    return t


# ---------------------------------------------------------------------- modules

class Module:
    """Base class like ``torch.nn.Module``: ``parameters()``, ``__call__`` -> ``forward``, ``train()``/``eval()``.

    Parameters are the Tensor attributes that require gradients plus those of sub-module attributes.
    """

    training = True

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must define forward()")

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def _own_parameters(self):
        return [v for v in vars(self).values() if isinstance(v, Tensor) and v.requires_grad]

    def children(self):
        """The direct sub-modules (attributes that are Modules)."""
        return [v for v in vars(self).values() if isinstance(v, Module)]

    def parameters(self):
        """Every parameter of this module and its sub-modules, each once."""
        seen = set()
        for p in self._own_parameters():
            if id(p) not in seen:
                seen.add(id(p))
                yield p
        for child in self.children():
            for p in child.parameters():
                if id(p) not in seen:
                    seen.add(id(p))
                    yield p

    def train(self, mode=True):
        if not isinstance(mode, bool):
            raise TypeError(f"mode must be a bool, got {type(mode).__name__}")
        self.training = mode
        for child in self.children():
            child.train(mode)
        return self

    def eval(self):
        return self.train(False)

    def zero_grad(self):
        for p in self.parameters():
            p.zero_grad_()


_MLP_NAMES = {"inputSize": "in_features", "hiddenSize": "hidden_features", "outputSize": "out_features"}


class MLP(Module):
    """``(B, in_features) -> (B, out_features)``: Linear, ReLU, Linear, ReLU, Linear (hidden width
    ``hidden_features``), a DJL block (lib's ``MlpEncoder``) with Xavier init from ``sslheads.manual_seed``.

    ``parameters()`` are live views of the block's weights: optimizers update them in place.
    """

    def __init__(self, in_features, hidden_features, out_features):
        self.in_features = check_int("in_features", in_features)
        self.hidden_features = check_int("hidden_features", hidden_features)
        self.out_features = check_int("out_features", out_features)
        self._module = call_named(_MLP_NAMES, _HostModule.mlp, self.in_features, self.hidden_features, self.out_features)
        self._params = [Tensor(h) for h in self._module.parameters()]

    def forward(self, x):
        return Tensor(call(self._module.forward, float_tensor(x, "x")._host))

    def _own_parameters(self):
        return list(self._params)

    def named_parameters(self):
        return list(zip((str(n) for n in self._module.parameterNames()), self._params))

    def train(self, mode=True):
        super().train(mode)
        self._module.setTraining(mode)
        return self

    def close(self):
        """Frees the weights now (later use raises ValueError)."""
        self._module.close()

    def __repr__(self):
        return f"MLP(in_features={self.in_features}, hidden_features={self.hidden_features}, out_features={self.out_features})"


_AUGMENT_NAMES = {"dropProbability": "p", "noiseStd": "std"}


class NoiseDropout(Module):
    """A random view of flat features ``(B, F)``: each value dropped with probability ``p``, then
    Gaussian noise of std ``std`` added (lib's ``NoiseDropoutAugmentation``; seeded by ``manual_seed``)."""

    def __init__(self, p=0.2, std=0.1):
        self.p = check_real("p", p)
        self.std = check_real("std", std)
        self._augmentation = call_named(_AUGMENT_NAMES, _HostAugmentation, self.p, self.std)

    def forward(self, x):
        return Tensor(call(self._augmentation.apply, float_tensor(x, "x")._host))

    def __repr__(self):
        return f"NoiseDropout(p={self.p}, std={self.std})"


def noise_dropout(x, p=0.2, std=0.1):
    """``NoiseDropout(p, std)(x)``."""
    return NoiseDropout(p, std)(x)


# ---------------------------------------------------------------------- nn.functional

def _normalize(x, p=2.0, dim=1, eps=1e-12):
    """``x / max(||x||_p, eps)`` along ``dim`` (torch's F.normalize)."""
    x = float_tensor(x, "input")
    return Tensor(call(x._host.normalize, check_real("p", p), check_int("dim", dim), check_real("eps", eps)))


def _log_softmax(x, dim):
    return float_tensor(x, "input").log_softmax(check_int("dim", dim))


def _softmax(x, dim):
    return float_tensor(x, "input").softmax(check_int("dim", dim))


def _relu(x):
    return float_tensor(x, "input").relu()


functional = types.ModuleType(__name__ + ".functional", "torch.nn.functional-style helpers: normalize, log_softmax, softmax, relu.")
functional.normalize = _normalize
functional.log_softmax = _log_softmax
functional.softmax = _softmax
functional.relu = _relu
sys.modules[functional.__name__] = functional
