"""``pyagc.clusters.BaseClusterHead``: what every cluster head offers."""
from sslheads.nn import Module

__all__ = ["BaseClusterHead"]


class BaseClusterHead(Module):
    """A cluster head: ``forward(...)`` returns the loss (or a tuple of losses), ``cluster(z, soft)``
    returns hard labels ``(N,)`` or soft assignments ``(N, K)`` without gradients; ``predict`` is
    ``cluster``."""

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must define forward()")

    def cluster(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must define cluster()")

    @property
    def predict(self):
        """Alias of :meth:`cluster`."""
        return self.cluster
