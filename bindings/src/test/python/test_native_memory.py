"""No guest call leaves native arrays behind: after a warm-up, 20 more calls of each API keep the
number of live PyTorch arrays in the JVM (dev.sslheads.bindings.LiveArrays, a test helper)
where it was. Temporaries of a call are freed when it returns, what it returns is freed when
Python drops it, and a head or module dropped without close() frees its parameters; a parameter
view that Python keeps keeps its module alive."""
import gc
import unittest

import java

import sslheads as sh
from sslheads import nn, optim
from novae.module import SwavHead
from novae.utils import Mode
from lightly.loss import SwaVLoss
from lightly.models.modules import MemoryBankModule, SwaVProjectionHead, SwaVPrototypes
from fmcib.ssl.modules import SwaV
from stable_pretraining.losses import SwAVLoss
from stable_pretraining.methods import SwAV
from pyagc.clusters import INCClusterHead
from nidl.losses import KernelMetric, YAwareInfoNCE

LiveArrays = java.type("dev.sslheads.bindings.LiveArrays")

WARM_UP = 3
CALLS = 20


def live():
    gc.collect()
    return LiveArrays.settled()


class NativeMemoryTest(unittest.TestCase):
    def setUp(self):
        self.leaks = []

    def tearDown(self):
        self.assertEqual([], self.leaks, "calls that left native arrays alive")

    def assertNoLeak(self, what, call):
        """Records ``what`` when CALLS calls of ``call`` (after WARM_UP) leave more arrays alive."""
        for _ in range(WARM_UP):
            call()
        before = live()
        for _ in range(CALLS):
            call()
        after = live()
        if after > before:
            self.leaks.append(f"{what}: {(after - before) / CALLS:g} arrays per call")

    def test_novae_head(self):
        with SwavHead(Mode(), 4, 8, 0.1) as head:
            head.init_queue(["s0", "s1"])
            z1, z2 = sh.randn(6, 4), sh.randn(6, 4)
            p = head.projection(z1)
            self.assertNoLeak("projection", lambda: head.projection(z1))
            self.assertNoLeak("prototype_ilocs", lambda: head.prototype_ilocs(p, "s1"))
            self.assertNoLeak("queue_weights", lambda: head.queue_weights())
            self.assertNoLeak("sinkhorn", lambda: head.sinkhorn(p))
            self.assertNoLeak("cross_entropy_loss", lambda: head.cross_entropy_loss(p, p))
            self.assertNoLeak("forward", lambda: head(z1, z2, "s0"))
            self.assertNoLeak("forward_step", lambda: head.forward_step(z1, z2, "s0"))

    def test_tensors_modules_and_optimizers(self):
        mlp = nn.MLP(6, 16, 4)
        optimizer = optim.Adam(mlp.parameters(), lr=1e-3)
        x = sh.randn(8, 6)

        def step():
            loss = (mlp(x) * mlp(x)).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            return loss.item()

        self.assertNoLeak("tensor ops", lambda: ((x @ x.T).softmax(1)[0:2].sum(0) / 3).tolist())
        self.assertNoLeak("MLP forward, backward and Adam step", step)
        augment = nn.NoiseDropout(0.2, 0.1)
        self.assertNoLeak("NoiseDropout", lambda: augment(x))

    def test_lightly_and_fmcib(self):
        sh.manual_seed(0)
        model = SwaV(nn.MLP(6, 16, 8), num_ftrs=8, out_dim=4, n_prototypes=10, n_queues=2, queue_length=8,
                     start_queue_at_epoch=0)
        criterion = SwaVLoss()
        high, low = [sh.randn(4, 6), sh.randn(4, 6)], [sh.randn(4, 6)]

        def step():
            high_scores, low_scores, queue_scores = model((high, low), epoch=1)
            return criterion(high_scores, low_scores, queue_scores).item()

        self.assertNoLeak("fmcib SwaV forward and SwaVLoss", step)
        projection_head = SwaVProjectionHead(8, 4, 3)
        self.assertNoLeak("SwaVProjectionHead", lambda: projection_head(sh.randn(5, 8)))
        prototypes = SwaVPrototypes(4, [3, 5])
        self.assertNoLeak("SwaVPrototypes", lambda: prototypes(sh.randn(5, 4)))
        bank = MemoryBankModule(size=5)
        self.assertNoLeak("MemoryBankModule", lambda: bank(sh.randn(3, 2), update=True))

    def test_stable_pretraining(self):
        model = SwAV(nn.MLP(6, 8, 5), projector_dims=(8, 4), n_prototypes=7)
        loss = SwAVLoss()
        proj, prototypes = sh.randn(4, 4), sh.randn(7, 4)
        self.assertNoLeak("SwAV forward", lambda: model(global_views=[sh.randn(4, 6), sh.randn(4, 6)], local_views=[sh.randn(4, 6)]))
        self.assertNoLeak("SwAV eval forward", lambda: model(sh.randn(4, 6)))
        self.assertNoLeak("SwAVLoss", lambda: loss(proj, proj, prototypes))
        self.assertNoLeak("SwAVLoss.sinkhorn", lambda: loss.sinkhorn(proj @ prototypes.T))
        model.close()

    def test_pyagc_and_nidl(self):
        with INCClusterHead(4, 6, seed=1) as head:
            z = sh.randn(5, 6)
            self.assertNoLeak("INCClusterHead forward", lambda: head(z))
            self.assertNoLeak("INCClusterHead.cluster", lambda: head.cluster(z, soft=True))
        loss = YAwareInfoNCE()
        z = sh.randn(4, 3)
        self.assertNoLeak("YAwareInfoNCE", lambda: loss(z, z * 2, [1.0, 2.0, 3.0, 4.0]))
        metric = KernelMetric("gaussian", "scott").fit([[1.0], [2.0], [4.0]])
        self.assertNoLeak("KernelMetric.pairwise", lambda: metric.pairwise([[1.0], [3.0]]))

    def test_dropped_heads_and_modules_free_their_parameters(self):
        metric = KernelMetric("gaussian", "scott").fit([[1.0], [2.0], [4.0]])
        self.assertNoLeak("SwavHead", lambda: SwavHead(Mode(), 4, 8, 0.1).projection(sh.randn(3, 4)))
        self.assertNoLeak("nn.MLP", lambda: nn.MLP(6, 16, 4)(sh.randn(2, 6)))
        self.assertNoLeak("fmcib SwaV", lambda: SwaV(nn.MLP(6, 16, 8), num_ftrs=8, out_dim=4, n_prototypes=10, n_queues=2,
                                                     queue_length=8))
        self.assertNoLeak("SwaVPrototypes", lambda: SwaVPrototypes(4, [3, 5]))
        self.assertNoLeak("MemoryBankModule", lambda: MemoryBankModule(size=5)(sh.randn(3, 2), update=True))
        self.assertNoLeak("stable-pretraining SwAV", lambda: SwAV(nn.MLP(6, 8, 5), projector_dims=(8, 4), n_prototypes=7))
        self.assertNoLeak("INCClusterHead", lambda: INCClusterHead(4, 6, seed=1))
        self.assertNoLeak("KernelMetric", lambda: KernelMetric("gaussian", "scott").fit([[1.0], [2.0], [4.0]]))
        self.assertNoLeak("YAwareInfoNCE with a metric", lambda: YAwareInfoNCE(bandwidth=metric)(sh.randn(4, 3), sh.randn(4, 3), [[1.0], [2.0], [3.0], [4.0]]))

    def test_a_kept_parameter_keeps_its_module(self):
        weights = list(nn.MLP(6, 16, 4).parameters())
        head_prototypes = SwavHead(Mode(), 4, 8, 0.1).prototypes
        live()
        self.assertEqual(len(weights[0].tolist()), 16)
        self.assertEqual(head_prototypes.shape, (8, 4))


if __name__ == "__main__":
    unittest.main()
