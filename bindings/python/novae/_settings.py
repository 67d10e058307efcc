"""``novae.settings``: attribute access to the tunable constants."""
from ._constants import Nums


class Settings:
    """novae's settings object (the subset that concerns the head and its training)."""

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
        return f"Settings(warmup_epochs={self.warmup_epochs})"


settings = Settings()
