"""``lightly.models.modules``: ``SwaVProjectionHead``, ``SwaVPrototypes``, ``MemoryBankModule`` (v1.4.19
semantics) over the Java ``dev.sslheads.lightly`` classes."""

import java

from sslheads._host import call
from sslheads.nn import Module, call_named, check_int, float_tensor
from sslheads.tensor import Tensor

_HostModule = java.type("dev.sslheads.bindings.HostModule")
_HostSwavPrototypes = java.type("dev.sslheads.bindings.HostSwavPrototypes")
_HostMemoryBank = java.type("dev.sslheads.bindings.HostMemoryBank")

__all__ = ["SwaVProjectionHead", "SwaVPrototypes", "MemoryBankModule"]

_HEAD_NAMES = {"inputDim": "input_dim", "hiddenDim": "hidden_dim", "outputDim": "output_dim"}
_PROTOTYPE_NAMES = {"inputDim": "input_dim", "nPrototypes[i]": "n_prototypes[i]", "n": "n_steps_frozen_prototypes"}


def _optional_int(name, value):
    return None if value is None else check_int(name, value)


class FreezableParameter(Tensor):
    """A prototype parameter: ``requires_grad`` is False while the prototypes are frozen (as lightly's
    ``requires_grad_(step >= n)`` at the last forward), so optimizers skip it then."""

    __slots__ = ("_state",)

    def __init__(self, host, state):
        super().__init__(host)
        self._state = state

    @property
    def requires_grad(self):
        return not self._state["frozen"]


class SwaVProjectionHead(Module):
    """Linear(input_dim, hidden_dim, bias=False), BatchNorm1d, ReLU, Linear(hidden_dim, output_dim)."""

    def __init__(self, input_dim=2048, hidden_dim=2048, output_dim=128):
        self.input_dim = check_int("input_dim", input_dim)
        self.hidden_dim = check_int("hidden_dim", hidden_dim)
        self.output_dim = check_int("output_dim", output_dim)
        self._module = call_named(_HEAD_NAMES, _HostModule.swavProjectionHead, self.input_dim, self.hidden_dim, self.output_dim)
        self._params = [Tensor(h) for h in self._module.parameters()]

    def forward(self, x):
        return Tensor(call(self._module.forward, float_tensor(x, "x")._host))

    def _own_parameters(self):
        return [p for p in self._params if p.requires_grad]

    def train(self, mode=True):
        super().train(mode)
        self._module.setTraining(mode)
        return self

    def __repr__(self):
        return f"SwaVProjectionHead(input_dim={self.input_dim}, hidden_dim={self.hidden_dim}, output_dim={self.output_dim})"


class SwaVPrototypes(Module):
    """One ``Linear(input_dim, K)`` per entry of ``n_prototypes`` (an int or a list), scores = x W^T + b.

    ``bias`` (extra, keyword-only): True as in lightly (default), False as in the original SwAV.
    ``forward(x, step)`` returns a tensor for one head and a list for several; with
    ``n_steps_frozen_prototypes > 0`` the step is required (ValueError otherwise) and the prototypes
    get no gradient while ``step < n_steps_frozen_prototypes`` (lightly's examples and fmcib pass the
    epoch here, which makes it a number of epochs).
    """

    def __init__(self, input_dim=128, n_prototypes=3000, n_steps_frozen_prototypes=0, *, bias=True):
        if not isinstance(bias, bool):
            raise TypeError(f"bias must be a bool, got {type(bias).__name__}")
        self.input_dim = check_int("input_dim", input_dim)
        self._multi = isinstance(n_prototypes, (list, tuple))
        sizes = [check_int(f"n_prototypes[{i}]", k) for i, k in enumerate(n_prototypes)] if self._multi \
            else [check_int("n_prototypes", n_prototypes)]
        self.n_prototypes = n_prototypes
        self.n_steps_frozen_prototypes = check_int("n_steps_frozen_prototypes", n_steps_frozen_prototypes)
        self.bias = bias
        self._host = call_named(_PROTOTYPE_NAMES, _HostSwavPrototypes.create, self.input_dim, sizes, bias, "steps",
                                self.n_steps_frozen_prototypes)
        self._state = {"frozen": False}
        self._params = [FreezableParameter(h, self._state) for h in self._host.parameters()]

    def forward(self, x, step=None):
        x = float_tensor(x, "x")
        step = _optional_int("step", step)
        scores = [Tensor(h) for h in call_named(_PROTOTYPE_NAMES, self._host.forward, x._host, None, step)]
        self._state["frozen"] = bool(self._host.frozen(None, step))
        return scores if self._multi else scores[0]

    def normalize(self):
        """Divides each prototype (weight row) by its L2 norm, without gradient; biases untouched."""
        call(self._host.normalize)

    def _own_parameters(self):
        return list(self._params)

    def named_parameters(self):
        return list(zip((str(n) for n in self._host.parameterNames()), self._params))

    def __repr__(self):
        return (f"SwaVPrototypes(input_dim={self.input_dim}, n_prototypes={self.n_prototypes}, "
                f"n_steps_frozen_prototypes={self.n_steps_frozen_prototypes}, bias={self.bias})")


class MemoryBankModule(Module):
    """lightly v1.4.19's memory bank: a ring buffer (dim, size) started as random unit columns at the
    first forward; ``forward(output, labels=None, update=False)`` returns ``(output, bank)`` with the
    bank copied BEFORE ``output`` is enqueued (``(output, None)`` for size 0)."""

    def __init__(self, size=65536):
        self.size = check_int("size", size)
        self._host = call(_HostMemoryBank.create, self.size)

    @property
    def bank(self):
        """The live bank (dim, size), None before the first forward."""
        host = call(self._host.contents)
        return None if host is None else Tensor(host)

    @property
    def bank_ptr(self):
        return int(call(self._host.pointer))

    def forward(self, output, labels=None, update=False):
        if not isinstance(update, bool):
            raise TypeError(f"update must be a bool, got {type(update).__name__}")
        output = float_tensor(output, "output")
        bank = call(self._host.forward, output._host, update)
        return output, None if bank is None else Tensor(bank)

    def __repr__(self):
        return f"MemoryBankModule(size={self.size})"
