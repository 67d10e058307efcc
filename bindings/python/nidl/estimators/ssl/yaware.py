"""``nidl.estimators.ssl.YAwareContrastiveLearning`` over lib's ``YAwareContrastiveLearning``.

Same constructor arguments and defaults as nidl. Documented differences:

* ``encoder``: an ``sslheads.nn`` module instance (e.g. ``sslheads.nn.MLP``), or its class built with
  ``encoder_kwargs``;
* trainer arguments: ``max_epochs`` (required, as nidl's warmup_cosine needs it) and ``seed`` (the
  views' noise); others raise TypeError;
* ``optimizer``: "adamW", "adam" or "sgd" (no optimizer instances); ``optimizer_kwargs``: ``betas``, ``eps``
  (Adam / AdamW) or ``momentum`` (SGD);
* ``lr_scheduler``: "warmup_cosine" or "none" (closed form of pl_bolts' LinearWarmupCosineAnnealingLR);
* ``fit(train_dataloader, val_dataloader=None)`` takes :class:`ViewLoader` objects (pairs of views, or
  two augmented views of each batch, with optional labels) instead of torch DataLoaders; it returns
  self and keeps ``history_``: one dict per epoch with "epoch", "loss/train", "loss/val" (None
  without validation), "lr" (of the epoch's last step) and "steps";
* ``transform(X, batch_size=256)`` takes a Tensor (nidl: a dataloader) and returns encoder features;
* extra ``weight_normalization`` ("nidl" default or "rows"), ``close()``.
"""
import java

from sslheads.nn import Module, call_named, check_int, check_real, float_tensor
from sslheads.tensor import Tensor, as_tensor

from ...losses.yaware_infonce import NAMES, KernelMetric, host_bandwidth

_HostModel = java.type("dev.sslheads.bindings.HostYAwareContrastiveLearning")

__all__ = ["ViewLoader", "YAwareContrastiveLearning"]

_SCHEDULER_DEFAULTS = {"warmup_epochs": 10, "warmup_start_lr": 1e-6, "min_lr": 0.0, "interval": "step"}
_ADAM_DEFAULTS = {"betas": (0.9, 0.999), "eps": 1e-8}
_SGD_DEFAULTS = {"momentum": 0.0}


def _call(function, *args):
    return call_named(NAMES, function, *args)


def _kwargs(name, given, defaults):
    if given is None:
        return dict(defaults)
    if not isinstance(given, dict):
        raise TypeError(f"{name} must be a dict or None, got {type(given).__name__}")
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise TypeError(f"{name} got unexpected keys {unknown}; supported: {sorted(defaults)}")
    out = dict(defaults)
    out.update(given)
    return out


class ViewLoader:
    """The data of one ``fit``: fixed pairs ``X`` / ``X2`` (N, F), or two views of each batch of ``X``
    drawn by ``augmentation`` (e.g. ``sslheads.nn.NoiseDropout``); optional labels ``y`` (N) or (N, p).
    Rows are shuffled per epoch from ``seed``; the last incomplete batch is dropped."""

    def __init__(self, X, y=None, X2=None, augmentation=None, batch_size=256, shuffle=True, seed=0):
        self.X = float_tensor(X, "X")
        self.X2 = None if X2 is None else float_tensor(X2, "X2")
        self.y = None if y is None else (as_tensor(y, "y", dtype="float64") if isinstance(y, (list, tuple)) else as_tensor(y, "y"))
        self.augmentation = augmentation
        if augmentation is not None and not hasattr(augmentation, "_augmentation"):
            raise TypeError(f"augmentation must be an sslheads.nn.NoiseDropout, got {type(augmentation).__name__}")
        self.batch_size = check_int("batch_size", batch_size)
        if not isinstance(shuffle, bool):
            raise TypeError(f"shuffle must be a bool, got {type(shuffle).__name__}")
        self.shuffle = shuffle
        self.seed = check_int("seed", seed)
        self._batches = _call(_HostModel.batches, self.X._host, None if self.X2 is None else self.X2._host,
                              None if self.y is None else self.y._host,
                              None if augmentation is None else augmentation._augmentation, self.batch_size, shuffle, self.seed)

    def __len__(self):
        return int(self._batches.batches().batchesPerEpoch())


class YAwareContrastiveLearning:
    """y-Aware Contrastive Learning (Dufumier et al., MICCAI 2021): an encoder and a projection head
    (Linear, ReLU, Linear) trained with ``YAwareInfoNCE`` on two views, with optional auxiliary labels."""

    def __init__(self, encoder, encoder_kwargs=None, proj_input_dim=2048, proj_hidden_dim=512, proj_output_dim=128,
                 temperature=0.1, kernel="gaussian", bandwidth=1.0, optimizer="adamW", learning_rate=3e-4, weight_decay=5e-4,
                 exclude_bias_and_norm_wd=True, optimizer_kwargs=None, lr_scheduler="warmup_cosine", lr_scheduler_kwargs=None,
                 weight_normalization="nidl", **kwargs):
        if isinstance(encoder, type):
            if encoder_kwargs is not None and not isinstance(encoder_kwargs, dict):
                raise TypeError(f"encoder_kwargs must be a dict or None, got {type(encoder_kwargs).__name__}")
            encoder = encoder(**(encoder_kwargs or {}))
        if not isinstance(encoder, Module) or not hasattr(encoder, "_module"):
            raise TypeError(f"encoder must be an sslheads.nn module (e.g. sslheads.nn.MLP) or its class, got {type(encoder).__name__}")
        unknown = sorted(set(kwargs) - {"max_epochs", "seed"})
        if unknown:
            raise TypeError(f"unexpected keyword arguments {unknown}; supported trainer arguments: ['max_epochs', 'seed']")
        if kwargs.get("max_epochs") is None:
            raise ValueError("max_epochs must be given (>= 1), as nidl's trainer needs it for the warmup_cosine schedule")
        for name, value in (("kernel", kernel), ("optimizer", optimizer), ("lr_scheduler", lr_scheduler),
                            ("weight_normalization", weight_normalization)):
            if not isinstance(value, str):
                raise TypeError(f"{name} must be a str, got {type(value).__name__}")
        if not isinstance(exclude_bias_and_norm_wd, bool):
            raise TypeError(f"exclude_bias_and_norm_wd must be a bool, got {type(exclude_bias_and_norm_wd).__name__}")
        opt = _kwargs("optimizer_kwargs", optimizer_kwargs, _SGD_DEFAULTS if optimizer == "sgd" else _ADAM_DEFAULTS)
        opt = {**_ADAM_DEFAULTS, **_SGD_DEFAULTS, **opt}
        sched = _kwargs("lr_scheduler_kwargs", lr_scheduler_kwargs, _SCHEDULER_DEFAULTS)
        betas = opt["betas"]
        if not isinstance(betas, (list, tuple)) or len(betas) != 2:
            raise TypeError(f"optimizer_kwargs['betas'] must be a pair of numbers, got {betas!r}")
        if not isinstance(sched["interval"], str):
            raise TypeError(f"lr_scheduler_kwargs['interval'] must be a str, got {type(sched['interval']).__name__}")
        self.encoder = encoder
        self.max_epochs = check_int("max_epochs", kwargs["max_epochs"])
        self.seed = check_int("seed", kwargs.get("seed", 0))
        metric = bandwidth if isinstance(bandwidth, KernelMetric) else None
        self._java = _call(
            _HostModel.create, encoder._module, check_int("proj_input_dim", proj_input_dim), check_int("proj_hidden_dim", proj_hidden_dim),
            check_int("proj_output_dim", proj_output_dim), check_real("temperature", temperature), kernel,
            None if metric is not None else host_bandwidth(bandwidth, rules_allowed=False), None if metric is None else metric._java,
            weight_normalization, optimizer, check_real("learning_rate", learning_rate), check_real("weight_decay", weight_decay),
            exclude_bias_and_norm_wd, check_real("betas[0]", betas[0]), check_real("betas[1]", betas[1]), check_real("eps", opt["eps"]),
            check_real("momentum", opt["momentum"]), lr_scheduler, check_real("warmup_epochs", sched["warmup_epochs"]), check_real("warmup_start_lr", sched["warmup_start_lr"]),
            check_real("min_lr", sched["min_lr"]), sched["interval"], self.max_epochs)
        self.proj_input_dim, self.proj_hidden_dim, self.proj_output_dim = proj_input_dim, proj_hidden_dim, proj_output_dim
        self.temperature, self.kernel, self.bandwidth = temperature, str(self._java.kernel()), bandwidth
        self.optimizer, self.learning_rate, self.weight_decay = optimizer, learning_rate, weight_decay
        self.exclude_bias_and_norm_wd, self.lr_scheduler = exclude_bias_and_norm_wd, lr_scheduler
        self.weight_normalization = weight_normalization
        self.history_ = []

    def fit(self, train_dataloader, val_dataloader=None):
        for name, loader in (("train_dataloader", train_dataloader), ("val_dataloader", val_dataloader)):
            if loader is not None and not isinstance(loader, ViewLoader):
                raise TypeError(f"{name} must be a nidl.estimators.ssl.ViewLoader, got {type(loader).__name__}")
        if train_dataloader is None:
            raise TypeError("train_dataloader must be a nidl.estimators.ssl.ViewLoader, got None")
        epochs = _call(self._java.fit, train_dataloader._batches, None if val_dataloader is None else val_dataloader._batches, self.seed)
        for e in epochs:
            val = float(e.validationLoss())
            self.history_.append({"epoch": int(e.epoch()), "loss/train": float(e.trainLoss()), "loss/val": None if val != val else val,
                                  "lr": float(e.learningRate()), "steps": int(e.steps())})
        return self

    def transform(self, X, batch_size=256):
        return Tensor(_call(self._java.transform, float_tensor(X, "X")._host, check_int("batch_size", batch_size)))

    def close(self):
        self._java.close()

    def __repr__(self):
        return (f"YAwareContrastiveLearning(proj_input_dim={self.proj_input_dim}, proj_hidden_dim={self.proj_hidden_dim},"
                f" proj_output_dim={self.proj_output_dim}, temperature={self.temperature}, kernel={self.kernel!r},"
                f" bandwidth={self.bandwidth!r}, optimizer={self.optimizer!r}, learning_rate={self.learning_rate},"
                f" max_epochs={self.max_epochs})")
