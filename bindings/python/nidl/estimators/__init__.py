"""nidl's estimators (here: ``nidl.estimators.ssl.YAwareContrastiveLearning``)."""
from . import ssl

__all__ = ["ssl"]
