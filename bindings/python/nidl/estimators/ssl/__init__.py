"""nidl's self-supervised estimators: ``YAwareContrastiveLearning`` (and ``ViewLoader``, its data)."""
from .yaware import ViewLoader, YAwareContrastiveLearning

__all__ = ["ViewLoader", "YAwareContrastiveLearning"]
