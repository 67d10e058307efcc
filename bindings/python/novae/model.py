"""``novae.Novae``: novae's model and workflow, computed in Java (``dev.sslheads.novae.model.Novae``).

The constructor arguments, their defaults and the methods are novae's (``fit``, ``compute_representations``,
``assign_domains``, ``batch_effect_correction``, ``save_pretrained``, ``from_pretrained``, ``plot_domains_hierarchy``,
``plot_prototype_weights``). Differences:

* ``seed`` (default 0) seeds every random draw of this model (initial weights, shuffles, views,
  augmentations): a seeded run repeats exactly. novae uses the global numpy/torch state.
* the model's device is chosen at creation (``device=``, else ``scripts/sslheads --device``); ``accelerator``
  arguments default to that device and must name it when given.
* ``num_workers``, ``callbacks``, ``logger`` and other Lightning arguments are accepted and ignored: the
  training loop is the JVM's own (spec §4.1), with novae's schedule and early stopping.
* ``assign_domains(resolution=...)`` (Leiden) is not available: it raises ``NotImplementedError``.
* ``from_pretrained`` reads local directories only (no network); the Hub's models load once downloaded.
* ``batch_effect_correction(obs_key=None)`` uses the key of this model's latest ``assign_domains`` call
  (novae: an arbitrary one of the available keys).
"""
import java

from sslheads._host import call
from sslheads.nn import check_int as _int
from sslheads.nn import check_real as _float

from ._hosts import hosts
from ._settings import settings

_Config = java.type("dev.sslheads.novae.model.NovaeConfig")
_Reference = java.type("dev.sslheads.novae.model.Reference")
_Host = java.type("dev.sslheads.bindings.novae.HostNovae")
_Plots = java.type("dev.sslheads.bindings.novae.HostPlots")

__all__ = ["Novae"]


def _hosts(adata):
    """One AnnData or a list of them as host AnnData; None (the model's own AnnData) stays None."""
    return None if adata is None else hosts(adata)


def _optional_int(name, value):
    return None if value is None else _int(name, value)


def _reference(reference):
    """novae's ``reference`` argument as a host Reference (None stays None)."""
    if reference is None:
        return None
    if isinstance(reference, str) and reference in ("all", "largest"):
        return _Reference.ALL if reference == "all" else _Reference.LARGEST
    refs = [reference] if isinstance(reference, (str, int)) else reference
    if isinstance(refs, (list, tuple)) and refs and all(isinstance(r, str) for r in refs):
        return call(_Reference.slides, [str(r) for r in refs])
    if isinstance(refs, (list, tuple)) and refs and all(isinstance(r, int) and not isinstance(r, bool) for r in refs):
        return call(_Reference.adatas, [int(r) for r in refs])
    raise TypeError("reference must be 'all', 'largest', a slide id, an AnnData index, or a non-empty list of slide ids "
                    f"or of indices, got {reference!r}")


class Novae:
    """novae's ``Novae`` (see the module docstring)."""

    def __init__(self, adata=None, embedding_size=100, min_prototypes_ratio=0.3, n_hops_local=2, n_hops_view=2,
                 temperature=0.1, output_size=64, heads=8, hidden_size=128, num_layers=10, batch_size=256,
                 num_prototypes=512, panel_subset_size=0.8, background_noise_lambda=8.0, sensitivity_noise_std=0.05,
                 dropout_rate=0.0, histo_embedding_size=50, pca_init_reference_index=None, scgpt_model_dir=None,
                 var_names=None, mode_kwargs=None, seed=0, device=None, _host=None):
        if _host is not None:
            self._host = _host
            return
        if adata is None:
            raise ValueError("adata is required here: use Novae.from_pretrained(path) to load a model without data")
        if scgpt_model_dir is not None:
            raise NotImplementedError("scGPT gene embeddings are not supported on the JVM: leave scgpt_model_dir=None")
        config = call(_Config, _int("embedding_size", embedding_size), _float("min_prototypes_ratio", min_prototypes_ratio),
                      _int("n_hops_local", n_hops_local), _int("n_hops_view", n_hops_view), _float("temperature", temperature),
                      _int("output_size", output_size), _int("heads", heads), _int("hidden_size", hidden_size),
                      _int("num_layers", num_layers), _int("batch_size", batch_size), _int("num_prototypes", num_prototypes),
                      _float("panel_subset_size", panel_subset_size), _float("background_noise_lambda", background_noise_lambda),
                      _float("sensitivity_noise_std", sensitivity_noise_std), _float("dropout_rate", dropout_rate),
                      _int("histo_embedding_size", histo_embedding_size),
                      _optional_int("pca_init_reference_index", pca_init_reference_index),
                      None if var_names is None else [str(v) for v in var_names])
        self._host = call(_Host.create, _hosts(adata), config, settings.auto_preprocessing, float(settings.scale_to_microns),
                          _int("seed", seed), None if device is None else str(device))
        self._warn()

    def _warn(self):
        import warnings

        seen = getattr(self, "_warned", 0)
        messages = list(self._host.warnings())
        for message in messages[seen:]:
            warnings.warn(str(message), UserWarning, stacklevel=3)
        self._warned = len(messages)

    @property
    def hparams(self):
        """The saved hyper-parameters (novae's ``hparams``), as a dict."""
        import json

        return json.loads(str(self._host.config().toJson()))

    @property
    def mode(self):
        """The model's mode flags (``zero_shot``, ``trained``, ``pretrained``)."""
        return self._host.mode()

    def fit(self, adata=None, max_epochs=20, accelerator=None, num_workers=None, lr=1e-3, min_delta=0.1, patience=3,
            callbacks=None, logger=False, **trainer_kwargs):
        """Trains the model (novae's schedule: Adam, prototypes frozen in the first epoch, early stopping)."""
        from ._constants import Nums

        history = call(_Host.fit, self._host, _hosts(adata), _int("max_epochs", max_epochs), accelerator,
                       _float("lr", lr), _float("min_delta", min_delta), _int("patience", patience), Nums.WARMUP_EPOCHS)
        self._record(history)

    def _record(self, history):
        self._warn()
        self.history = [{"epoch": int(r.epoch()), "loss": float(r.loss()), "entropy": float(r.entropy()),
                         "steps": int(r.steps())} for r in history]

    def fine_tune(self, adata, *, reference=None, max_epochs=20, accelerator=None, num_workers=None, lr=5e-4, min_delta=0.1,
                  min_prototypes_ratio=0.3, patience=3, **fit_kwargs):
        """Fine-tunes a pretrained model on ``adata``: new prototypes (random, or k-means on ``reference``), then ``fit``."""
        if adata is None:
            raise ValueError("fine_tune needs adata: give the AnnData to fine-tune on")
        history = call(_Host.fineTune, self._host, _hosts(adata), _reference(reference), _int("max_epochs", max_epochs),
                       accelerator, _float("lr", lr), _float("min_delta", min_delta), _int("patience", patience),
                       _float("min_prototypes_ratio", min_prototypes_ratio))
        self._record(history)

    def save_pretrained(self, save_directory):
        """Writes ``config.json``, ``model.safetensors`` and ``README.md`` into ``save_directory`` (novae's layout)."""
        import os

        call(_Host.savePretrained, self._host, os.path.abspath(str(save_directory)))

    @classmethod
    def from_pretrained(cls, pretrained_model_name_or_path, seed=0, device=None, **kwargs):
        """Loads a model saved by ``save_pretrained`` from a local directory (Hugging Face Hub names need the network)."""
        import os

        path = str(pretrained_model_name_or_path)
        if not os.path.exists(path) and "/" in path and not path.startswith((".", "/")):
            raise ValueError(f"{path!r} is not a local directory; downloading from the Hugging Face Hub is not supported here: "
                             "download the model folder and give its path")
        local = os.path.abspath(path) if os.path.exists(path) else path
        host = call(_Host.fromPretrained, local, settings.auto_preprocessing, float(settings.scale_to_microns), _int("seed", seed),
                    None if device is None else str(device))
        model = cls(_host=host)
        model._warn()
        return model

    def batch_effect_correction(self, adata=None, obs_key=None):
        """Writes ``obsm["novae_latent_corrected"]``: each slide's domain means moved onto the domain's reference slide."""
        call(_Host.batchEffectCorrection, self._host, _hosts(adata), None if obs_key is None else str(obs_key))

    def compute_representations(self, adata=None, *, zero_shot=False, reference="all", accelerator=None, num_workers=None):
        """Writes ``obsm["novae_latent"]`` and ``obs["novae_leaves"]``."""
        if not isinstance(zero_shot, bool):
            raise TypeError(f"zero_shot must be a bool, got {type(zero_shot).__name__}")
        call(_Host.computeRepresentations, self._host, _hosts(adata), zero_shot, _reference(reference), accelerator)
        self._warn()

    def assign_domains(self, adata=None, level=7, n_domains=None, resolution=None, key_added=None):
        """Writes ``obs["novae_domains_<level>"]`` (or ``key_added``) and returns the key."""
        if resolution is not None:
            raise NotImplementedError("Leiden domains (resolution=...) are not available on the JVM; use level or n_domains")
        return str(call(_Host.assignDomains, self._host, _hosts(adata), _optional_int("level", level),
                        _optional_int("n_domains", n_domains), None if key_added is None else str(key_added)))

    def plot_domains_hierarchy(self, max_level=10, hline_level=None, leaf_font_size=8, show=True, save=None):
        """The top ``max_level`` merges of the prototypes' tree, with novae's domain names (see ``novae.plot``)."""
        from . import plot

        levels = [] if hline_level is None else [hline_level] if isinstance(hline_level, int) else list(hline_level)
        figure = call(_Plots.domainsHierarchy, self._host, _int("max_level", max_level),
                      [_int("hline_level", level) for level in levels], _int("leaf_font_size", leaf_font_size))
        return plot._output(figure, "domains_hierarchy", show, save)

    def plot_prototype_weights(self, assign_zeros=True, show=True, save=None):
        """The slide queue's prototype weights per slide as a heat map (see ``novae.plot``)."""
        from . import plot

        if not isinstance(assign_zeros, bool):
            raise TypeError(f"assign_zeros must be a bool, got {type(assign_zeros).__name__}")
        return plot._output(call(_Plots.prototypeWeights, self._host, assign_zeros), "prototype_weights", show, save)

    def __repr__(self):
        c = self.hparams
        return (f"Novae(num_layers={c['num_layers']}, hidden_size={c['hidden_size']}, output_size={c['output_size']}, "
                f"num_prototypes={c['num_prototypes']}, genes={len(c['var_names'] or [])}, mode={self.mode})")
