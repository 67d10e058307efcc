"""``sklearn.metrics``' two clustering scores under GraalPy, against Debian's scikit-learn on the same labels."""
import json
import unittest

from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

CASES = [
    (["a", "a", "b", "b", "c"], ["x", "x", "y", "z", "z"]),
    ([0, 0, 1, 2, 2, 2, 1], [1, 1, 0, 0, 2, 2, 0]),
    (["D1", "D1", "D1"], ["D7", "D8", "D9"]),
]


def scikit_learn(cases):
    import java

    code = ("import json, sys; from sklearn.metrics import adjusted_rand_score as a, normalized_mutual_info_score as n; "
            "print(json.dumps([[a(t, p), n(t, p)] for t, p in json.loads(sys.argv[1])]))")
    builder = java.type("java.lang.ProcessBuilder")(["/usr/bin/python3", "-c", code, json.dumps([[list(map(str, t)), list(map(str, p))]
                                                                                                  for t, p in cases])])
    process = builder.start()
    out = str(java.type("java.lang.String")(process.getInputStream().readAllBytes()))
    assert process.waitFor() == 0, out
    return json.loads(out)


class MetricsTest(unittest.TestCase):
    def test_scores_match_scikit_learn(self):
        for (truth, pred), (ari, nmi) in zip(CASES, scikit_learn(CASES)):
            self.assertAlmostEqual(adjusted_rand_score(truth, pred), ari, places=12)
            self.assertAlmostEqual(normalized_mutual_info_score(truth, pred), nmi, places=12)

    def test_bad_labels(self):
        with self.assertRaisesRegex(ValueError, "labels_pred has a missing label at position 1"):
            adjusted_rand_score(["a", "b"], ["a", None])
        with self.assertRaisesRegex(ValueError, "the same length, got 2 and 1"):
            normalized_mutual_info_score(["a", "b"], ["a"])
        with self.assertRaisesRegex(TypeError, "labels_true must be a sequence of labels"):
            adjusted_rand_score("ab", ["a", "b"])


if __name__ == "__main__":
    unittest.main()
