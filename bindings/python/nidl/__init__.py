"""nidl's y-Aware contrastive learning on the JVM: ``nidl.losses.YAwareInfoNCE``,
``nidl.losses.KernelMetric`` and ``nidl.estimators.ssl.YAwareContrastiveLearning``.

Same import paths, argument names and defaults as nidl; tensors are ``sslheads`` Tensors and every
number is computed in Java (sslheads-lib's ``dev.sslheads.yaware`` on DJL). This package only names
and converts.
"""
from . import estimators, losses

__all__ = ["estimators", "losses"]
