"""pyagc's INC head through the Python API: parity with the golden cases, a short training loop, bad input."""
import json
import math
import os
import unittest

import sslheads as sh
from sslheads import nn, optim
import pyagc
from pyagc.clusters import BaseClusterHead, INCClusterHead

GOLDEN = os.path.join("..", "lib", "src", "test", "resources", "golden", "pyagc")
TOL = 1e-5


def flat(values):
    if isinstance(values, (list, tuple)):
        return [x for v in values for x in flat(v)]
    return [values]


def inc_cases():
    return sorted(n for n in os.listdir(GOLDEN) if n.startswith("inc_") and n.endswith(".json"))


class ParityTest(unittest.TestCase):
    def assertClose(self, expected, actual, what, atol=TOL, rtol=0.0):
        e, a = flat(expected), flat(actual)
        self.assertEqual(len(e), len(a), f"{what}: size")
        worst = max((abs(x - y) - (atol + rtol * abs(x)) for x, y in zip(e, a)), default=-1)
        self.assertLessEqual(worst, 0.0, f"{what}: off by {worst + atol:.3g} beyond tolerance")

    def test_every_golden_case(self):
        cases = inc_cases()
        self.assertGreaterEqual(len(cases), 6)
        for name in cases:
            with open(os.path.join(GOLDEN, name), encoding="utf-8") as f:
                g = json.load(f)
            with self.subTest(case=name), INCClusterHead(g["K"], g["d"], g["alpha"]) as head:
                head.reset_cluster_centers(g["init_centers"])
                z = sh.tensor(g["z"], requires_grad=True)
                loss = head(z)
                self.assertClose(g["loss"], loss.item(), "loss", rtol=TOL)
                loss.backward()
                self.assertClose(g["grad_z"], z.grad.tolist(), "grad z", rtol=1e-4)
                self.assertClose(g["grad_centers"], head.cluster_centers.grad.tolist(), "grad centres", rtol=1e-4)
                head.gradient_normalize()
                self.assertClose(g["grad_normalized"], head.cluster_centers.grad.tolist(), "gradient_normalize",
                                 atol=TOL * 0.2 * g["alpha"], rtol=1e-4)  # rows of norm 0.2 alpha
                x = z.detach()
                self.assertEqual(g["labels"], head.cluster(x).tolist(), "hard labels")
                self.assertEqual(g["labels"], head.predict(x, soft=False).tolist(), "predict is cluster")
                self.assertClose(g["soft"], head.cluster(x, soft=True).tolist(), "soft assignments", atol=1e-6)
                self.assertClose(g["computed_centers"], head.compute_cluster_center().tolist(), "compute_cluster_center")
                head.reset_cluster_centers(g["reset_input"])
                self.assertClose(g["reset_centers"], head.cluster_centers.tolist(), "reset_cluster_centers")

    def test_api_shape(self):
        self.assertIs(pyagc.clusters.INCClusterHead, INCClusterHead)
        with INCClusterHead(n_clusters=3, n_features=4) as head:
            self.assertIsInstance(head, BaseClusterHead)
            self.assertEqual((3, 4, 0.001), (head.n_clusters, head.n_features, head.alpha))
            self.assertEqual([head.cluster_centers], list(head.parameters()))
            self.assertIn("IncClusterHead(nClusters=3, nFeatures=4, alpha=0.001", repr(head))
            norms = head.cluster_centers.norm(dim=1).tolist()
            self.assertClose([1.0] * 3, norms, "unit centres")
            soft = head.cluster(sh.randn(5, 4), soft=True)
            self.assertClose([1.0] * 5, soft.sum(dim=1).tolist(), "soft rows sum to 1", atol=1e-6)


class TrainingTest(unittest.TestCase):
    def test_loss_falls_and_centres_stay_unit(self):
        """pyagc-style fine-tuning: loss.backward(), gradient_normalize(), step(), normalize_cluster_centers()."""
        sh.manual_seed(3)
        blobs = sh.randn(4, 8) * 3.0
        x = sh.cat([blobs[i:i + 1] + sh.randn(30, 8) * 0.3 for i in range(4)])
        encoder = nn.MLP(8, 16, 6)
        head = INCClusterHead(4, 6, seed=1)
        with sh.no_grad():
            head.reset_cluster_centers(encoder(x)[0:120:30])
        optimizer = optim.Adam(list(encoder.parameters()) + list(head.parameters()), lr=1e-2)
        losses = []
        for _ in range(30):
            loss = head(encoder(x))
            loss.backward()
            head.gradient_normalize()
            optimizer.step()
            optimizer.zero_grad()
            head.normalize_cluster_centers()
            losses.append(loss.item())
        self.assertLess(losses[-1], 0.5 * losses[0], f"loss should fall: {losses[0]} -> {losses[-1]}")
        self.assertClose([1.0] * 4, head.cluster_centers.norm(dim=1).tolist())
        head.close()

    def assertClose(self, expected, actual, atol=1e-5):
        for e, a in zip(expected, actual):
            self.assertLessEqual(abs(e - a), atol, f"{expected} vs {actual}")


class BadInputTest(unittest.TestCase):
    def setUp(self):
        self.head = INCClusterHead(3, 4, seed=2)
        self.before = self.head.cluster_centers.tolist()

    def tearDown(self):
        if not self.head._head.isClosed():
            self.assertEqual(self.before, self.head.cluster_centers.tolist(), "centres unchanged by rejected calls")
            self.head.close()
        with INCClusterHead(3, 4) as head:  # the context keeps working
            self.assertTrue(math.isfinite(head(sh.randn(5, 4)).item()))

    def test_constructor(self):
        with self.assertRaisesRegex(TypeError, "n_clusters must be an int, got str '3'"):
            INCClusterHead("3", 4)
        with self.assertRaisesRegex(TypeError, "n_features must be an int, got float"):
            INCClusterHead(3, 4.0)
        with self.assertRaisesRegex(TypeError, "alpha must be a number, got NoneType"):
            INCClusterHead(3, 4, None)
        with self.assertRaisesRegex(ValueError, "^n_clusters must be >= 1, got 0$"):
            INCClusterHead(0, 4)
        with self.assertRaisesRegex(ValueError, "^n_features must be >= 1, got -2$"):
            INCClusterHead(3, -2)
        with self.assertRaisesRegex(ValueError, "^alpha must be a finite number > 0, got 0.0$"):
            INCClusterHead(3, 4, 0.0)
        with self.assertRaisesRegex(ValueError, "^alpha must be a finite number > 0, got NaN$"):
            INCClusterHead(3, 4, float("nan"))
        with self.assertRaisesRegex(ValueError, "alpha must be a finite number > 0, got -1.0"):
            INCClusterHead(3, 4, alpha=-1)

    def test_reset_cluster_centers(self):
        with self.assertRaisesRegex(ValueError, r"cluster_centers must have shape \(n_clusters, n_features\)=\(3, 4\), got \(4, 3\)"):
            self.head.reset_cluster_centers(sh.ones(4, 3))
        with self.assertRaisesRegex(ValueError, "cluster_centers must contain only finite values"):
            self.head.reset_cluster_centers([[1.0, 2.0, float("nan"), 0.0]] * 3)
        with self.assertRaisesRegex(TypeError, "cluster_centers must be a tensor, a number, a \\(nested\\) list"):
            self.head.reset_cluster_centers("centres")
        with self.assertRaisesRegex(TypeError, "cluster_centers must be a floating-point tensor, got dtype int64"):
            self.head.reset_cluster_centers(sh.tensor([[1] * 4] * 3, dtype="int64"))

    def test_forward_and_cluster(self):
        for call in (self.head, self.head.cluster, lambda z: self.head.cluster(z, soft=True)):
            with self.assertRaisesRegex(ValueError, r"^z must have 4 columns, got shape \(2, 5\)$"):
                call(sh.ones(2, 5))
            with self.assertRaisesRegex(ValueError, r"^z must be a 2-D array \(B, D\), got shape \(4\)$"):
                call(sh.ones(4))
            with self.assertRaisesRegex(ValueError, "z must contain only finite values, got NaN or Inf"):
                call([[0.0, 1.0, float("inf"), 2.0]])
            with self.assertRaisesRegex(TypeError, "z must be a tensor, a \\(nested\\) list of numbers or a buffer, got None"):
                call(None)
        with self.assertRaisesRegex(TypeError, "soft must be a bool, got int 1"):
            self.head.cluster(sh.ones(2, 4), soft=1)

    def test_gradient_normalize(self):
        with self.assertRaisesRegex(ValueError, "^row_norm must be a finite number > 0, got -1.0$"):
            self.head.gradient_normalize(row_norm=-1)
        with self.assertRaisesRegex(TypeError, "row_norm must be a number, got str"):
            self.head.gradient_normalize("0.1")

    def test_closed_head(self):
        self.head.close()
        with self.assertRaisesRegex(ValueError, "INCClusterHead is closed"):
            self.head(sh.ones(2, 4))
        with self.assertRaisesRegex(ValueError, "INCClusterHead is closed"):
            self.head.cluster_centers


if __name__ == "__main__":
    unittest.main()
