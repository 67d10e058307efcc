"""nidl's y-Aware API through GraalPy: golden parity of KernelMetric and YAwareInfoNCE (loss and
gradients of both views), a short fit with validation, transform, and bad input raising Python's
natural exceptions with messages in nidl's argument names."""
import json
import math
import os
import unittest

import sslheads as sh
from sslheads import nn
from nidl.estimators.ssl import ViewLoader, YAwareContrastiveLearning
from nidl.losses import KernelMetric, YAwareInfoNCE

GOLDEN = os.path.join("..", "lib", "src", "test", "resources", "golden", "nidl")
TOL = 1e-5


def golden(name):
    with open(os.path.join(GOLDEN, name), encoding="utf-8") as f:
        return json.load(f)["cases"]


def flat(values):
    if isinstance(values, (list, tuple)):
        return [x for v in values for x in flat(v)]
    return [values]


class ParityTest(unittest.TestCase):
    def assertAllClose(self, what, expected, actual, tol):
        expected, actual = flat(expected), flat(actual)
        self.assertEqual(len(expected), len(actual), what)
        for i, (e, a) in enumerate(zip(expected, actual)):
            self.assertLessEqual(abs(e - a), tol, f"{what}[{i}]: {a} vs {e}")

    def test_kernel_matrices(self):
        cases = golden("kernel_matrices.json")
        self.assertEqual(30, len(cases))
        for c in cases:
            metric = KernelMetric(c["kernel"], c["bandwidth"]).fit(c["y"])
            self.assertEqual(len(c["y"]), metric.n_)
            self.assertAllClose(c["kernel"] + "/" + c["kind"] + " inv", c["inv_sqr_bandwidth"], metric.inv_sqr_bandwidth_.tolist(), 1e-12)
            self.assertAllClose(c["kernel"] + "/" + c["kind"], c["pairwise"], metric.pairwise(c["y"]).tolist(), 1e-7)
            metric.close()

    def test_losses_and_gradients(self):
        for c in golden("losses.json"):
            bandwidth = c["bandwidth"]
            kernel = c["kernel"] or "gaussian"
            normalization = "rows" if c["rows"] else "nidl"
            if isinstance(bandwidth, str):
                bandwidth = KernelMetric(kernel, bandwidth).fit(flat([c["labels"], c["labels"]]) if not isinstance(c["labels"][0], list)
                                                                 else c["labels"] + c["labels"])
            loss_fn = YAwareInfoNCE(kernel, 1.0 if bandwidth is None else bandwidth, c["temperature"], weight_normalization=normalization)
            z1 = sh.tensor(c["z1"], requires_grad=True)
            z2 = sh.tensor(c["z2"], requires_grad=True)
            loss = loss_fn(z1, z2, c["labels"])
            loss.backward()
            self.assertLessEqual(abs(loss.item() - c["loss"]), TOL * max(1.0, abs(c["loss"])), c["name"])
            self.assertAllClose(c["name"] + " grad z1", c["grad_z1"], z1.grad.tolist(), TOL)
            self.assertAllClose(c["name"] + " grad z2", c["grad_z2"], z2.grad.tolist(), TOL)


class EstimatorTest(unittest.TestCase):
    def test_fit_with_labels_and_validation_then_transform(self):
        sh.manual_seed(0)
        x = sh.randn(48, 6)
        y = [float(i % 5) for i in range(48)]
        model = YAwareContrastiveLearning(nn.MLP, encoder_kwargs={"in_features": 6, "hidden_features": 16, "out_features": 4},
                                          proj_input_dim=4, proj_hidden_dim=8, proj_output_dim=3, bandwidth=0.5, learning_rate=1e-2,
                                          lr_scheduler_kwargs={"warmup_epochs": 1}, max_epochs=3)
        train = ViewLoader(x, y=y, augmentation=nn.NoiseDropout(0.1, 0.1), batch_size=16)
        val = ViewLoader(x, X2=x * 1.1, batch_size=16, shuffle=False)
        self.assertEqual(3, len(train))
        self.assertIs(model, model.fit(train, val))
        self.assertEqual([0, 1, 2], [h["epoch"] for h in model.history_])
        for h in model.history_:
            self.assertTrue(math.isfinite(h["loss/train"]) and math.isfinite(h["loss/val"]) and h["steps"] == 3)
        # warmup over W = 3 steps reaches the base rate at t = 2 (the ramp divides by W - 1), then the cosine over 6 steps
        expected = [1e-2, 0.5e-2 * (1 + math.cos(math.pi * 2 / 6)), 0.5e-2 * (1 + math.cos(math.pi * 5 / 6))]
        for h, lr in zip(model.history_, expected):
            self.assertAlmostEqual(lr, h["lr"], places=12)
        features = model.transform(x, batch_size=20)
        self.assertEqual((48, 4), tuple(features.shape))
        model.close()


class BadInputTest(unittest.TestCase):
    def test_loss_and_metric(self):
        with self.assertRaisesRegex(ValueError, r"kernel must be one of \{gaussian, epanechnikov, exponential, linear, cosine\}, got 'box'"):
            YAwareInfoNCE("box")
        with self.assertRaisesRegex(ValueError, "bandwidth must be a finite number > 0, got -1.0"):
            YAwareInfoNCE(bandwidth=-1)
        with self.assertRaisesRegex(ValueError, "bandwidth must be a finite number > 0, got 0.0"):
            YAwareInfoNCE(bandwidth=0)
        with self.assertRaisesRegex(TypeError, "got str 'scott' \\(wrap a rule in KernelMetric"):
            YAwareInfoNCE(bandwidth="scott")
        with self.assertRaisesRegex(ValueError, "temperature must be a finite number > 0, got 0.0"):
            YAwareInfoNCE(temperature=0)
        with self.assertRaisesRegex(TypeError, "temperature must be a number, got str"):
            YAwareInfoNCE(temperature="0.1")
        with self.assertRaisesRegex(ValueError, "bandwidth matrix must be positive definite"):
            KernelMetric("gaussian", [[1.0, 2.0], [2.0, 1.0]])
        with self.assertRaisesRegex(ValueError, "bandwidth matrix must be symmetric"):
            KernelMetric("gaussian", [[1.0, 0.5], [0.2, 1.0]])
        with self.assertRaisesRegex(ValueError, "bandwidth rule must be one of \\{scott, silverman\\}, got 'auto'"):
            KernelMetric("gaussian", "auto")
        with self.assertRaisesRegex(ValueError, r"bandwidth list must have one entry per label feature \(3\), got 2"):
            KernelMetric("gaussian", [1.0, 2.0]).fit([[1.0, 2.0, 3.0], [2.0, 3.0, 4.0]])
        with self.assertRaisesRegex(ValueError, "weight_normalization must be one of \\{nidl, rows\\}, got 'cols'"):
            YAwareInfoNCE(weight_normalization="cols")
        loss = YAwareInfoNCE()
        z = sh.randn(4, 3)
        with self.assertRaisesRegex(ValueError, r"z1 and z2 must have the same shape \(n, d\), got \(4, 3\) and \(5, 3\)"):
            loss(z, sh.randn(5, 3))
        with self.assertRaisesRegex(ValueError, r"labels must have one row per sample \(4\), got shape \(3\)"):
            loss(z, z, [1.0, 2.0, 3.0])
        with self.assertRaisesRegex(TypeError, "z1 must be a tensor, a \\(nested\\) list of numbers or a buffer, got None"):
            loss(None, z)
        self.assertTrue(math.isfinite(loss(z, z * 2, [1.0, 2.0, 3.0, 4.0]).item()), "still usable")
        unfitted = YAwareInfoNCE(bandwidth=KernelMetric("gaussian", "scott"))
        with self.assertRaisesRegex(ValueError, "the given KernelMetric must be fitted"):
            unfitted(z, z, [1.0, 2.0, 3.0, 4.0])

    def test_estimator(self):
        mlp = nn.MLP(6, 8, 4)
        with self.assertRaisesRegex(ValueError, "max_epochs must be given"):
            YAwareContrastiveLearning(mlp, proj_input_dim=4)
        with self.assertRaisesRegex(TypeError, r"unexpected keyword arguments \['devices'\]"):
            YAwareContrastiveLearning(mlp, proj_input_dim=4, max_epochs=1, devices=2)
        with self.assertRaisesRegex(ValueError, "optimizer must be one of \\{adamW, adam, sgd\\}, got 'lbfgs'"):
            YAwareContrastiveLearning(mlp, proj_input_dim=4, max_epochs=1, optimizer="lbfgs")
        with self.assertRaisesRegex(TypeError, r"optimizer_kwargs got unexpected keys \['betas'\]; supported: \['momentum'\]"):
            YAwareContrastiveLearning(mlp, proj_input_dim=4, max_epochs=1, optimizer="sgd", optimizer_kwargs={"betas": (0.9, 0.99)})
        with self.assertRaisesRegex(ValueError, r"momentum must be in \[0, 1\), got 1.5"):
            YAwareContrastiveLearning(mlp, proj_input_dim=4, max_epochs=1, optimizer="sgd", optimizer_kwargs={"momentum": 1.5})
        with self.assertRaisesRegex(ValueError, "lr_scheduler must be one of \\{warmup_cosine, none\\}, got 'cosine'"):
            YAwareContrastiveLearning(mlp, proj_input_dim=4, max_epochs=1, lr_scheduler="cosine")
        with self.assertRaisesRegex(TypeError, r"lr_scheduler_kwargs got unexpected keys \['warmup'\]"):
            YAwareContrastiveLearning(mlp, proj_input_dim=4, max_epochs=1, lr_scheduler_kwargs={"warmup": 1})
        with self.assertRaisesRegex(ValueError, "interval must be one of \\{step, epoch\\}, got 'batch'"):
            YAwareContrastiveLearning(mlp, proj_input_dim=4, max_epochs=1, lr_scheduler_kwargs={"interval": "batch"})
        with self.assertRaisesRegex(ValueError, "temperature must be a finite number > 0, got -0.1"):
            YAwareContrastiveLearning(mlp, proj_input_dim=4, max_epochs=1, temperature=-0.1)
        with self.assertRaisesRegex(TypeError, "encoder must be an sslheads.nn module"):
            YAwareContrastiveLearning("resnet", max_epochs=1)
        model = YAwareContrastiveLearning(mlp, max_epochs=1)
        x = sh.randn(16, 6)
        with self.assertRaisesRegex(ValueError, r"proj_input_dim must equal the encoder's output size: proj_input_dim=2048"):
            model.fit(ViewLoader(x, X2=x, batch_size=8))
        with self.assertRaisesRegex(ValueError, r"X and X2 must have the same shape, got \(16, 6\) and \(16, 5\)"):
            ViewLoader(x, X2=sh.randn(16, 5))
        with self.assertRaisesRegex(ValueError, r"y must have one row per sample \(16\), got shape \(3\)"):
            ViewLoader(x, y=[1.0, 2.0, 3.0], X2=x, batch_size=8)
        with self.assertRaisesRegex(ValueError, "views must have at least batch_size=256 rows, got 16"):
            ViewLoader(x, X2=x)
        with self.assertRaisesRegex(ValueError, "give either a second view X2 or an augmentation, got neither"):
            ViewLoader(x)
        with self.assertRaisesRegex(TypeError, "train_dataloader must be a nidl.estimators.ssl.ViewLoader, got tuple"):
            model.fit((x, x))


if __name__ == "__main__":
    unittest.main()
