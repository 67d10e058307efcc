"""One-call training in Java (lib's ``SwavTrainer``): the whole loop runs on the host, fast."""
import java

from .nn import MLP, NoiseDropout, call_named, check_int, check_real, float_tensor

_HostTraining = java.type("dev.sslheads.bindings.HostTraining")
_HostSwavHead = java.type("dev.sslheads.bindings.HostSwavHead")

__all__ = ["fit"]

_NAMES = {"slideOfRow": "slide_ids", "slideId": "slide_id", "batchSize": "batch_size", "learningRate": "lr", "warmupEpochs": "warmup_epochs",
          "features": "data"}


def _stats(stats):
    return {"epoch": int(stats.epoch()), "loss": float(stats.loss()), "entropy": float(stats.entropy()),
            "steps": int(stats.steps()), "prototypes_frozen": bool(stats.prototypesFrozen())}


def fit(encoder, head, data, slide_ids=None, *, epochs=20, batch_size=256, lr=1e-3, warmup_epochs=None, seed=0,
        augmentation=None, on_epoch=None):
    """Trains ``encoder`` (an ``sslheads.nn.MLP``) and ``head`` (a ``novae.module.SwavHead``) like novae.

    Single-slide batches of ``batch_size`` rows of ``data`` ``(N, F)``, two ``augmentation`` views
    (default ``NoiseDropout(0.2, 0.1)``), Adam at ``lr``, prototypes frozen for ``warmup_epochs``
    (default ``novae.Nums.WARMUP_EPOCHS``). ``slide_ids``: the slide of each row (or None).
    ``seed`` seeds the batch order and the engine's generator. ``on_epoch(stats)`` is called after
    every epoch. Returns one dict per epoch: epoch, loss, entropy, steps, prototypes_frozen.
    """
    if not isinstance(encoder, MLP):
        raise TypeError(f"encoder must be an sslheads.nn.MLP, got {type(encoder).__name__}")
    host_head = getattr(head, "_head", None)
    if host_head is None or not isinstance(host_head, _HostSwavHead):  # (GraalPy: isinstance(None, JavaType) is True)
        raise TypeError(f"head must be a novae.module.SwavHead, got {type(head).__name__}")
    head._sync()
    x = float_tensor(data, "data")
    if slide_ids is not None:
        if isinstance(slide_ids, str) or not hasattr(slide_ids, "__len__"):
            raise TypeError(f"slide_ids must be a list of str (one per row of data) or None, got {type(slide_ids).__name__}")
        slide_ids = list(slide_ids)
        for i, s in enumerate(slide_ids):
            if not isinstance(s, str):
                raise TypeError(f"slide_ids[{i}] must be a str, got {type(s).__name__} {s!r}")
    if warmup_epochs is None:
        from novae._constants import Nums
        warmup_epochs = Nums.WARMUP_EPOCHS
    if augmentation is None:
        augmentation = NoiseDropout()
    elif not isinstance(augmentation, NoiseDropout):
        raise TypeError(f"augmentation must be an sslheads.nn.NoiseDropout or None, got {type(augmentation).__name__}")
    if on_epoch is not None and not callable(on_epoch):
        raise TypeError(f"on_epoch must be callable or None, got {type(on_epoch).__name__}")
    callback = None if on_epoch is None else (lambda stats: on_epoch(_stats(stats)))
    history = call_named(_NAMES, _HostTraining.fit, encoder._module, host_head, x._host, slide_ids,
                         check_int("epochs", epochs), check_int("batch_size", batch_size), check_real("lr", lr),
                         check_int("warmup_epochs", warmup_epochs), check_int("seed", seed), augmentation._augmentation,
                         callback)
    return [_stats(s) for s in history]
