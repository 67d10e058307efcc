"""``fmcib.ssl.losses.SwaVLoss``: lightly's ``SwaVLoss`` taking the model's output triple as one argument."""
from lightly.loss import SwaVLoss as _LightlySwaVLoss

__all__ = ["SwaVLoss"]


class SwaVLoss(_LightlySwaVLoss):
    """``loss(model((high, low), epoch))``: unpacks (high scores, low scores, queue scores or None)."""

    def forward(self, predictions):
        if not isinstance(predictions, (tuple, list)) or len(predictions) != 3:
            raise TypeError("predictions must be the SwaV output triple (high_resolution, low_resolution, queue), "
                            f"got {type(predictions).__name__}")
        return super().forward(*predictions)
