"""The part of scikit-learn a novae user scores domains with: ``sklearn.metrics.adjusted_rand_score`` and
``normalized_mutual_info_score`` (computed in Java, ``dev.sslheads.metrics.ClusteringScores``, checked against
scikit-learn). Nothing else of scikit-learn exists here."""
from . import metrics

__all__ = ["metrics"]
