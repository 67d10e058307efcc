"""``novae.utils.Mode``, backed by the Java ``dev.sslheads.swav.Mode`` that heads read."""
import java

from sslheads._host import call

_JavaMode = java.type("dev.sslheads.swav.Mode")

__all__ = ["Mode"]


def _flag(getter, setter, doc):
    def get(self):
        return bool(getattr(self._java, getter)())

    def set(self, value):
        if not isinstance(value, bool):
            raise TypeError(f"Mode flags must be bool, got {type(value).__name__} {value!r}")
        getattr(self._java, setter)(value)

    return property(get, set, doc=doc)


class Mode:
    """novae's model mode: zero_shot, trained, pretrained, multimodal (all False at first).

    A head keeps the Mode it was built with: changing ``mode.zero_shot`` switches the head to its
    k-means prototypes and its zero-shot clustering cache, as in novae.
    """

    zero_shot_clustering_attrs = ["_clustering_zero", "_clusters_levels_zero"]
    normal_clustering_attrs = ["_clustering", "_clusters_levels"]
    all_clustering_attrs = normal_clustering_attrs + zero_shot_clustering_attrs

    __slots__ = ("_java",)

    def __init__(self):
        self._java = _JavaMode()

    @classmethod
    def _wrap(cls, java_mode):
        mode = cls.__new__(cls)
        mode._java = java_mode
        return mode

    zero_shot = _flag("zeroShot", "setZeroShot", "Leaves come from the k-means prototypes.")
    trained = _flag("trained", "setTrained", "The model has been trained.")
    pretrained = _flag("pretrained", "setPretrained", "The model was loaded from pretrained weights.")
    multimodal = _flag("multimodal", "setMultimodal", "The model uses several modalities.")

    @property
    def clustering_attr(self):
        return "_clustering_zero" if self.zero_shot else "_clustering"

    @property
    def clusters_levels_attr(self):
        return "_clusters_levels_zero" if self.zero_shot else "_clusters_levels"

    def from_pretrained(self):
        """zero_shot=False, trained=True, pretrained=True."""
        self._java.fromPretrained()

    def fine_tune(self):
        """Requires a pretrained model (AssertionError otherwise, like novae), then zero_shot=False."""
        try:
            call(self._java.fineTune)
        except RuntimeError as error:
            raise AssertionError(str(error)) from None

    def fit(self):
        """zero_shot=False, trained=False."""
        self._java.fit()

    def __repr__(self):
        return (f"Mode(zero_shot={self.zero_shot}, trained={self.trained}, pretrained={self.pretrained}, "
                f"multimodal={self.multimodal})")
