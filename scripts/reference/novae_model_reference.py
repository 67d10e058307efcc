#!/usr/bin/python3
"""Plain-torch reference of novae's model (embedder, GATv2 stack, attention pooling, one training step).

Importable module; also a command:

    /usr/bin/python3 scripts/reference/novae_model_reference.py selfcheck

Restated from shared/reference/novae-workflow-spec.md section 3 (novae@9a9dddc with PyG 2.7 semantics), in
torch 1.13 without PyG:

* ``cell_embedder`` (spec 3.1): W = linear(embedding[g]) (G, E), every column divided by max(norm, 1e-12),
  h0 = x @ W.
* ``augment`` (spec 3.2) with injected draws: keep columns perm[:G'], then x_i <- x_i * f_b + a_b for the
  nodes i of graph b.
* ``gatv2_conv`` (spec 3.4.2): existing self loops removed, one loop per node appended after the real edges
  with attribute = mean of the node's incoming real edge attributes (0 without any); scores
  s = sum_c att * LeakyReLU_0.2(XR[i] + XL[j] + e * w_e); softmax over the incoming edges of each target and
  head (detached maximum subtracted, +1e-16 in the denominator); message XL[j]; concat or mean over heads;
  + bias. edge_index[0] is the source j, edge_index[1] the target i.
* ``gat_stack`` (spec 3.4.1): layer 0 E -> F (concat), middle F -> F (concat), last -> O (mean over heads),
  L = 1 maps E -> O; ELU between layers, nothing after the last.
* ``attention_aggregation`` (spec 3.4.3): gate softmax over the nodes of each graph, z_b = sum beta_n nn(y_n).
* ``projection``: normalize(z) @ C^T with C as given (spec 3.5).
* ``init_state_dict``: novae's from-scratch initialisation under the state_dict names of spec 3.4.5
  (encoder.mlp_fusion left out: multimodal is out of scope).
* ``training_step``: z_main, z_view = encoder(embedder(augment(.))), loss and entropy by the existing SwAV head
  reference (scripts/reference/novae_swav_goldens.py, imported), backward, one torch Adam step.

``selfcheck`` compares gatv2_conv, attention_aggregation and cell_embedder in float64 with naive restatements
written as explicit Python loops over targets, edges, heads and channels, on tiny graphs; exit status 1 on a
difference above 1e-12.
"""
import math
import os
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from novae_swav_goldens import NovaeSwavHeadReference  # noqa: E402  (the SwAV head the Java SwavHead matches)

NEGATIVE_SLOPE = 0.2
SOFTMAX_EPS = 1e-16
NORM_EPS = 1e-12
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8

CONV_PARAMETERS = ("lin_l.weight", "lin_l.bias", "lin_r.weight", "lin_r.bias", "lin_edge.weight", "att", "bias")
CONV_PREFIX = "encoder.gnn.convs.%d."
AGGREGATION_PREFIX = "encoder.node_aggregation.attention_aggregation."
PROTOTYPES = "swav_head._prototypes"


# --------------------------------------------------------------------------------------------
# Layers

def add_mean_self_loops(edge_index, edge_attr, num_nodes):
    """Removes existing loops, appends loop i->i for every node with the mean incoming attribute (0 if none).

    edge_index (2, E) long, edge_attr (E,) -> (2, E' + N), (E' + N,)."""
    keep = edge_index[0] != edge_index[1]
    edge_index, edge_attr = edge_index[:, keep], edge_attr[keep]
    target = edge_index[1]
    total = torch.zeros(num_nodes, dtype=edge_attr.dtype).index_add_(0, target, edge_attr)
    count = torch.zeros(num_nodes, dtype=edge_attr.dtype).index_add_(0, target, torch.ones_like(edge_attr))
    loop_attr = total / count.clamp(min=1)
    nodes = torch.arange(num_nodes, dtype=edge_index.dtype)
    return (torch.cat([edge_index, torch.stack([nodes, nodes])], dim=1), torch.cat([edge_attr, loop_attr]))


def segment_softmax(scores, index, num_segments):
    """Softmax of scores (E, ...) over the rows sharing index (E,), max (detached) subtracted, +1e-16."""
    shape = (num_segments,) + tuple(scores.shape[1:])
    expanded = index.view(-1, *([1] * (scores.dim() - 1))).expand_as(scores)
    maximum = torch.zeros(shape, dtype=scores.dtype).scatter_reduce(
        0, expanded, scores.detach(), reduce="amax", include_self=False)
    exp = torch.exp(scores - maximum[index])
    denominator = torch.zeros(shape, dtype=scores.dtype).index_add_(0, index, exp) + SOFTMAX_EPS
    return exp / denominator[index]


def gatv2_conv(h, edge_index, edge_attr, p, heads, channels, concat):
    """One GATv2Conv (PyG 2.7, add_self_loops, fill_value "mean", edge_dim 1, dropout 0).

    h (N, F_in); edge_index (2, E) long, row 0 source j, row 1 target i; edge_attr (E,);
    p: that layer's parameters under PyG names (see CONV_PARAMETERS). Returns (N, heads*channels) when concat,
    else (N, channels)."""
    n = h.shape[0]
    edge_index, edge_attr = add_mean_self_loops(edge_index, edge_attr, n)
    source, target = edge_index[0], edge_index[1]
    xl = (h @ p["lin_l.weight"].T + p["lin_l.bias"]).view(n, heads, channels)
    xr = (h @ p["lin_r.weight"].T + p["lin_r.bias"]).view(n, heads, channels)
    edge = (edge_attr[:, None] @ p["lin_edge.weight"].T).view(-1, heads, channels)
    hidden = F.leaky_relu(xr[target] + xl[source] + edge, NEGATIVE_SLOPE)
    scores = (hidden * p["att"]).sum(dim=-1)  # (E + N, heads)
    alpha = segment_softmax(scores, target, n)
    out = torch.zeros(n, heads, channels, dtype=h.dtype).index_add_(0, target, alpha[:, :, None] * xl[source])
    out = out.reshape(n, heads * channels) if concat else out.mean(dim=1)
    return out + p["bias"]


def layer_shapes(config):
    """[(in_features, heads, channels, concat)] of the GAT stack (spec 3.4.1)."""
    e, f, o, h, num_layers = (config["embedding_size"], config["hidden_size"], config["output_size"],
                              config["heads"], config["num_layers"])
    if f % h != 0:
        raise ValueError("hidden_size %d is not divisible by heads %d" % (f, h))
    shapes = []
    for layer in range(num_layers):
        in_features = e if layer == 0 else f
        last = layer == num_layers - 1
        shapes.append((in_features, h, o if last else f // h, not last))
    return shapes


def conv_parameters(state, layer):
    prefix = CONV_PREFIX % layer
    return {name: state[prefix + name] for name in CONV_PARAMETERS}


def gat_stack(h, edge_index, edge_attr, state, config):
    """The GAT of spec 3.4.1; returns (final (N, O), [output of every layer, incl. its ELU except the last])."""
    layers = []
    shapes = layer_shapes(config)
    for layer, (_, heads, channels, concat) in enumerate(shapes):
        h = gatv2_conv(h, edge_index, edge_attr, conv_parameters(state, layer), heads, channels, concat)
        if layer < len(shapes) - 1:
            h = F.elu(h)
        layers.append(h)
    return h, layers


def attention_aggregation(y, batch, p, num_graphs=None):
    """novae's AttentionAggregation: y (N, O), batch (N,) graph of each node -> (B, O).

    p: gate_nn.weight (1, O), gate_nn.bias (1), nn.weight (O, O), nn.bias (O)."""
    if num_graphs is None:
        num_graphs = int(batch.max()) + 1
    gate = y @ p["gate_nn.weight"].T + p["gate_nn.bias"]  # (N, 1)
    values = y @ p["nn.weight"].T + p["nn.bias"]  # (N, O)
    beta = segment_softmax(gate, batch, num_graphs)
    return torch.zeros(num_graphs, y.shape[1], dtype=y.dtype).index_add_(0, batch, beta * values)


def cell_embedder(x, genes_indices, p):
    """x (N, G), genes_indices (G,), p: embedding.weight (V, E), linear.weight (E, E), linear.bias (E) -> (N, E)."""
    w = p["embedding.weight"][genes_indices] @ p["linear.weight"].T + p["linear.bias"]
    w = w / w.norm(dim=0, keepdim=True).clamp_min(NORM_EPS)
    return x @ w


def sub_parameters(state, prefix):
    return {name[len(prefix):]: value for name, value in state.items() if name.startswith(prefix)}


def graph_encoder(x, genes_indices, edge_index, edge_attr, batch, state, config, num_graphs=None):
    """Embedder -> GAT -> pooling. Returns {"embedded" (N, E), "layers" [..], "y" (N, O), "z" (B, O)}."""
    embedded = cell_embedder(x, genes_indices, sub_parameters(state, "cell_embedder."))
    y, layers = gat_stack(embedded, edge_index, edge_attr, state, config)
    z = attention_aggregation(y, batch, sub_parameters(state, AGGREGATION_PREFIX), num_graphs)
    return {"embedded": embedded, "layers": layers, "y": y, "z": z}


def projection(z, prototypes):
    """normalize(z) @ C^T with C as given (inference uses the stored prototypes): (B, K)."""
    return F.normalize(z, dim=1, p=2) @ prototypes.T


def augment(x, genes_indices, batch, perm, a, f, subset_size):
    """GraphAugmentation with injected draws: perm (G,), a and f (B, G'). Returns (x' (N, G'), genes (G'))."""
    keep = perm[:subset_size]
    return x[:, keep] * f[batch] + a[batch], genes_indices[keep]


# --------------------------------------------------------------------------------------------
# Initialisation

def _uniform(shape, bound, generator):
    return (torch.rand(shape, generator=generator, dtype=torch.float64) * 2 - 1).mul(bound).float()


def init_state_dict(config, generator):
    """novae's from-scratch parameters (float32) under the state_dict names of spec 3.4.5, mlp_fusion excluded.

    config: vocab_size, embedding_size, hidden_size, num_layers, output_size, heads, num_prototypes."""
    v, e, o, k = config["vocab_size"], config["embedding_size"], config["output_size"], config["num_prototypes"]
    state = {
        "cell_embedder.embedding.weight": torch.randn((v, e), generator=generator),
        "cell_embedder.linear.weight": torch.eye(e),
        "cell_embedder.linear.bias": torch.zeros(e),
    }
    for layer, (in_features, heads, channels, concat) in enumerate(layer_shapes(config)):
        width = heads * channels
        prefix = CONV_PREFIX % layer
        glorot = math.sqrt(6.0 / (in_features + width))
        state[prefix + "lin_l.weight"] = _uniform((width, in_features), glorot, generator)
        state[prefix + "lin_l.bias"] = _uniform((width,), 1 / math.sqrt(in_features), generator)
        state[prefix + "lin_r.weight"] = _uniform((width, in_features), glorot, generator)
        state[prefix + "lin_r.bias"] = _uniform((width,), 1 / math.sqrt(in_features), generator)
        state[prefix + "lin_edge.weight"] = _uniform((width, 1), math.sqrt(6.0 / (1 + width)), generator)
        state[prefix + "att"] = _uniform((1, heads, channels), math.sqrt(6.0 / (heads + channels)), generator)
        state[prefix + "bias"] = torch.zeros(width if concat else channels)
    # torch's default Linear init: weight and bias U(+-1/sqrt(fan_in))
    state[AGGREGATION_PREFIX + "gate_nn.weight"] = _uniform((1, o), 1 / math.sqrt(o), generator)
    state[AGGREGATION_PREFIX + "gate_nn.bias"] = _uniform((1,), 1 / math.sqrt(o), generator)
    state[AGGREGATION_PREFIX + "nn.weight"] = _uniform((o, o), 1 / math.sqrt(o), generator)
    state[AGGREGATION_PREFIX + "nn.bias"] = _uniform((o,), 1 / math.sqrt(o), generator)
    # kaiming_uniform_(a=sqrt 5, mode fan_out) on (K, O): U(+-1/sqrt K), then rows L2-normalised
    state[PROTOTYPES] = F.normalize(_uniform((k, o), 1 / math.sqrt(k), generator), dim=1, p=2)
    return state


# --------------------------------------------------------------------------------------------
# Training step

def encode_augmented(inputs, draws, subset_size, state, config):
    """z (B, O) of one augmented batch. inputs: x, genes_indices, edge_index, edge_attr, batch, num_graphs."""
    x, genes = augment(inputs["x"], inputs["genes_indices"], inputs["batch"], draws["perm"], draws["a"], draws["f"],
                       subset_size)
    return graph_encoder(x, genes, inputs["edge_index"], inputs["edge_attr"], inputs["batch"], state, config,
                         inputs["num_graphs"])["z"]


def training_step(state, config, step):
    """One novae training step (float32), from the given state.

    step: main, view (input dicts as for encode_augmented), slide_id, queue ((n_slides, 2, K) or None),
    slide_ids, min_prototypes, prototypes_frozen, lr, subset_size, draws {"main": {perm, a, f}, "view": ..}.
    Returns loss, entropy, ilocs (sorted), gradients {name: tensor}, after_adam {name: tensor}, queue_after,
    and the head (for its diagnostics)."""
    params = {name: torch.nn.Parameter(value.clone()) for name, value in state.items()}
    params[PROTOTYPES].requires_grad_(not step["prototypes_frozen"])
    head = NovaeSwavHeadReference(params[PROTOTYPES].detach(), config["temperature"], 0.0)
    head._prototypes = params[PROTOTYPES]  # the head works on the model's own parameter
    head.min_prototypes = step["min_prototypes"]
    if step["queue"] is not None:
        head.init_queue(step["slide_ids"])
        head.queue = step["queue"].clone()
    z_main = encode_augmented(step["main"], step["draws"]["main"], step["subset_size"], params, config)
    z_view = encode_augmented(step["view"], step["draws"]["view"], step["subset_size"], params, config)
    head.normalize_prototypes()  # in place, no grad: also what Adam then updates
    p1 = head.projection(z_main)
    p2 = head.projection(z_view)
    ilocs, fallback = head.select(p1.detach(), step["slide_id"])
    ilocs = torch.sort(ilocs).values
    loss, entropy, _, _ = head.loss_and_entropy(p1[:, ilocs], p2[:, ilocs])
    loss.backward()
    gradients = {name: p.grad.detach().clone() for name, p in params.items() if p.grad is not None}
    optimizer = torch.optim.Adam([p for p in params.values() if p.requires_grad], lr=step["lr"],
                                 betas=ADAM_BETAS, eps=ADAM_EPS)
    optimizer.step()
    return {
        "loss": float(loss.item()),
        "entropy": float(entropy.item()),
        "ilocs": [int(i) for i in ilocs],
        "fallback": bool(fallback),
        "gradients": gradients,
        "after_adam": {name: p.detach().clone() for name, p in params.items()},
        "queue_after": None if head.queue is None else head.queue.clone(),
        "head": head,
    }


# --------------------------------------------------------------------------------------------
# selfcheck: naive restatements with explicit loops (float64 Python numbers)

def _naive_linear(rows, weight, bias):
    out = []
    for row in rows:
        out.append([sum(weight[k][c] * row[c] for c in range(len(row))) + (bias[k] if bias is not None else 0.0)
                    for k in range(len(weight))])
    return out


def naive_gatv2(h, edges, attrs, p, heads, channels, concat):
    """edges: list of (source j, target i); attrs: list of floats; p: nested lists. Straight from the formulas."""
    n = len(h)
    real = [(j, i, e) for (j, i), e in zip(edges, attrs) if j != i]
    full = list(real)
    for i in range(n):
        incoming = [e for (_, t, e) in real if t == i]
        full.append((i, i, sum(incoming) / len(incoming) if incoming else 0.0))
    xl = _naive_linear(h, p["lin_l.weight"], p["lin_l.bias"])
    xr = _naive_linear(h, p["lin_r.weight"], p["lin_r.bias"])
    w_e = [row[0] for row in p["lin_edge.weight"]]
    att = p["att"][0]
    out = [[[0.0] * channels for _ in range(heads)] for _ in range(n)]
    for i in range(n):
        into = [(j, e) for (j, t, e) in full if t == i]
        for hd in range(heads):
            scores = []
            for j, e in into:
                s = 0.0
                for c in range(channels):
                    k = hd * channels + c
                    u = xr[i][k] + xl[j][k] + e * w_e[k]
                    s += att[hd][c] * (u if u > 0 else NEGATIVE_SLOPE * u)
                scores.append(s)
            m = max(scores)
            exps = [math.exp(s - m) for s in scores]
            denominator = sum(exps) + SOFTMAX_EPS
            for (j, _), ex in zip(into, exps):
                for c in range(channels):
                    out[i][hd][c] += ex / denominator * xl[j][hd * channels + c]
    result = []
    for i in range(n):
        if concat:
            row = [out[i][hd][c] for hd in range(heads) for c in range(channels)]
        else:
            row = [sum(out[i][hd][c] for hd in range(heads)) / heads for c in range(channels)]
        result.append([v + b for v, b in zip(row, p["bias"])])
    return result


def naive_attention_aggregation(y, batch, p):
    num_graphs = max(batch) + 1
    gates = [g[0] for g in _naive_linear(y, p["gate_nn.weight"], p["gate_nn.bias"])]
    values = _naive_linear(y, p["nn.weight"], p["nn.bias"])
    z = [[0.0] * len(y[0]) for _ in range(num_graphs)]
    for b in range(num_graphs):
        members = [n for n in range(len(y)) if batch[n] == b]
        if not members:
            continue
        m = max(gates[n] for n in members)
        denominator = sum(math.exp(gates[n] - m) for n in members) + SOFTMAX_EPS
        for n in members:
            beta = math.exp(gates[n] - m) / denominator
            for c in range(len(y[0])):
                z[b][c] += beta * values[n][c]
    return z


def naive_cell_embedder(x, genes, p):
    rows = [p["embedding.weight"][g] for g in genes]
    w = _naive_linear(rows, p["linear.weight"], p["linear.bias"])
    e = len(w[0])
    norms = [max(math.sqrt(sum(w[g][c] ** 2 for g in range(len(genes)))), NORM_EPS) for c in range(e)]
    return [[sum(row[g] * w[g][c] / norms[c] for g in range(len(genes))) for c in range(e)] for row in x]


def _max_difference(a, b):
    a = torch.as_tensor(a, dtype=torch.float64)
    b = torch.as_tensor(b, dtype=torch.float64)
    assert a.shape == b.shape, (a.shape, b.shape)
    return float((a - b).abs().max()) if a.numel() else 0.0


SELFCHECK_GRAPHS = [
    # (name, number of nodes, directed edges (source, target))
    ("single node", 1, []),
    ("single node with its own loop (removed, replaced)", 1, [(0, 0)]),
    ("two isolated nodes", 2, []),
    ("one directed edge", 2, [(0, 1)]),
    ("path with an isolated node", 4, [(0, 1), (1, 0), (1, 2)]),
    ("directed cycle plus a source-only node", 4, [(0, 1), (1, 2), (2, 0), (3, 0), (3, 2)]),
    ("dense with a loop to remove", 5, [(0, 1), (1, 0), (0, 2), (2, 3), (3, 2), (4, 2), (2, 4), (1, 1), (4, 0),
                                        (3, 1)]),
]


def _random_conv_parameters(rng, in_features, heads, channels, concat):
    width = heads * channels

    def draw(*shape):
        return (torch.rand(shape, generator=rng, dtype=torch.float64) * 2 - 1) * 1.5

    return {"lin_l.weight": draw(width, in_features), "lin_l.bias": draw(width),
            "lin_r.weight": draw(width, in_features), "lin_r.bias": draw(width),
            "lin_edge.weight": draw(width, 1), "att": draw(1, heads, channels),
            "bias": draw(width if concat else channels)}


def selfcheck():
    rng = torch.Generator().manual_seed(12345)
    worst = 0.0
    checks = 0
    failures = []
    for name, n, edges in SELFCHECK_GRAPHS:
        for heads in (1, 2, 3):
            for channels in (1, 3):
                for concat in (True, False):
                    in_features = 1 + (heads + channels) % 3
                    h = torch.randn((n, in_features), generator=rng, dtype=torch.float64) * 2
                    attrs = (torch.rand(len(edges), generator=rng, dtype=torch.float64) * 1.75 + 0.25).tolist()
                    p = _random_conv_parameters(rng, in_features, heads, channels, concat)
                    edge_index = torch.tensor(edges, dtype=torch.long).reshape(-1, 2).T.contiguous()
                    fast = gatv2_conv(h, edge_index, torch.tensor(attrs, dtype=torch.float64), p, heads, channels,
                                      concat)
                    slow = naive_gatv2(h.tolist(), edges, attrs, {k: v.tolist() for k, v in p.items()}, heads,
                                       channels, concat)
                    d = _max_difference(fast, slow)
                    worst, checks = max(worst, d), checks + 1
                    if not d <= 1e-12:
                        failures.append("gatv2 %s heads=%d C=%d concat=%s: %.3g" % (name, heads, channels, concat, d))
    for batch in ([0], [0, 0, 0], [0, 1, 1, 2, 2, 2], [0, 0, 1, 2, 3, 3, 3, 3]):
        for o in (1, 3):
            y = torch.randn((len(batch), o), generator=rng, dtype=torch.float64) * 3
            p = {"gate_nn.weight": torch.randn((1, o), generator=rng, dtype=torch.float64),
                 "gate_nn.bias": torch.randn((1,), generator=rng, dtype=torch.float64),
                 "nn.weight": torch.randn((o, o), generator=rng, dtype=torch.float64),
                 "nn.bias": torch.randn((o,), generator=rng, dtype=torch.float64)}
            fast = attention_aggregation(y, torch.tensor(batch), p)
            slow = naive_attention_aggregation(y.tolist(), batch, {k: v.tolist() for k, v in p.items()})
            d = _max_difference(fast, slow)
            worst, checks = max(worst, d), checks + 1
            if not d <= 1e-12:
                failures.append("aggregation batch=%s O=%d: %.3g" % (batch, o, d))
    for genes in ([2], [4, 0, 3], [1, 5, 2, 0]):
        x = torch.randn((3, len(genes)), generator=rng, dtype=torch.float64)
        p = {"embedding.weight": torch.randn((6, 4), generator=rng, dtype=torch.float64),
             "linear.weight": torch.randn((4, 4), generator=rng, dtype=torch.float64),
             "linear.bias": torch.randn((4,), generator=rng, dtype=torch.float64)}
        fast = cell_embedder(x, torch.tensor(genes), p)
        slow = naive_cell_embedder(x.tolist(), genes, {k: v.tolist() for k, v in p.items()})
        d = _max_difference(fast, slow)
        worst, checks = max(worst, d), checks + 1
        if not d <= 1e-12:
            failures.append("embedder genes=%s: %.3g" % (genes, d))
    for line in failures:
        print("MISMATCH " + line)
    print("selfcheck: %d comparisons, largest difference %.3g, %d mismatches" % (checks, worst, len(failures)))
    return 0 if not failures else 1


if __name__ == "__main__":
    if sys.argv[1:] != ["selfcheck"]:
        print("usage: %s selfcheck" % sys.argv[0], file=sys.stderr)
        sys.exit(2)
    sys.exit(selfcheck())
