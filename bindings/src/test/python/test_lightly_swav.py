"""lightly's SwaVLoss / SwaVProjectionHead / SwaVPrototypes / MemoryBankModule and fmcib's SwaV from
GraalPy: the reference's numbers on a golden case, the seed's rules, and bad input as Python's
natural exceptions with messages naming the argument."""
import json
import math
import os
import unittest

import sslheads as torch
from sslheads import nn, optim
from lightly.loss import SwaVLoss
from lightly.models.modules import MemoryBankModule, SwaVProjectionHead, SwaVPrototypes
from fmcib.ssl.losses import SwaVLoss as FmcibSwaVLoss
from fmcib.ssl.modules import SwaV

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "lib", "src", "test", "resources",
                      "golden", "lightly")


def golden(name):
    with open(os.path.join(GOLDEN, name + ".json")) as f:
        return json.load(f)


def close(a, b, tol=1e-5):
    return all(abs(x - y) <= tol for x, y in zip(torch.tensor(a).reshape(-1).tolist(), torch.tensor(b).reshape(-1).tolist()))


class LightlySwavTest(unittest.TestCase):
    def test_loss_and_codes_match_the_reference(self):
        # torch reference of lightly_swav_goldens.py, 2 high + 6 low crops with the queue in use
        step = golden("swav_b8_h2_l6_bias_queue20_start1")["steps"][4]["heads"][0]
        criterion = SwaVLoss()
        high = [torch.tensor(s) for s in step["high_scores"]]
        low = [torch.tensor(s) for s in step["low_scores"]]
        queue = [torch.tensor(s) for s in step["queue_scores"]]
        self.assertAlmostEqual(criterion(high, low, queue).item(), step["loss"], delta=1e-5)
        self.assertTrue(close(criterion.sinkhorn(high[1], queue[1]), step["codes"][1]))
        self.assertAlmostEqual(criterion(high, low).item(), SwaVLoss(sinkhorn_gather_distributed=True)(high, low).item(), delta=1e-6)

    def test_memory_bank_returns_the_bank_before_the_update_and_wraps(self):
        bank = MemoryBankModule(size=5)
        self.assertIsNone(bank.bank)
        out, before = bank(torch.ones(3, 2), update=True)
        self.assertEqual(before.shape, (2, 5))
        self.assertTrue(close(before.norm(dim=0), [1.0] * 5, 1e-6))
        self.assertEqual(bank.bank_ptr, 3)
        _, snapshot = bank(torch.full((3, 2), 2.0), update=True)  # 3 + 3 >= 5: 2 rows written, pointer wraps
        self.assertEqual(snapshot[:, 0:3].tolist(), [[1.0] * 3] * 2)
        self.assertEqual(bank.bank[:, 3:5].tolist(), [[2.0] * 2] * 2)
        self.assertEqual(bank.bank_ptr, 0)
        self.assertEqual(MemoryBankModule(size=0)(torch.ones(2, 2))[1], None)
        with self.assertRaisesRegex(ValueError, "size must be >= 0, got -1"):
            MemoryBankModule(size=-1)
        with self.assertRaisesRegex(TypeError, "update must be a bool"):
            bank(torch.ones(3, 2), update=1)

    def test_prototypes_heads_bias_and_freezing(self):
        one = SwaVPrototypes(4, 6, n_steps_frozen_prototypes=2)
        self.assertEqual(one(torch.randn(3, 4), step=0).shape, (3, 6))
        self.assertFalse(any(p.requires_grad for p in one.parameters()), "frozen at step 0")
        one(torch.randn(3, 4), step=2)
        self.assertTrue(all(p.requires_grad for p in one.parameters()))
        self.assertEqual(len(list(SwaVPrototypes(4, 6, bias=False).parameters())), 1)
        several = SwaVPrototypes(4, [3, 5])
        self.assertEqual([s.shape for s in several(torch.randn(2, 4))], [(2, 3), (2, 5)])
        with self.assertRaisesRegex(ValueError, "step must be given .* got null"):
            one(torch.randn(3, 4))
        with self.assertRaisesRegex(ValueError, "n_prototypes\\[i\\] must be >= 1, got 0"):
            SwaVPrototypes(4, [3, 0])
        with self.assertRaisesRegex(TypeError, "bias must be a bool"):
            SwaVPrototypes(4, 3, bias="yes")
        with self.assertRaisesRegex(ValueError, "x must have 4 columns, got shape \\(2, 5\\)"):
            one(torch.randn(2, 5), step=3)
        head = SwaVProjectionHead(8, 4, 3)
        self.assertEqual(head(torch.randn(5, 8)).shape, (5, 3))
        with self.assertRaisesRegex(ValueError, "hidden_dim must be >= 1, got 0"):
            SwaVProjectionHead(8, 0, 3)

    def test_fmcib_swav_rules_and_training(self):
        torch.manual_seed(0)
        backbone = nn.MLP(6, 16, 8)
        model = SwaV(backbone, num_ftrs=8, out_dim=4, n_prototypes=10, n_queues=2, queue_length=8, start_queue_at_epoch=1,
                     n_steps_frozen_prototypes=1)
        criterion = SwaVLoss()
        optimizer = optim.Adam(model.parameters(), lr=1e-3)
        high, low = [torch.randn(4, 6), torch.randn(4, 6)], [torch.randn(4, 6)]
        queued = []
        for epoch in (0, 0, 1):
            high_scores, low_scores, queue_scores = model((high, low), epoch=epoch)
            queued.append(queue_scores is not None)
            loss = criterion(high_scores, low_scores, queue_scores)
            self.assertTrue(math.isfinite(loss.item()))
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            self.assertEqual(all(p.requires_grad for p in model.prototypes_parameters), epoch >= 1)
        self.assertEqual(queued, [False, False, True], "queue used once filled (8) and from epoch 1")
        self.assertEqual(model.num_features_queued, 12)
        self.assertEqual(queue_scores[0].shape, (8, 10))
        self.assertEqual(model._subforward(high[0]).shape, (4, 4))
        triple = model((high, low), epoch=2)
        self.assertAlmostEqual(FmcibSwaVLoss()(triple).item(), criterion(*triple).item(), delta=1e-6)
        with self.assertRaisesRegex(TypeError, "predictions must be the SwaV output triple"):
            FmcibSwaVLoss()(triple[:2])

        with self.assertRaisesRegex(ValueError, "high must hold n_queues = 2 .* got 3"):
            model(([high[0]] * 3, low), epoch=2)
        with self.assertRaisesRegex(ValueError, "epoch must be given .* got null"):
            model((high, low))
        self.assertEqual(model.num_features_queued, 16, "rejected calls leave the queues alone")
        with self.assertRaisesRegex(TypeError, "input must be a pair"):
            model(high[0], epoch=2)
        with self.assertRaisesRegex(TypeError, "epoch must be an int, got str"):
            model((high, low), epoch="2")
        with self.assertRaisesRegex(TypeError, "backbone must be a host-backed module"):
            SwaV(None, 8, 4, 10, 2, 8)
        with self.assertRaisesRegex(ValueError, "n_queues must be >= 0, got -1"):
            SwaV(backbone, 8, 4, 10, -1)
        with self.assertRaisesRegex(ValueError, "queue_length must be >= 1, got 0"):
            SwaV(backbone, 8, 4, 10, 2)
        with self.assertRaisesRegex(ValueError, "num_ftrs must be >= 2, got 1"):
            SwaV(backbone, 1, 4, 10, 0)
        with self.assertRaisesRegex(TypeError, "n_prototypes must be an int, got float"):
            SwaV(backbone, 8, 4, 10.0, 0)

    def test_loss_bad_input(self):
        criterion = SwaVLoss()
        s = torch.randn(4, 6)
        with self.assertRaisesRegex(ValueError, "temperature must be a finite number > 0, got 0.0"):
            SwaVLoss(temperature=0)
        with self.assertRaisesRegex(ValueError, "sinkhorn_iterations must be >= 1, got 0"):
            SwaVLoss(sinkhorn_iterations=0)
        with self.assertRaisesRegex(ValueError, "sinkhorn_epsilon must be a finite number > 0"):
            SwaVLoss(sinkhorn_epsilon=-1)
        with self.assertRaisesRegex(TypeError, "sinkhorn_iterations must be an int, got float"):
            SwaVLoss(sinkhorn_iterations=3.0)
        with self.assertRaisesRegex(ValueError, "at least 2 crops in all"):
            criterion([s], [])
        with self.assertRaisesRegex(ValueError, "low\\[0\\] must have the shape of high\\[0\\]"):
            criterion([s], [torch.randn(4, 5)])
        with self.assertRaisesRegex(ValueError, "queue_outputs must hold one score array per high-resolution crop \\(2\\), got 1"):
            criterion([s, s], [], [s])
        with self.assertRaisesRegex(TypeError, "high_resolution_outputs must be a list of tensors, got NoneType"):
            criterion(None, [s])


if __name__ == "__main__":
    unittest.main()
