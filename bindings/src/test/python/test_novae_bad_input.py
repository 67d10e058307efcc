"""Bad input to the novae head, modules, optimizers and fit: Python's natural exception types with
messages that name the argument, and a context that keeps working afterwards."""
import math
import os
import tempfile
import unittest

import java

import sslheads as sh
from sslheads import nn, optim, pandas as pd, train
from novae import Nums
from novae.module import SwavHead
from novae.utils import Mode

StringColumn = java.type("tech.tablesaw.api.StringColumn")


class BadInputTest(unittest.TestCase):
    def setUp(self):
        self.saved = (Nums.SWAV_EPSILON, Nums.QUEUE_SIZE)
        self.mode = Mode()
        self.head = SwavHead(self.mode, 4, 6, 0.1)
        self.z = sh.randn(5, 4)

    def tearDown(self):
        Nums.SWAV_EPSILON, Nums.QUEUE_SIZE = self.saved
        self.head.close()
        # the context keeps working after every error above
        with SwavHead(Mode(), 4, 6, 0.1) as head:
            loss, entropy = head(sh.randn(5, 4), sh.randn(5, 4), None)
            self.assertTrue(math.isfinite(loss.item()) and 0 <= entropy.item() <= 1 + 1e-6)

    def test_constructor(self):
        with self.assertRaisesRegex(TypeError, "mode must be a novae.utils.Mode, got NoneType"):
            SwavHead(None, 4, 6, 0.1)
        with self.assertRaisesRegex(TypeError, "output_size must be an int, got str '4'"):
            SwavHead(Mode(), "4", 6, 0.1)
        with self.assertRaisesRegex(TypeError, "num_prototypes must be an int, got float"):
            SwavHead(Mode(), 4, 6.0, 0.1)
        with self.assertRaisesRegex(TypeError, "output_size must be an int, got bool"):
            SwavHead(Mode(), True, 6, 0.1)
        with self.assertRaisesRegex(TypeError, "temperature must be a number, got str"):
            SwavHead(Mode(), 4, 6, "0.1")
        with self.assertRaisesRegex(ValueError, "output_size must be >= 1, got 0"):
            SwavHead(Mode(), 0, 6, 0.1)
        with self.assertRaisesRegex(ValueError, "temperature must be a finite number > 0, got -1.0"):
            SwavHead(Mode(), 4, 6, -1)

    def test_forward_inputs(self):
        h, z = self.head, self.z
        with self.assertRaisesRegex(TypeError, "z1 must be a tensor, a \\(nested\\) list of numbers or a buffer, got None"):
            h.forward(None, z, None)
        with self.assertRaisesRegex(TypeError, "z2 must be .* got str"):
            h.forward(z, "abc", None)
        with self.assertRaisesRegex(ValueError, r"z1\[1\] must be a sequence of length 4 \(ragged"):
            h.forward([[1.0, 2.0, 3.0, 4.0], [1.0]], z, None)
        with self.assertRaisesRegex(TypeError, r"z1\[0\]\[1\] must be a number, got str 'a'"):
            h.forward([[1.0, "a", 3.0, 4.0]], z, None)
        with self.assertRaisesRegex(TypeError, "z1 must be a floating-point tensor, got dtype int64"):
            h.forward(sh.tensor([[1, 2, 3, 4]], dtype="int64"), z, None)
        with self.assertRaisesRegex(ValueError, r"z1 must have 4 columns, got shape \(5, 3\)"):
            h.forward(sh.randn(5, 3), sh.randn(5, 3), None)
        with self.assertRaisesRegex(ValueError, "z1 and z2 must have the same shape"):
            h.forward(z, sh.randn(6, 4), None)
        with self.assertRaisesRegex(ValueError, r"z1 must be a 2-D array \(B, D\), got shape \(4\)"):
            h.forward(sh.randn(4), sh.randn(4), None)
        with self.assertRaisesRegex(ValueError, "z2 must contain only finite values, got NaN or Inf"):
            h.forward(z, z * float("nan"), None)
        with self.assertRaisesRegex(TypeError, "slide_id must be a str or None, got int 3"):
            h.forward(z, z, 3)
        with self.assertRaisesRegex(TypeError, "q must be .* got None"):
            h.cross_entropy_loss(None, z)
        with self.assertRaisesRegex(ValueError, "q and p must have the same shape"):
            h.cross_entropy_loss(z, sh.randn(2, 2))

    def test_slide_queue(self):
        h, z = self.head, self.z
        with self.assertRaisesRegex(RuntimeError, r"no slide queue; call init_queue\(slide_ids\) first"):
            h.queue_weights()
        with self.assertRaisesRegex(TypeError, "slide_ids must be a list of str, got str"):
            h.init_queue("abc")
        with self.assertRaisesRegex(TypeError, "slide_ids must be a list of str, got NoneType"):
            h.init_queue(None)
        with self.assertRaisesRegex(TypeError, r"slide_ids\[1\] must be a str, got int 7"):
            h.init_queue(["a", 7])
        with self.assertRaisesRegex(ValueError, "slide_ids must be unique, got 'a' twice"):
            h.init_queue(["a", "a"])
        with self.assertRaisesRegex(ValueError, "slide_ids must be a non-empty list"):
            h.init_queue([])
        self.assertIsNone(h.queue, "rejected calls leave the head unchanged")
        h.init_queue(["left", "right"])
        with self.assertRaises(KeyError) as caught:
            h.forward(z, z, "middle")
        self.assertIn("slide_id 'middle' is not in the slide queue", str(caught.exception))
        self.assertIn("'left', 'right'", str(caught.exception))
        with self.assertRaisesRegex(KeyError, "'nope'"):
            h.prototype_ilocs(h.projection(z), "nope")
        with self.assertRaisesRegex(ValueError, "z1 must have at least 3 rows when the slide queue is used"):
            h.forward(z[:2], z[:2], "left")
        with self.assertRaisesRegex(TypeError, "min_prototypes_ratio must be a number, got str"):
            h.set_min_prototypes("0.3")
        with self.assertRaisesRegex(ValueError, r"min_prototypes_ratio must be in \[0.0, 1.0\], got 1.5"):
            h.set_min_prototypes(1.5)
        Nums.QUEUE_SIZE = 0
        with self.assertRaisesRegex(ValueError, "Nums.QUEUE_SIZE must be >= 1, got 0"):
            h.init_queue(["x"])
        Nums.QUEUE_SIZE = 2
        Nums.SWAV_EPSILON = "small"
        with self.assertRaisesRegex(TypeError, "Nums.SWAV_EPSILON must be a number, got str"):
            h.sinkhorn(h.projection(z))
        Nums.SWAV_EPSILON = 0.05
        self.assertEqual((5, 6), h.forward_step(z, z, "left").codes1.shape)

    def test_prototypes_and_zero_shot(self):
        h = self.head
        with self.assertRaisesRegex(ValueError, r"prototypes must have shape \(6, 4\) \(K, O\), got \(2, 2\)"):
            h.prototypes = [[1.0, 0.0], [0.0, 1.0]]
        with self.assertRaisesRegex(TypeError, "Mode flags must be bool, got int"):
            self.mode.zero_shot = 1
        self.mode.zero_shot = True
        with self.assertRaisesRegex(RuntimeError, "no k-means prototypes are set"):
            h.prototypes
        with self.assertRaisesRegex(ValueError, "latent must have at least K=6 rows"):
            h.set_kmeans_prototypes(sh.randn(3, 4))
        with self.assertRaisesRegex(TypeError, "requires_grad must be a bool"):
            h.prototypes_parameter.requires_grad_("yes")

    def test_domains(self):
        h = self.head
        with self.assertRaisesRegex(ValueError, r"series\[1\] must be a leaf \"D<k>\" with k in \[0, 6\), got \"D99\""):
            h.map_leaves_domains(["D1", "D99"], 2)
        with self.assertRaisesRegex(ValueError, r"series\[2\] must be a leaf \"D<k>\", got \"\""):
            h.map_leaves_domains(["D1", None, ""], 2)
        with self.assertRaisesRegex(ValueError, r"level must be in \[1, K=6\], got 0"):
            h.map_leaves_domains(["D1"], 0)
        with self.assertRaisesRegex(ValueError, "level must be in"):
            h.map_leaves_domains(StringColumn.create("leaves", ["D1"]), 7)
        with self.assertRaisesRegex(TypeError, "level must be an int, got str"):
            h.map_leaves_domains(["D1"], "2")
        with self.assertRaisesRegex(TypeError, "series must be a Tablesaw StringColumn or a sequence of leaves, got NoneType"):
            h.map_leaves_domains(None, 2)
        with self.assertRaisesRegex(TypeError, "got int"):
            h.map_leaves_domains(5, 2)
        with self.assertRaisesRegex(TypeError, "series must hold leaves \\(a string column\\), got dtype INTEGER"):
            h.map_leaves_domains(pd.Series([1, 2]), 2)
        with self.assertRaisesRegex(TypeError, "leaves_indices must be a sequence of ints, got str"):
            h.find_level("012", 2)
        with self.assertRaisesRegex(TypeError, r"leaves_indices\[1\] must be an int, got float"):
            h.find_level([0, 1.5], 1)
        with self.assertRaisesRegex(ValueError, r"leaves_indices\[1\] must be in \[0, 6\), got 99"):
            h.find_level([0, 99], 1)
        with self.assertRaisesRegex(ValueError, r"n_domains must be in \[1, 2\]"):
            h.find_level([0, 1], 3)
        with self.assertRaisesRegex(IndexError, "row index 6 is out of bounds for size 6"):
            h.clusters_levels[6, 0]
        with self.assertRaisesRegex(TypeError, "clusters_levels column indices must be ints"):
            h.clusters_levels[0, "a"]

    def test_closed_head(self):
        h = SwavHead(Mode(), 4, 6, 0.1)
        prototypes = h.prototypes_parameter
        h.close()
        h.close()  # twice is fine
        for use in (lambda: h.forward(self.z, self.z, None), lambda: h.prototypes, lambda: h.init_queue(["a"]),
                    lambda: h.clusters_levels, lambda: h.num_prototypes, lambda: h.leaves(self.z)):
            with self.assertRaisesRegex(ValueError, "SwavHead is closed"):
                use()
        with self.assertRaisesRegex(ValueError, "tensor is closed"):
            prototypes.sum()
        self.assertIn("closed", repr(h))

    def test_checkpoints(self):
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(FileNotFoundError):
                SwavHead.load(os.path.join(tmp, "missing.swav"))
            junk = os.path.join(tmp, "junk.swav")
            with open(junk, "wb") as f:
                f.write(b"not a checkpoint")
            with self.assertRaises(ValueError):
                SwavHead.load(junk)
            with self.assertRaisesRegex(TypeError, "expected str, bytes or os.PathLike object"):
                self.head.save(None)

    def test_modules_and_optimizers(self):
        with self.assertRaisesRegex(TypeError, "in_features must be an int, got str"):
            nn.MLP("8", 16, 4)
        with self.assertRaisesRegex(ValueError, "in_features must be >= 1, got 0"):
            nn.MLP(0, 16, 4)
        mlp = nn.MLP(8, 16, 4)
        with self.assertRaisesRegex(ValueError, r"x must have shape \(B, 8\), got \(2, 3\)"):
            mlp(sh.randn(2, 3))
        with self.assertRaisesRegex(TypeError, "x must be .* got None"):
            mlp(None)
        with self.assertRaisesRegex(ValueError, r"p must be in \[0.0, 1.0\], got 2.0"):
            nn.NoiseDropout(2.0, 0.1)
        with self.assertRaisesRegex(TypeError, "params must be an iterable of Tensors .* got None"):
            optim.Adam(None)
        with self.assertRaisesRegex(ValueError, "optimizer got an empty parameter list"):
            optim.Adam([])
        with self.assertRaisesRegex(TypeError, r"params\[1\] must be a Tensor, got float"):
            optim.Adam([sh.zeros(2), 1.0])
        params = list(mlp.parameters())
        with self.assertRaisesRegex(TypeError, "lr must be a number, got str"):
            optim.Adam(params, lr="fast")
        with self.assertRaisesRegex(ValueError, "lr must be a finite number >= 0.0, got -1.0"):
            optim.SGD(params, lr=-1)
        with self.assertRaisesRegex(TypeError, r"betas must be a pair of numbers"):
            optim.Adam(params, betas=(0.9,))
        with self.assertRaisesRegex(ValueError, r"betas\[0\] must be in \[0, 1\), got 1.0"):
            optim.AdamW(params, betas=(1.0, 0.9))
        with self.assertRaisesRegex(ValueError, "weight_decay must be a finite number >= 0.0"):
            optim.AdamW(params, weight_decay=-0.1)

    def test_fit(self):
        x = sh.randn(12, 8)
        mlp = nn.MLP(8, 16, 4)
        self.head.init_queue(["a", "b"])
        with self.assertRaisesRegex(TypeError, "encoder must be an sslheads.nn.MLP, got str"):
            train.fit("mlp", self.head, x)
        with self.assertRaisesRegex(TypeError, "head must be a novae.module.SwavHead, got NoneType"):
            train.fit(mlp, None, x)
        with self.assertRaisesRegex(ValueError, r"data must have shape \(N, 8\)"):
            train.fit(mlp, self.head, sh.randn(12, 3))
        with self.assertRaisesRegex(ValueError, "slide_ids must have one entry per row of data"):
            train.fit(mlp, self.head, x, ["a"] * 5, epochs=1, batch_size=4)
        with self.assertRaisesRegex(TypeError, r"slide_ids\[0\] must be a str, got NoneType"):
            train.fit(mlp, self.head, x, [None] * 12, epochs=1, batch_size=4)
        with self.assertRaisesRegex(ValueError, "batch_size must be >= 3, got 2"):
            train.fit(mlp, self.head, x, epochs=1, batch_size=2)
        with self.assertRaisesRegex(KeyError, "slide_id 'c' is not in the slide queue"):
            train.fit(mlp, self.head, x, ["c"] * 12, epochs=1, batch_size=4)

        class Stop(Exception):
            pass

        def stop(stats):
            raise Stop(f"stopped after epoch {stats['epoch']}")

        with self.assertRaisesRegex(Stop, "stopped after epoch 0"):
            train.fit(mlp, self.head, x, ["a"] * 6 + ["b"] * 6, epochs=3, batch_size=4, on_epoch=stop)
        self.assertTrue(self.head.prototypes_parameter.requires_grad, "prototypes unfrozen after a failed fit")
        self.assertTrue(sh.is_grad_enabled(), "recording restored after a failed fit")
        history = train.fit(mlp, self.head, x, ["a"] * 6 + ["b"] * 6, epochs=1, batch_size=4)
        self.assertEqual(1, len(history))


if __name__ == "__main__":
    unittest.main()
