"""Issue 9 through the Python API: for every trainable head and loss, gradients and one optimizer step
computed with a forced collection (gc.collect() and Java's collector) plus direct-buffer churn between the
forward pass and backward() are bit-identical to those computed without. The churn is lib's test helper
dev.sslheads.testing.GcChurn: it overwrites freed direct buffers, so a backward pass that reads a freed
scalar reads a marker instead."""
import gc
import unittest

import java

import sslheads as torch
from sslheads import nn, optim
from novae.module import SwavHead
from novae.utils import Mode
from lightly.loss import SwaVLoss
from lightly.models.modules import SwaVProjectionHead, SwaVPrototypes
from fmcib.ssl.modules import SwaV
from stable_pretraining.losses import SwAVLoss
from stable_pretraining.methods import SwAV
from pyagc.clusters import INCClusterHead
from nidl.losses import YAwareInfoNCE

GcChurn = java.type("dev.sslheads.testing.GcChurn")


def churn():
    gc.collect()
    GcChurn.collectAndChurn()


def bits(tensors):
    """Every value of every tensor as an exact hex string (float32 widens to double exactly)."""
    return [[float.hex(v) for v in t.reshape(-1).tolist()] for t in tensors]


def grads(params):
    return [p.grad for p in params]


class GcSafetyTest(unittest.TestCase):
    def assertBitIdentical(self, what, step):
        """``step(between)`` builds a seeded model, runs forward, between(), backward and the update, and
        returns :func:`bits` of the tensors to compare (read while their module is open)."""
        plain = step(lambda: None)
        churned = step(churn)
        self.assertEqual(len(plain), len(churned), what)
        for i, (a, b) in enumerate(zip(plain, churned)):
            if a != b:
                first = next(j for j in range(len(a)) if a[j] != b[j])
                self.fail(f"{what}: tensor {i} differs after a collection between forward and backward "
                          f"(element {first}: {float.fromhex(a[first])} without, {float.fromhex(b[first])} with)")

    def test_a_float64_tensor_from_a_list_keeps_its_values(self):
        # the list's values are copied into storage libtorch owns (before: an alias of a closed from_blob array)
        t = torch.tensor([0.1, 0.2, 0.3], dtype="float64")
        churn()
        self.assertEqual([0.1, 0.2, 0.3], t.tolist())

    def test_tensor_arithmetic_with_numbers(self):
        def step(between):
            x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
            y = ((x * 3 + 1) / 2 - 0.5).sum() + (x ** 2).mean() + (1 - x).sum() + (2 / (x + 1)).sum()
            between()
            y.backward()
            return bits([y.detach(), x.grad])
        self.assertBitIdentical("tensor (op) number", step)

    def test_novae_head_with_mlp_and_adam(self):
        def step(between):
            torch.manual_seed(1)
            out = []
            with SwavHead(Mode(), output_size=8, num_prototypes=16, temperature=0.1) as head:
                head.init_queue(["a", "b"])
                head.set_min_prototypes(0.3)
                encoder = nn.MLP(12, 16, 8)
                params = list(encoder.parameters()) + list(head.parameters())
                optimizer = optim.Adam(params, lr=1e-2)
                for i in range(3):
                    x = torch.randn(16, 12)
                    loss, entropy = head(encoder(x), encoder(x * 0.9), "a" if i % 2 == 0 else "b")
                    between()
                    loss.backward()
                    out += [loss.detach(), entropy] + grads(params)
                    optimizer.step()
                    optimizer.zero_grad()
                return bits(out + [p.detach() for p in params])
        self.assertBitIdentical("novae SwavHead + nn.MLP + Adam", step)

    def test_lightly_loss_projection_head_prototypes_and_fmcib_swav(self):
        def loss_step(between):
            torch.manual_seed(2)
            head, prototypes = SwaVProjectionHead(8, 16, 4), SwaVPrototypes(4, 10, n_steps_frozen_prototypes=0)
            params = list(head.parameters()) + list(prototypes.parameters())
            optimizer = optim.SGD(params, lr=1e-2, momentum=0.9)
            views = [torch.randn(6, 8) for _ in range(3)]
            scores = [prototypes(head(v), step=1) for v in views]
            loss = SwaVLoss()(scores[:2], scores[2:])
            between()
            loss.backward()
            out = [loss.detach()] + grads(params)
            optimizer.step()
            return bits(out + [p.detach() for p in params])
        self.assertBitIdentical("lightly SwaVLoss + SwaVProjectionHead + SwaVPrototypes + SGD", loss_step)

        def model_step(between):
            torch.manual_seed(3)
            model = SwaV(nn.MLP(8, 16, 8), num_ftrs=8, out_dim=4, n_prototypes=10, n_queues=2, queue_length=8,
                         start_queue_at_epoch=1, n_steps_frozen_prototypes=1)
            optimizer = optim.Adam(model.parameters(), lr=1e-2)
            out = []
            for epoch in range(3):
                high = [torch.randn(4, 8), torch.randn(4, 8)]
                low = [torch.randn(4, 8)]
                high_scores, low_scores, queue_scores = model((high, low), epoch=epoch)
                loss = SwaVLoss()(high_scores, low_scores, queue_scores)
                between()
                loss.backward()
                out.append(loss.detach())
                optimizer.step()
                optimizer.zero_grad()
            return bits(out + [p.detach() for p in model.parameters()])
        self.assertBitIdentical("fmcib SwaV + lightly SwaVLoss + Adam", model_step)

    def test_stable_pretraining_loss_and_swav(self):
        def loss_step(between):
            torch.manual_seed(4)
            proj1, proj2 = torch.randn(8, 6).requires_grad_(), torch.randn(8, 6)
            prototypes = torch.randn(12, 6).requires_grad_()
            loss = SwAVLoss()(proj1, proj2, prototypes, torch.randn(10, 6))
            between()
            loss.backward()
            return bits([loss.detach(), proj1.grad, prototypes.grad])
        self.assertBitIdentical("stable-pretraining SwAVLoss", loss_step)

        def model_step(between):
            torch.manual_seed(5)
            model = SwAV(nn.MLP(6, 12, 8), projector_dims=(16, 6), n_prototypes=10, temperature=0.1,
                         sinkhorn_iterations=3, epsilon=0.05)
            optimizer = optim.AdamW(model.parameters(), lr=1e-2, weight_decay=1e-4)
            out = []
            for _ in range(2):
                result = model(torch.randn(8, 6), torch.randn(8, 6))
                between()
                result.loss.backward()
                out.append(result.loss.detach())
                optimizer.step()
                optimizer.zero_grad()
            return bits(out + [p.detach() for p in model.parameters()])
        self.assertBitIdentical("stable-pretraining SwAV + AdamW", model_step)

    def test_pyagc_inc_with_gradient_normalize(self):
        def step(between):
            torch.manual_seed(6)
            head = INCClusterHead(n_clusters=4, n_features=8)
            optimizer = optim.Adam(head.parameters(), lr=1e-2)
            out = []
            for _ in range(2):
                z = torch.randn(12, 8).requires_grad_()
                loss = head(z)
                between()
                loss.backward()
                out += [loss.detach(), z.grad] + grads(head.parameters())
                head.gradient_normalize()
                out += grads(head.parameters())
                optimizer.step()
                optimizer.zero_grad()
                head.normalize_cluster_centers()
            return bits(out + [p.detach() for p in head.parameters()])
        self.assertBitIdentical("pyagc INCClusterHead + gradient_normalize + Adam", step)

    def test_nidl_yaware_every_kernel_labelled_and_unlabelled(self):
        for kernel in ("gaussian", "epanechnikov", "exponential", "linear", "cosine", None):
            def step(between, kernel=kernel):
                torch.manual_seed(7)
                head = nn.MLP(6, 12, 4)
                optimizer = optim.AdamW(head.parameters(), lr=1e-2, weight_decay=5e-4)
                x1, x2 = torch.randn(10, 6), torch.randn(10, 6)
                if kernel is None:
                    loss = YAwareInfoNCE()(head(x1), head(x2))
                else:
                    loss = YAwareInfoNCE(kernel=kernel, bandwidth=0.7)(head(x1), head(x2), torch.randn(10).tolist())
                between()
                loss.backward()
                out = [loss.detach()] + grads(head.parameters())
                optimizer.step()
                return bits(out + [p.detach() for p in head.parameters()])
            self.assertBitIdentical(f"nidl YAwareInfoNCE ({kernel or 'no labels'}) + AdamW", step)


if __name__ == "__main__":
    unittest.main()
