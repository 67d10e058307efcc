#!/usr/bin/python3
"""Golden files for novae's model: embedder, GATv2 encoder, attention pooling, projections, one training step.

Run from the repository root:

    /usr/bin/python3 scripts/reference/novae_model_goldens.py [--out DIR]

The default DIR is lib/src/test/resources/golden/novae_model. The oracle is the plain-torch restatement in
scripts/reference/novae_model_reference.py (checked against naive loops by its ``selfcheck`` command, which this
script runs first), with the SwAV head of scripts/reference/novae_swav_goldens.py. Everything is float32.

One JSON file per case:

* ``config``: vocab_size, embedding_size, hidden_size, num_layers, output_size, heads, num_prototypes,
  temperature.
* ``state_dict``: {novae state_dict name: nested list}. novae's from-scratch initialisation
  (``init_state_dict``), then moved away from the special values a freshly built model has, so that every
  parameter matters to the outputs: cell_embedder.linear.weight = I + 0.1 N(0,1), the linear and every conv
  bias 0.1 N(0,1), and every prototype row scaled by U(0.9, 1.1) (off-norm, as after optimiser steps: the
  projections use C as stored, a training forward first renormalises it).
* ``inputs``: x (N, G) standardised-like values; genes_indices [G] (distinct vocabulary rows); edge_index
  [[source...], [target...]] (global node ids, no self loops); edge_attr [E] (distances of 5..40 um already
  divided by 20); batch [N] graph of each node (graphs contiguous, 0..B-1). Every case has a single-node graph,
  an isolated node inside a larger graph, a node with outgoing edges only, and one-way as well as two-way edges.
* ``outputs`` (no augmentation): embedded (N, E); layers [one (N, width) per GAT layer, after its ELU except
  for the last]; z (B, O); projections (B, K) = normalize(z) @ C^T with C as stored; leaves [B] argmax.
* ``step`` (training-step cases only): main and view (inputs as above, B graphs each, same genes),
  slide_id (of the main batch), queue ((n_slides, 2, K) before the step, or null), slide_ids (queue row order,
  or null), min_prototypes, prototypes_frozen, lr, augmentation {subset_size G', main {perm [G], a (B, G'),
  f (B, G')}, view {...}} (draws to inject: columns perm[:G'] are kept, then x_i <- x_i * f_b + a_b),
  outputs {loss, entropy, ilocs (sorted selected prototypes), fallback, gradients {name: list} for every
  parameter that gets one (the prototypes none when frozen), after_adam {name: list} every parameter after one
  torch.optim.Adam(lr, betas (0.9, 0.999), eps 1e-8) step over the parameters that require grad (frozen
  prototypes: renormalised by the forward, not stepped), queue_after (or null)}.
* ``seed``: the numpy seed of the case's data (a torch generator seeded alike draws the parameters and the
  augmentation).

Comparing after_adam: the first Adam step moves a parameter by lr * g / (|g| + 1e-8), so entries whose gradient
is of the order of 1e-8 or below move by an amount set by rounding. encoder.node_aggregation.attention_aggregation.
gate_nn.bias has an exactly zero gradient in exact arithmetic (a per-graph softmax ignores a common shift): its
recorded gradient is rounding noise and its after_adam value is arbitrary within +-lr. Compare gradients with an
absolute tolerance scaled to each tensor's largest entry, and after_adam where |g| is well above 1e-8.

Seeds are rejected (next one tried) when a leaf's top two projections are within 1e-4, when every graph
of the main batch has the same leaf, when the SwAV head
reference finds a selection ambiguous, when its threshold variant (seed 0.99*max versus upstream HEAD
0.99*max - 0.01 with appended top-k) would select a different set, or when a case does not exercise what it is
meant to (proper subset, fallback).
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

try:
    import numpy as np
    import torch
except ImportError:
    subprocess.check_call(["bash", os.path.join(HERE, "ensure_reference_env.sh")])
    import numpy as np
    import torch

import novae_model_reference as ref  # noqa: E402
from golden_io import write_golden  # noqa: E402
from novae_swav_goldens import Ambiguous  # noqa: E402

CELLS_CHARACTERISTIC_DISTANCE = 20.0
PANEL_SUBSET_SIZE = 0.8
BACKGROUND_NOISE_LAMBDA = 8.0
SENSITIVITY_NOISE_STD = 0.05
LEAF_MARGIN = 1e-4

BASE = dict(vocab_size=30, embedding_size=16, output_size=8, num_prototypes=10, temperature=0.1)
GENES = 12

ENCODER_CASES = [  # name, seed, GAT sizes, graph sizes
    ("encoder_l1_h1", 1, dict(num_layers=1, heads=1, hidden_size=16), [7, 1, 12]),
    ("encoder_l1_h2", 2, dict(num_layers=1, heads=2, hidden_size=16), [5, 9, 1, 4]),
    ("encoder_l2_h2", 3, dict(num_layers=2, heads=2, hidden_size=16), [25, 1, 10, 3]),
    ("encoder_l3_h1_f32", 4, dict(num_layers=3, heads=1, hidden_size=32), [6, 14, 1, 8, 2]),
    ("encoder_l10_h8_f32", 5, dict(num_layers=10, heads=8, hidden_size=32), [11, 1, 20, 6]),
]

STEP_CASES = [  # name, seed, GAT sizes, main sizes, view sizes, head settings, requirement
    ("step_l2_h2_noqueue_frozen", 11, dict(num_layers=2, heads=2, hidden_size=16), [9, 1, 15, 6], [12, 4, 1, 10],
     dict(slide_ids=None, slide_id="slide_a", min_prototypes=0, prototypes_frozen=True), None),
    ("step_l2_h2_queue2_trainable", 12, dict(num_layers=2, heads=2, hidden_size=16), [8, 13, 1, 5, 10],
     [6, 1, 11, 9, 7], dict(slide_ids=["slide_a", "slide_b"], slide_id="slide_b", min_prototypes=3,
                            prototypes_frozen=False), "subset"),
    ("step_l10_h8_queue3_fallback_trainable", 13, dict(num_layers=10, heads=8, hidden_size=16), [10, 1, 7, 12],
     [9, 5, 1, 11], dict(slide_ids=["s0", "s1", "s2"], slide_id="s1", min_prototypes=6, prototypes_frozen=False),
     "fallback"),
]
LR = 1e-3


def config_of(sizes):
    config = dict(BASE)
    config.update(sizes)
    return {key: config[key] for key in ("vocab_size", "embedding_size", "hidden_size", "num_layers",
                                         "output_size", "heads", "num_prototypes", "temperature")}


def trained_like(state, rng):
    """Moves the special initial values (identity, zero biases, unit prototypes) away, see the docstring."""
    state = dict(state)
    e = state["cell_embedder.linear.weight"].shape[0]
    state["cell_embedder.linear.weight"] = torch.eye(e) + torch.from_numpy(
        0.1 * rng.standard_normal((e, e))).float()
    for name in list(state):
        if name == "cell_embedder.linear.bias" or (name.startswith("encoder.gnn.convs.") and name.endswith(".bias")
                                                   and ".lin_" not in name):
            state[name] = torch.from_numpy(0.1 * rng.standard_normal(state[name].shape)).float()
    k = state[ref.PROTOTYPES].shape[0]
    state[ref.PROTOTYPES] = state[ref.PROTOTYPES] * torch.from_numpy(rng.uniform(0.9, 1.1, (k, 1))).float()
    return state


def random_batch(rng, sizes, genes_indices):
    """A collated batch of len(sizes) graphs: dict of tensors (see the docstring for the contract)."""
    sources, targets, attrs, batch = [], [], [], []
    offset = 0
    isolated_graph = max(range(len(sizes)), key=lambda b: sizes[b])
    for b, n in enumerate(sizes):
        edges = {}
        isolated = offset if b == isolated_graph else None  # first node of the largest graph
        for u in range(n):
            for v in range(u + 1, n):
                if offset + u == isolated or rng.random() > min(1.0, 5.0 / n):
                    continue
                d = rng.uniform(5.0, 40.0) / CELLS_CHARACTERISTIC_DISTANCE
                direction = rng.random()
                if direction < 0.75:
                    edges[(u, v)] = d
                    edges[(v, u)] = d
                elif direction < 0.875:
                    edges[(u, v)] = d
                else:
                    edges[(v, u)] = d
        if n >= 3:  # a node with outgoing edges only
            local = n - 1
            for (u, v) in [key for key in edges if key[1] == local]:
                del edges[(u, v)]
            edges[(local, 1)] = rng.uniform(5.0, 40.0) / CELLS_CHARACTERISTIC_DISTANCE
        keys = list(edges)
        for i in rng.permutation(len(keys)):
            u, v = keys[i]
            sources.append(offset + u)
            targets.append(offset + v)
            attrs.append(edges[(u, v)])
        batch.extend([b] * n)
        offset += n
    return {
        "x": torch.from_numpy(rng.standard_normal((offset, len(genes_indices)))).float(),
        "genes_indices": torch.tensor(genes_indices, dtype=torch.long),
        "edge_index": torch.tensor([sources, targets], dtype=torch.long).reshape(2, -1),
        "edge_attr": torch.tensor(attrs, dtype=torch.float64).float(),
        "batch": torch.tensor(batch, dtype=torch.long),
        "num_graphs": len(sizes),
    }


def check_structure(inputs, sizes):
    n = inputs["x"].shape[0]
    src, dst = inputs["edge_index"].tolist()
    has_in = set(dst)
    has_out = set(src)
    assert 1 in sizes, "no single-node graph"
    assert any(i not in has_in and i not in has_out and sizes[inputs["batch"][i]] > 1 for i in range(n)), \
        "no isolated node in a larger graph"
    assert any(i in has_out and i not in has_in for i in range(n)), "no source-only node"
    pairs = set(zip(src, dst))
    assert len(pairs) == len(src) and all(s != d for s, d in pairs), "duplicate edges or loops"
    assert any((d, s) not in pairs for s, d in pairs) and any((d, s) in pairs for s, d in pairs)
    assert all(inputs["batch"][s] == inputs["batch"][d] for s, d in pairs)
    assert inputs["batch"].tolist() == sorted(inputs["batch"].tolist())


def inputs_json(inputs):
    return {key: inputs[key] for key in ("x", "genes_indices", "edge_index", "edge_attr", "batch")}


def encoder_outputs(state, config, inputs):
    out = ref.graph_encoder(inputs["x"], inputs["genes_indices"], inputs["edge_index"], inputs["edge_attr"],
                            inputs["batch"], state, config, inputs["num_graphs"])
    projections = ref.projection(out["z"], state[ref.PROTOTYPES])
    top2 = torch.topk(projections, 2, dim=1).values
    if torch.min(top2[:, 0] - top2[:, 1]).item() <= LEAF_MARGIN:
        raise Ambiguous("two projections of a graph within %g" % LEAF_MARGIN)
    if len(set(torch.argmax(projections, dim=1).tolist())) < 2:
        raise Ambiguous("every graph has the same leaf")
    # conditioning: the float64 run of the same restatement must agree with the float32 one
    state64 = {k: v.double() for k, v in state.items()}
    z64 = ref.graph_encoder(inputs["x"].double(), inputs["genes_indices"], inputs["edge_index"],
                            inputs["edge_attr"].double(), inputs["batch"], state64, config, inputs["num_graphs"])["z"]
    drift = float((out["z"].double() - z64).abs().max() / z64.abs().max())
    assert drift < 1e-5, drift
    return {
        "embedded": out["embedded"],
        "layers": out["layers"],
        "z": out["z"],
        "projections": projections,
        "leaves": torch.argmax(projections, dim=1),
    }, drift


def draw_augmentation(generator, genes, num_graphs):
    """novae's draws for one batch, in its order: randperm, Exponential(8) (B, G'), N(0,1) (B, G')."""
    subset = int(genes * PANEL_SUBSET_SIZE)
    perm = torch.randperm(genes, generator=generator)
    a = torch.empty((num_graphs, subset)).exponential_(BACKGROUND_NOISE_LAMBDA, generator=generator)
    f = (1 + SENSITIVITY_NOISE_STD * torch.randn((num_graphs, subset), generator=generator)).clip(0, 2)
    return {"perm": perm, "a": a, "f": f}


def make_case(seed, sizes, graph_sizes):
    rng = np.random.default_rng(seed)
    generator = torch.Generator().manual_seed(seed)
    config = config_of(sizes)
    state = trained_like(ref.init_state_dict(config, generator), rng)
    genes_indices = rng.choice(config["vocab_size"], size=GENES, replace=False).tolist()
    inputs = random_batch(rng, graph_sizes, genes_indices)
    check_structure(inputs, graph_sizes)
    outputs, drift = encoder_outputs(state, config, inputs)
    return rng, generator, config, state, genes_indices, inputs, {
        "config": config, "state_dict": state, "inputs": inputs_json(inputs), "outputs": outputs, "seed": seed,
    }, drift


def make_step_case(seed, sizes, main_sizes, view_sizes, head, requirement):
    rng, generator, config, state, genes_indices, main, case, drift = make_case(seed, sizes, main_sizes)
    view = random_batch(rng, view_sizes, genes_indices)
    check_structure(view, view_sizes)
    k = config["num_prototypes"]
    queue = None
    if head["slide_ids"] is not None:
        queue = torch.from_numpy(rng.uniform(-0.1, 0.7, (len(head["slide_ids"]), 2, k))).float()
    draws = {"main": draw_augmentation(generator, GENES, len(main_sizes)),
             "view": draw_augmentation(generator, GENES, len(view_sizes))}
    step = {"main": main, "view": view, "slide_id": head["slide_id"], "queue": queue,
            "slide_ids": head["slide_ids"], "min_prototypes": head["min_prototypes"],
            "prototypes_frozen": head["prototypes_frozen"], "lr": LR,
            "subset_size": int(GENES * PANEL_SUBSET_SIZE), "draws": draws}
    result = ref.training_step(state, config, step)
    if result["head"].last_variant_differs:
        raise Ambiguous("upstream HEAD's threshold variant selects a different set")
    if requirement == "subset" and (result["fallback"] or len(result["ilocs"]) == k):
        raise Ambiguous("no proper subset selected by threshold")
    if requirement == "fallback" and not result["fallback"]:
        raise Ambiguous("fallback not exercised")
    for name, grad in result["gradients"].items():
        assert torch.isfinite(grad).all(), name
    frozen = head["prototypes_frozen"]
    assert (ref.PROTOTYPES in result["gradients"]) != frozen
    if frozen:
        renormalised = torch.nn.functional.normalize(state[ref.PROTOTYPES], dim=1, p=2)
        assert torch.equal(result["after_adam"][ref.PROTOTYPES], renormalised)
    case["step"] = {
        "main": inputs_json(main), "view": inputs_json(view), "slide_id": head["slide_id"], "queue": queue,
        "slide_ids": head["slide_ids"], "min_prototypes": head["min_prototypes"], "prototypes_frozen": frozen,
        "lr": LR,
        "augmentation": {"subset_size": step["subset_size"], "main": draws["main"], "view": draws["view"]},
        "outputs": {key: result[key] for key in ("loss", "entropy", "ilocs", "fallback", "gradients", "after_adam",
                                                 "queue_after")},
    }
    return case, drift


def build(name, seed, make, *args, attempts=50):
    for s in range(seed * 1000, seed * 1000 + attempts):
        try:
            return make(s, *args)
        except Ambiguous as e:
            print("  %s: seed %d rejected (%s)" % (name, s, e), file=sys.stderr)
    raise RuntimeError("no usable seed for " + name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join("lib", "src", "test", "resources", "golden", "novae_model"))
    args = parser.parse_args()
    torch.set_num_threads(1)  # deterministic reductions
    if ref.selfcheck() != 0:
        sys.exit("novae_model_reference selfcheck failed")
    for name, seed, sizes, graph_sizes in ENCODER_CASES:
        case, drift = build(name, seed, lambda s, *a: make_case(s, *a)[-2:], sizes, graph_sizes)
        path = write_golden(args.out, name, case)
        print("%s (seed %d): N=%d E=%d B=%d leaves %s, float32/float64 drift %.2g, %d bytes"
              % (path, case["seed"], len(case["inputs"]["batch"]), len(case["inputs"]["edge_attr"]), len(graph_sizes),
                 case["outputs"]["leaves"].tolist(), drift, os.path.getsize(path)))
    for name, seed, sizes, main_sizes, view_sizes, head, requirement in STEP_CASES:
        case, drift = build(name, seed, make_step_case, sizes, main_sizes, view_sizes, head, requirement)
        path = write_golden(args.out, name, case)
        out = case["step"]["outputs"]
        print("%s (seed %d): loss %.6f entropy %.6f, %d prototypes selected%s, %d gradients, drift %.2g, %d bytes"
              % (path, case["seed"], out["loss"], out["entropy"], len(out["ilocs"]),
                 " (fallback)" if out["fallback"] else "", len(out["gradients"]), drift, os.path.getsize(path)))


if __name__ == "__main__":
    main()
