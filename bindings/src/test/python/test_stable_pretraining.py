"""The stable_pretraining guest package: the reference's import paths and conventions, a golden
case through the guest API, autograd and optimizers on the model's parameters, the queue, and bad
input raising TypeError / ValueError with messages in the reference's argument names."""
import json
import math
import os
import unittest

import sslheads as sh
from sslheads import nn, optim
import stable_pretraining
from stable_pretraining.losses import SwAVLoss
from stable_pretraining.methods import SwAV, SwAVOutput

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "lib", "src", "test", "resources", "golden",
                      "stable_pretraining")


def small_model(**kwargs):
    sh.manual_seed(0)
    return SwAV(nn.MLP(6, 8, 5), projector_dims=(8, 4), n_prototypes=7, **kwargs)


class StablePretrainingTest(unittest.TestCase):
    def setUp(self):
        self.model = small_model()

    def tearDown(self):
        self.model.close()

    def test_import_paths_and_defaults(self):
        self.assertIs(stable_pretraining.SwAVLoss, SwAVLoss)
        self.assertIs(stable_pretraining.methods.SwAV, SwAV)
        loss = SwAVLoss()
        self.assertEqual((loss.temperature, loss.sinkhorn_iterations, loss.epsilon), (0.1, 3, 0.05))
        self.assertEqual(repr(loss), "SwAVLoss(temperature=0.1, sinkhorn_iterations=3, epsilon=0.05)")

    def test_loss_matches_the_golden_case(self):
        with open(os.path.join(GOLDEN, "swav_loss_queue.json")) as f:
            g = json.load(f)
        prototypes = sh.tensor(g["prototypes_raw"])
        details = SwAVLoss(g["temperature"], g["sinkhorn_iterations"], g["epsilon"]).forward_details(
            sh.tensor(g["proj1"]), sh.tensor(g["proj2"]), prototypes, sh.tensor(g["queue"]))
        self.assertAlmostEqual(details.loss.item(), g["loss"], delta=1e-5)
        for got, want in ((details.codes1, g["codes1"]), (details.codes2, g["codes2"]),
                          (prototypes, g["prototypes_normalized"])):
            worst = max(abs(a - b) for ra, rb in zip(got.tolist(), want) for a, b in zip(ra, rb))
            self.assertLess(worst, 1e-5)

    def test_three_calling_conventions(self):
        v1, v2 = sh.randn(4, 6), sh.randn(4, 6)
        out = self.model(v1, v2)
        self.assertIsInstance(out, SwAVOutput)
        self.assertEqual((out.loss.shape, out.embedding.shape, out.projection.shape), ((), (8, 5), (8, 4)))
        multi = self.model(global_views=[v1, v2], local_views=[sh.randn(4, 6)] * 3)
        self.assertEqual((multi.embedding.shape, multi.projection.shape), ((8, 5), (20, 4)))
        self.assertTrue(math.isfinite(multi.loss.item()))
        norms = (multi.projection * multi.projection).sum(1).tolist()
        self.assertTrue(all(abs(n - 1) < 1e-5 for n in norms), "projections are L2-normalised")
        for ev in (self.model(images=v1), self.model(v1)):
            self.assertEqual((ev.loss.item(), ev.embedding.shape, ev.projection), (0.0, (4, 5), None))

    def test_one_optimizer_step_moves_every_part(self):
        params = list(self.model.parameters())
        self.assertEqual(len(params), 6 + 6 + 1, "MLP (3 Linear), projector (2 Linear, BatchNorm gamma and beta), prototypes")
        before = [p.tolist() for p in params]
        optimizer = optim.AdamW(self.model.parameters(), lr=1e-2)
        out = self.model(global_views=[sh.randn(8, 6), sh.randn(8, 6)], local_views=[sh.randn(8, 6)])
        out.loss.backward()
        self.assertIsNotNone(self.model.prototypes.weight.grad)
        optimizer.step()
        optimizer.zero_grad()
        self.assertTrue(all(b != p.tolist() for b, p in zip(before, params)), "every parameter moved")

    def test_queue_of_the_functional_forward(self):
        self.assertIsNone(self.model.queue)
        self.model.enable_queue(queue_length=20, start_queue_at_epoch=1)
        views = [sh.randn(4, 6), sh.randn(4, 6)]
        self.model.functional_forward(views, 0)
        self.assertEqual(self.model.queue.shape, (8, 4))
        self.model.functional_forward(views, 1)
        self.model.functional_forward(views, 1)
        self.assertEqual(self.model.queue.shape, (20, 4), "wrapped: the whole buffer")
        self.model.disable_queue()
        self.assertIsNone(self.model.queue)

    def test_java_fit_and_assign(self):
        x = sh.randn(64, 6)
        losses = self.model.fit(x, epochs=2, batch_size=16, freeze_prototypes_mode="skip")
        self.assertEqual(len(losses), 2)
        clusters = self.model.assign(x)
        self.assertEqual(len(clusters), 64)
        self.assertTrue(all(0 <= c < 7 for c in clusters))

    def test_bad_constructor_arguments(self):
        with self.assertRaisesRegex(ValueError, "encoder_name must be an sslheads nn module .* got 'vit_small_patch16_224'"):
            SwAV()
        with self.assertRaisesRegex(TypeError, "encoder_name must be an sslheads nn.MLP, got int"):
            SwAV(3)
        with self.assertRaisesRegex(ValueError, "pretrained=True needs timm weights"):
            SwAV(nn.MLP(6, 8, 5), pretrained=True)
        with self.assertRaisesRegex(ValueError, r"projector_dims must be \(hidden, output\), got \(8,\)"):
            SwAV(nn.MLP(6, 8, 5), projector_dims=(8,))
        with self.assertRaisesRegex(ValueError, r"projector_dims\[1\] must be >= 1, got -4"):
            SwAV(nn.MLP(6, 8, 5), projector_dims=(8, -4))
        with self.assertRaisesRegex(ValueError, "n_prototypes must be >= 1, got 0"):
            SwAV(nn.MLP(6, 8, 5), n_prototypes=0)
        with self.assertRaisesRegex(TypeError, "n_prototypes must be an int, got float"):
            SwAV(nn.MLP(6, 8, 5), n_prototypes=3.0)
        with self.assertRaisesRegex(ValueError, "sinkhorn_iterations must be >= 1, got 0"):
            SwAVLoss(sinkhorn_iterations=0)
        with self.assertRaisesRegex(ValueError, "epsilon must be a finite number > 0, got -0.05"):
            SwAVLoss(epsilon=-0.05)
        with self.assertRaisesRegex(ValueError, "temperature must be a finite number > 0, got 0.0"):
            SwAV(nn.MLP(6, 8, 5), temperature=0)
        with self.assertRaisesRegex(TypeError, "low_resolution must be a bool, got str"):
            SwAV(nn.MLP(6, 8, 5), low_resolution="no")

    def test_bad_forward_arguments(self):
        with self.assertRaisesRegex(ValueError, r"SwAV.forward needs either \(view1, view2\)"):
            self.model()
        with self.assertRaisesRegex(ValueError, "global_views must hold at least 1 view, got 0"):
            self.model(global_views=[], local_views=[sh.randn(4, 6)])
        with self.assertRaisesRegex(ValueError, "every view must have the same number of rows 4, got shape \\(5, 6\\)"):
            self.model(sh.randn(4, 6), sh.randn(5, 6))
        with self.assertRaisesRegex(TypeError, "global_views must be a list of tensors, got str"):
            self.model(global_views="ab")
        with self.assertRaisesRegex(ValueError, "must have at least 2 rows \\(BatchNorm in training mode\\)"):
            self.model(sh.randn(1, 6), sh.randn(1, 6))
        with self.assertRaisesRegex(ValueError, "proj1 and proj2 must have the same shape"):
            SwAVLoss()(sh.randn(4, 4), sh.randn(3, 4), self.model.prototypes)
        with self.assertRaisesRegex(ValueError, "queue_feats must have 4 columns, got shape \\(9, 2\\)"):
            SwAVLoss()(sh.randn(4, 4), sh.randn(4, 4), self.model.prototypes, sh.randn(9, 2))
        with self.assertRaisesRegex(ValueError, "queue_length must be >= 1, got 0"):
            self.model.enable_queue(0, 0)
        with self.assertRaisesRegex(ValueError, "start_queue_at_epoch must be >= 0, got -1"):
            self.model.enable_queue(8, -1)
        with self.assertRaisesRegex(ValueError, "epoch must be >= 0, got -1"):
            self.model.functional_forward([sh.randn(4, 6), sh.randn(4, 6)], -1)
        with self.assertRaisesRegex(ValueError, "freeze_prototypes_mode must be 'zero_grad' or 'skip', got 'never'"):
            self.model.fit(sh.randn(32, 6), epochs=1, batch_size=16, freeze_prototypes_mode="never")
        with self.assertRaisesRegex(ValueError, "batch_size must be >= 2, got 1"):
            self.model.fit(sh.randn(32, 6), epochs=1, batch_size=1)
        # the model still works
        self.assertTrue(math.isfinite(self.model(sh.randn(4, 6), sh.randn(4, 6)).loss.item()))

    def test_closed_model(self):
        model = small_model()
        model.close()
        with self.assertRaisesRegex(ValueError, "SwAV"):
            model(sh.randn(4, 6), sh.randn(4, 6))


if __name__ == "__main__":
    unittest.main()
