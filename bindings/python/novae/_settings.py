"""``novae.settings``: attribute access to the tunable constants."""
from ._constants import Nums


class Settings:
    """novae's settings object: ``auto_preprocessing``, ``scale_to_microns`` and ``warmup_epochs``.

    ``disable_multimodal`` and the lazy-loading switches are not here: the JVM port has no H&E branch and
    always builds subgraphs per batch.
    """

    def __init__(self):
        self._auto_preprocessing = True
        self._scale_to_microns = 1.0

    @property
    def auto_preprocessing(self):
        """Whether ``prepare_adatas`` normalises raw counts and selects highly variable genes (default True)."""
        return self._auto_preprocessing

    @auto_preprocessing.setter
    def auto_preprocessing(self, value):
        if not isinstance(value, bool):
            raise TypeError(f"auto_preprocessing must be a bool, got {type(value).__name__}")
        self._auto_preprocessing = value

    @property
    def scale_to_microns(self):
        """Microns per coordinate unit of ``obsm["spatial"]``; edge lengths are multiplied by it (default 1.0)."""
        return self._scale_to_microns

    @scale_to_microns.setter
    def scale_to_microns(self, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"scale_to_microns must be a number, got {type(value).__name__}")
        if not value > 0 or value == float("inf"):
            raise ValueError(f"scale_to_microns must be positive and finite, got {value}")
        self._scale_to_microns = float(value)

    @property
    def warmup_epochs(self):
        """Epochs with frozen prototypes at the start of training (``Nums.WARMUP_EPOCHS``)."""
        return Nums.WARMUP_EPOCHS

    @warmup_epochs.setter
    def warmup_epochs(self, value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"warmup_epochs must be an int, got {type(value).__name__}")
        if value < 0:
            raise ValueError(f"warmup_epochs must be >= 0, got {value}")
        Nums.WARMUP_EPOCHS = value

    def __repr__(self):
        return (f"Settings(auto_preprocessing={self.auto_preprocessing}, scale_to_microns={self.scale_to_microns}, "
                f"warmup_epochs={self.warmup_epochs})")


settings = Settings()
