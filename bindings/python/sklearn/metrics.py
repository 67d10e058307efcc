"""``sklearn.metrics``' clustering scores on label sequences (strings, numbers, a Tablesaw column's values):
``adjusted_rand_score(labels_true, labels_pred)`` and ``normalized_mutual_info_score(labels_true, labels_pred)``
(arithmetic normalisation, scikit-learn's default). Labels are compared as strings. Differences: a missing label
(``None``, e.g. an invalid cell's domain) raises ``ValueError`` naming its position; scikit-learn would count NaN as
a label or fail on mixed types."""
import java

from sslheads._host import call

_Scores = java.type("dev.sslheads.metrics.ClusteringScores")
_StringArray = java.type("java.lang.String[]")

__all__ = ["adjusted_rand_score", "normalized_mutual_info_score"]


def _labels(name, labels):
    if isinstance(labels, (str, bytes)):
        raise TypeError(f"{name} must be a sequence of labels, got a string")
    out = []
    for i, label in enumerate(labels):
        if label is None or (isinstance(label, float) and label != label):
            raise ValueError(f"{name} has a missing label at position {i}: drop those cells first (e.g. invalid cells)")
        out.append(str(label))
    array = _StringArray(len(out))
    for i, label in enumerate(out):
        array[i] = label
    return array


def _pair(labels_true, labels_pred):
    a, b = _labels("labels_true", labels_true), _labels("labels_pred", labels_pred)
    if len(a) != len(b):
        raise ValueError(f"labels_true and labels_pred must have the same length, got {len(a)} and {len(b)}")
    if not a:
        raise ValueError("labels_true and labels_pred must not be empty")
    return a, b


def adjusted_rand_score(labels_true, labels_pred):
    """The adjusted Rand index of two labellings of the same items (1 = identical up to names, about 0 = chance)."""
    a, b = _pair(labels_true, labels_pred)
    return float(call(_Scores.adjustedRandIndex, a, b))


def normalized_mutual_info_score(labels_true, labels_pred):
    """The mutual information of two labellings normalised by the arithmetic mean of their entropies."""
    a, b = _pair(labels_true, labels_pred)
    return float(call(_Scores.normalizedMutualInfo, a, b))
