"""novae's head through the Python API: parity with the golden cases, training, the one-call fit."""
import json
import math
import os
import tempfile
import unittest

import sslheads as sh
from sslheads import nn, optim, pandas as pd, train
import novae
from novae import Nums
from novae.module import SwavHead
from novae.utils import Mode

GOLDEN = os.path.join("..", "lib", "src", "test", "resources", "golden", "novae")
TOL = 1e-5
_NUMS = ("EPS", "SWAV_EPSILON", "SINKHORN_ITERATIONS", "QUEUE_SIZE", "QUEUE_WEIGHT_THRESHOLD_RATIO", "WARMUP_EPOCHS")


def golden(name):
    with open(os.path.join(GOLDEN, name), encoding="utf-8") as f:
        return json.load(f)


def swav_cases():
    return sorted(n for n in os.listdir(GOLDEN) if n.startswith("swav_") and n.endswith(".json"))


def flat(values):
    if isinstance(values, (list, tuple)):
        return [x for v in values for x in flat(v)]
    return [values]


class NumsSaved(unittest.TestCase):
    """Restores novae's global Nums after each test."""

    def setUp(self):
        self._saved = {n: getattr(Nums, n) for n in _NUMS}

    def tearDown(self):
        for n, v in self._saved.items():
            setattr(Nums, n, v)

    def assertClose(self, expected, actual, what, atol=TOL, rtol=0.0):
        e, a = flat(expected), flat(actual)
        self.assertEqual(len(e), len(a), f"{what}: size")
        worst = max((abs(x - y) - (atol + rtol * abs(x)) for x, y in zip(e, a)), default=-1)
        self.assertLessEqual(worst, 0.0, f"{what}: off by {worst + atol:.3g} beyond tolerance")


def head_for(g):
    """A head configured like the golden case, built with the Python API only."""
    Nums.SWAV_EPSILON = g["swav_epsilon"]
    Nums.SINKHORN_ITERATIONS = g["sinkhorn_iterations"]
    Nums.QUEUE_SIZE = g["queue_size"]
    Nums.QUEUE_WEIGHT_THRESHOLD_RATIO = g["queue_weight_threshold_ratio"]
    mode = Mode()
    head = SwavHead(mode, g["O"], g["K"], g["temperature"])
    head.prototypes = g["prototypes"]
    head.set_min_prototypes(g["min_prototypes_ratio"])
    if g["slide_ids"] is not None:
        head.init_queue(g["slide_ids"])
    if g["zero_shot"]:
        mode.zero_shot = True
        head.prototypes = g["kmeans_prototypes"]
    return head


class GoldenParityTest(NumsSaved):
    def test_every_golden_case_through_forward(self):
        cases = swav_cases()
        self.assertGreaterEqual(len(cases), 8)
        for name in cases:
            g = golden(name)
            with self.subTest(case=name), head_for(g) as head:
                self.assertEqual(g["min_prototypes"], head.min_prototypes)
                for i, step in enumerate(g["steps"]):
                    at = f"{name} step {i}"
                    z1 = sh.tensor(step["z1"], requires_grad=True)
                    out = head.forward_step(z1, step["z2"], step["slide_id"])
                    out.loss.backward()
                    self.assertClose(step["projections1"], out.projections1.tolist(), at + " projections1")
                    self.assertClose(step["projections2"], out.projections2.tolist(), at + " projections2")
                    chosen = list(range(g["K"])) if out.selection is None else [
                        k for k, keep in enumerate(out.selection.tolist()) if keep]
                    self.assertEqual(step["ilocs"], chosen, at + " selected prototypes")
                    for key in ("codes1", "codes2"):
                        rows = getattr(out, key).tolist()
                        self.assertClose(step[key], [[r[k] for k in chosen] for r in rows], f"{at} {key}")
                        outside = [r[k] for r in rows for k in range(g["K"]) if k not in chosen]
                        self.assertTrue(all(v == 0.0 for v in outside), f"{at} {key} outside the selection")
                    self.assertClose(step["loss"], out.loss.item(), at + " loss", TOL, TOL)
                    self.assertClose(step["entropy"], out.entropy.item(), at + " entropy", TOL, TOL)
                    self.assertClose(step["grad_z1"], z1.grad.tolist(), at + " grad z1", TOL, 1e-4)
                    if not g["zero_shot"]:
                        p = head.prototypes_parameter
                        self.assertClose(step["grad_prototypes"], p.grad.tolist(), at + " grad prototypes", TOL, 1e-4)
                        p.zero_grad_()
                    if step.get("queue_after") is not None:
                        self.assertClose(step["queue_after"], head.queue.tolist(), at + " queue", 1e-6)

    def test_novae_forward_rebuilt_from_the_head_methods(self):
        """novae's forward written with the public methods gives the golden numbers too."""
        for name in swav_cases():
            g = golden(name)
            with self.subTest(case=name), head_for(g) as head:
                for i, step in enumerate(g["steps"]):
                    at = f"{name} step {i}"
                    head.normalize_prototypes()
                    p1, p2 = head.projection(step["z1"]), head.projection(step["z2"])
                    ilocs = head.prototype_ilocs(p1, step["slide_id"])
                    if ilocs is ...:
                        chosen = list(range(g["K"]))
                    else:
                        chosen = ilocs.tolist()
                        p1, p2 = p1.T[ilocs].T, p2.T[ilocs].T
                    self.assertEqual(step["ilocs"], chosen, at + " prototype_ilocs")
                    q1, q2 = head.sinkhorn(p1), head.sinkhorn(p2)
                    self.assertClose(step["codes1"], q1.tolist(), at + " sinkhorn")
                    loss = -0.5 * (head.cross_entropy_loss(q1, p2) + head.cross_entropy_loss(q2, p1))
                    self.assertClose(step["loss"], loss.item(), at + " loss", TOL, TOL)

    def test_hierarchy_matches_novae(self):
        for k in (8, 50):
            g = golden(f"linkage_K{k}.json")
            with self.subTest(K=k), SwavHead(Mode(), len(g["prototypes"][0]), k, 0.1) as head:
                head.prototypes = g["prototypes"]
                self.assertEqual(g["children"], head.clustering.children_)
                self.assertClose(g["distances"], head.clustering.distances_, "merge heights", 1e-6, 1e-6)
                levels = head.clusters_levels
                self.assertEqual((k, k), levels.shape)
                self.assertEqual(g["clusters_levels"], levels.tolist())
                self.assertEqual(g["clusters_levels"][k - 3][5], levels[-3, 5])
                self.assertEqual([row[2] for row in g["clusters_levels"]], levels[:, 2])
                for c in g["map_cases"]:
                    self.assertEqual(c["expected"], head.map_leaves_domains(c["leaves"], c["level"]))
                for c in g["find_level_cases"]:
                    if c.get("expected_level") is not None:
                        self.assertEqual(c["expected_level"], head.find_level(c["leaf_indices"], c["n_domains"]))
                    else:
                        with self.assertRaisesRegex(ValueError, f"Could not find a level with n_domains={c['n_domains']}"):
                            head.find_level(c["leaf_indices"], c["n_domains"])


def blobs(n_per, centres, dim, seed):
    """Points around ``centres`` random centres (a clusterable toy set)."""
    sh.manual_seed(seed)
    c = sh.randn(centres, dim) * 3.0
    return sh.cat([c[i] + sh.randn(n_per, dim) * 0.3 for i in range(centres)], 0)


class HeadApiTest(NumsSaved):
    def test_nums_are_read_at_each_call(self):
        with SwavHead(Mode(), 4, 6, 0.1) as head:
            p = head.projection(sh.randn(5, 4))
            default = head.sinkhorn(p).tolist()
            Nums.SINKHORN_ITERATIONS = 1
            self.assertNotEqual(default, head.sinkhorn(p).tolist())
            Nums.SINKHORN_ITERATIONS = 3
            self.assertClose(default, head.sinkhorn(p).tolist(), "sinkhorn back at 3 iterations", 0.0)
            Nums.QUEUE_SIZE = 5
            head.init_queue(["a", "b", "c"])
            self.assertEqual((3, 5, 6), head.queue.shape)
            self.assertAlmostEqual(1 / 6, head.queue[0, 0, 0].item(), places=6)
            novae.settings.warmup_epochs = 2
            self.assertEqual(2, Nums.WARMUP_EPOCHS)

    def test_mode_drives_the_prototypes(self):
        mode = Mode()
        with SwavHead(mode, 4, 3, 0.1, seed=1) as head:
            self.assertFalse(mode.zero_shot)
            self.assertEqual("_clustering", mode.clustering_attr)
            latent = blobs(20, 3, 4, 0)
            head.set_kmeans_prototypes(latent)
            trained = head.prototypes.tolist()
            mode.zero_shot = True
            self.assertEqual("_clusters_levels_zero", mode.clusters_levels_attr)
            kmeans = head.prototypes.tolist()
            self.assertNotEqual(trained, kmeans)
            for row in kmeans:
                self.assertAlmostEqual(1.0, math.sqrt(sum(v * v for v in row)), places=5)
            self.assertIs(head.prototype_ilocs(head.projection(latent), None), ...)
            leaves = head.leaves(latent)
            self.assertEqual(60, len(leaves))
            self.assertEqual(3, len(set(leaves)), "one leaf per blob")
            mode.fit()
            self.assertFalse(mode.zero_shot)
            self.assertEqual(trained, head.prototypes.tolist())
            with self.assertRaises(AssertionError):
                mode.fine_tune()
            mode.from_pretrained()
            mode.fine_tune()
            self.assertTrue(mode.pretrained and mode.trained and not mode.zero_shot)

    def test_queue_weights_and_prototype_ilocs(self):
        with SwavHead(Mode(), 4, 8, 0.1) as head:
            head.init_queue(["s0", "s1"])
            head.set_min_prototypes(0.5)
            self.assertEqual(4, head.min_prototypes)
            self.assertEqual({"s0": 0, "s1": 1}, head.slide_label_encoder)
            ilocs = head.prototype_ilocs(head.projection(sh.randn(6, 4)), "s1")
            self.assertGreaterEqual(len(ilocs), 4)
            self.assertEqual(sorted(ilocs.tolist()), ilocs.tolist())
            weights, thresholds = head.queue_weights()
            self.assertEqual((2, 8), weights.shape)
            self.assertEqual((8,), thresholds.shape)
            self.assertIs(head.prototype_ilocs(head.projection(sh.randn(6, 4))), ...)

    def test_save_and_load(self):
        mode = Mode()
        with SwavHead(mode, 4, 5, 0.2, seed=3) as head, tempfile.TemporaryDirectory() as tmp:
            head.init_queue(["a", "b"])
            head.set_min_prototypes(0.4)
            head(sh.randn(4, 4), sh.randn(4, 4), "b")
            mode.trained = True
            path = os.path.join(tmp, "head.swav")
            head.save(path)
            with SwavHead.load(path) as loaded:
                self.assertEqual(head.prototypes.tolist(), loaded.prototypes.tolist())
                self.assertEqual(head.queue.tolist(), loaded.queue.tolist())
                self.assertEqual((2, 5, 0.2), (loaded.min_prototypes, loaded.num_prototypes, loaded.temperature))
                self.assertTrue(loaded.mode.trained)
                self.assertEqual(head.clusters_levels.tolist(), loaded.clusters_levels.tolist())

    def test_hierarchy_is_consistent(self):
        with SwavHead(Mode(), 6, 10, 0.1, seed=2) as head:
            children = head.clustering.children_
            levels = head.clusters_levels
            for i, (a, b) in enumerate(children):
                row = levels[i + 1]
                self.assertTrue(all(row[j] == 10 + i for j in range(10) if levels[i][j] in (a, b)))
            self.assertEqual(["D18", None, "D18"], head.map_leaves_domains(["D0", None, "D9"], 1))
            self.assertEqual(("D3", 7.5), head.map_leaves_domains(("D3", 7.5), 10))
            series = head.map_leaves_domains(pd.Series(["D0", None, "D9"], name="novae_leaves"), 1)
            self.assertIsInstance(series, pd.Series)
            self.assertEqual(("novae_leaves", ["D18", None, "D18"]), (series.name, series.tolist()))
            frame = pd.DataFrame({"novae_leaves": ["D1", "D2"]})
            frame["novae_domains_10"] = head.map_leaves_domains(frame["novae_leaves"], 10)
            self.assertEqual(["D1", "D2"], frame["novae_domains_10"].tolist())
            self.assertEqual(1, head.find_level(list(range(10)), 1))
            head.reset_clustering()
            self.assertEqual(children, head.clustering.children_)


class TrainingTest(NumsSaved):
    def test_python_training_loop_decreases_the_loss(self):
        sh.manual_seed(0)
        x = blobs(16, 4, 8, 1)
        encoder = nn.MLP(8, 32, 8)
        head = SwavHead(Mode(), 8, 6, 0.1)
        augment = nn.NoiseDropout(0.1, 0.05)
        params = list(encoder.parameters()) + list(head.parameters())
        self.assertEqual(7, len(params))
        opt = optim.Adam(params, lr=3e-3)
        losses = []
        for step in range(40):
            head.prototypes_parameter.requires_grad_(step >= 10)  # frozen warm-up
            before = head.prototypes_parameter.tolist() if step == 5 else None
            loss, entropy = head(encoder(augment(x)), encoder(augment(x)), None)
            loss.backward()
            opt.step()
            opt.zero_grad()
            if before is not None:
                self.assertClose(before, head.prototypes_parameter.tolist(), "frozen prototypes do not move", 1e-6)
            losses.append(loss.item())
            self.assertTrue(0.0 <= entropy.item() <= 1.0 + 1e-6)
        first, last = sum(losses[:5]) / 5, sum(losses[-5:]) / 5
        self.assertLess(last, first - 0.1, f"loss went from {first:.3f} to {last:.3f}")
        self.assertTrue(head.prototypes_parameter.requires_grad)
        head.close()

    def test_optimizers_update_in_place(self):
        for make in (lambda p: optim.SGD(p, lr=0.1, momentum=0.9), lambda p: optim.AdamW(p, lr=0.1),
                     lambda p: optim.Adam(p, lr=0.1, weight_decay=0.01)):
            w = sh.tensor([1.0, -2.0], requires_grad=True)
            opt = make([w])
            for _ in range(3):
                (w * w).sum().backward()
                opt.step()
                opt.zero_grad()
            self.assertLess(sum(v * v for v in w.tolist()), 5.0, repr(opt))
        w = sh.tensor([1.0], requires_grad=True)
        opt = optim.SGD([w], lr=0.5)
        opt.param_groups[0]["lr"] = 0.25
        (w * w).sum().backward()
        opt.step()
        self.assertAlmostEqual(0.5, w.item(), places=6)

    def test_functional(self):
        F = __import__("sslheads.nn.functional", fromlist=["normalize"])
        x = sh.tensor([[3.0, 4.0], [0.0, 0.0]])
        self.assertEqual([[0.6, 0.8], [0.0, 0.0]], [[round(v, 6) for v in r] for r in F.normalize(x, dim=1).tolist()])
        self.assertAlmostEqual(1.0, F.softmax(x, 1)[0].sum().item(), places=6)
        self.assertAlmostEqual(0.0, F.log_softmax(x, 1)[1, 0].exp().item() * 2 - 1, places=6)

    def test_one_call_fit(self):
        x = blobs(40, 4, 8, 2)
        slides = ["s%d" % (i % 2) for i in range(160)]
        sh.manual_seed(0)
        encoder = nn.MLP(8, 32, 8)
        head = SwavHead(Mode(), 8, 6, 0.1)
        head.init_queue(["s0", "s1"])
        head.set_min_prototypes(0.3)
        seen = []
        history = train.fit(encoder, head, x, slides, epochs=4, batch_size=32, lr=3e-3, seed=0, on_epoch=seen.append)
        self.assertEqual([0, 1, 2, 3], [h["epoch"] for h in history])
        self.assertEqual(history, seen)
        self.assertEqual([True, False, False, False], [h["prototypes_frozen"] for h in history])
        self.assertTrue(all(math.isfinite(h["loss"]) and h["steps"] == 4 for h in history))
        self.assertLess(history[-1]["loss"], history[0]["loss"])
        self.assertTrue(head.prototypes_parameter.requires_grad, "prototypes unfrozen after fit")
        self.assertTrue(sh.is_grad_enabled(), "recording restored after fit")
        loss, _ = head(encoder(x[:8]), encoder(x[8:16]), "s0")
        loss.backward()  # the Python-side autograd still works
        head.close()


if __name__ == "__main__":
    unittest.main()
