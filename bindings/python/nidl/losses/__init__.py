"""nidl's losses: ``YAwareInfoNCE`` and its ``KernelMetric``."""
from .yaware_infonce import KernelMetric, YAwareInfoNCE

__all__ = ["KernelMetric", "YAwareInfoNCE"]
