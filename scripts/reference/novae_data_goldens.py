"""Goldens for novae's data pipeline (spec §2.2, §2.3, §3.3), restated with Debian's scipy 1.10 / numpy / torch 1.13.

    /usr/bin/python3 scripts/reference/novae_data_goldens.py [OUT_DIR]

Debian has neither novae nor PyG nor fast-array-utils, so this restates, in plain scipy/numpy/torch:
- neighbourhoods (novae/data/dataset.py `_to_adjacency_local`, `_to_adjacency_view`, `_init_dataset`): local(h) =
  the sparsity of (A with diagonal set to 1) times A, h-1 times; view(1) = A with its diagonal removed; view(h) =
  sparsity of the h-hop product minus that of the (h-1)-hop product; valid = the view row sums to more than 0.
  Checked first against upstream's own truth tables (tests/test_neighbors.py) on its two fixtures.
- subgraphs (`to_pyg_data` + GATv2's self loops, spec §3.4.2): nodes = local row; edges = stored entries of
  A[nodes][:, nodes]; attribute = float32(A) * scale / 20 in torch float32 (at most 8 centres per graph); self loop per target = mean of its
  incoming attributes (0 without any), by torch index_add_ then a division, as PyG's scatter mean.
- standardisation (novae/data/convert.py `AnnDataTorch`, fast-array-utils `mean_var` with correction 0): per
  slide over all its cells, mean in float64, variance = mean(x**2) - mean**2 where x**2 is taken in X's dtype
  (float32) and averaged in float64 (dense path; the sparse path also squares float32 values), sqrt, cast to
  float32; then (X - mean) / (std + 1e-8) in torch float32. The script asserts that this rule and the exact one
  (float64 squares) agree to 1e-7 relative on the data stored, so the Java comparison (1e-6) is well posed.
Writes OUT_DIR/neighborhoods.json, subgraphs.json, standardization.json (default
lib/src/test/resources/golden/novae_data).
"""
import os
import sys

import numpy as np
import torch
from scipy.sparse import csr_matrix

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_io import write_golden  # noqa: E402

EPS = 1e-8
CELLS_CHARACTERISTIC_DISTANCE = 20


def distances(coords, edges, n):
    rows = np.array([u for u, _ in edges], dtype=int)
    cols = np.array([v for _, v in edges], dtype=int)
    values = np.linalg.norm(coords[rows] - coords[cols], axis=1)
    return csr_matrix((values, (rows, cols)), shape=(n, n))


def symmetric(pairs):
    return [(u, v) for u, v in pairs] + [(v, u) for u, v in pairs]


def hop_product(adjacency, hops):
    """(A with diagonal 1) @ A^(hops-1)."""
    product = adjacency.tolil()
    product.setdiag(1)
    product = product.tocsr()
    for _ in range(hops - 1):
        product = product @ adjacency
    return product


def local_rows(adjacency, hops):
    return rows_of(hop_product(adjacency, hops))


def view_rows(adjacency, hops):
    if hops == 1:
        pair = adjacency.tolil()
        pair.setdiag(0)
        pair = pair.tocsr()
        pair.eliminate_zeros()
        return rows_of(pair)
    current, previous = hop_product(adjacency, hops), hop_product(adjacency, hops - 1)
    return [sorted(set(c) - set(p)) for c, p in zip(rows_of(current), rows_of(previous))]


def rows_of(matrix):
    matrix = matrix.tocsr()
    matrix.eliminate_zeros()
    return [sorted(int(j) for j in matrix.indices[matrix.indptr[i]:matrix.indptr[i + 1]]) for i in range(matrix.shape[0])]


def dense_truth(rows, n):
    return [[j in set(r) for j in range(n)] for r in rows]


def five_point():
    """tests/_utils.py `adata`: spatial_neighbors(radius=[0, 1.5]) gives tests/test_neighbors.py's true_connectivities."""
    coords = np.array([[0, 0], [0, 1], [0, 2], [3, 3], [1, 1]], dtype=float)
    return coords, distances(coords, symmetric([(0, 1), (0, 4), (1, 2), (1, 4), (2, 4)]), 5)


def line():
    """tests/_utils.py `adata_line` (radius 1.5): 0-1-2, 3-4 and the isolated 5."""
    coords = np.array([[0, 0], [0, 1], [0, 2], [2, 0], [2, 1], [4, 0]], dtype=float)
    return coords, distances(coords, symmetric([(0, 1), (1, 2), (3, 4)]), 6)


def check_upstream_truth_tables():
    t, f = True, False
    _, a = five_point()
    assert dense_truth(local_rows(a, 1), 5) == [[t, t, f, f, t], [t, t, t, f, t], [f, t, t, f, t], [f, f, f, t, f], [t, t, t, f, t]]
    assert dense_truth(local_rows(a, 2), 5) == [[t, t, t, f, t]] * 3 + [[f] * 5] + [[t, t, t, f, t]]
    assert view_rows(a, 2) == [[2], [], [0], [], []]
    assert all(not r for r in view_rows(a, 3))
    _, b = line()
    assert local_rows(b, 1) == [[0, 1], [0, 1, 2], [1, 2], [3, 4], [3, 4], [5]]
    assert local_rows(b, 2) == [[0, 1, 2]] * 3 + [[3, 4]] * 2 + [[]]
    assert view_rows(b, 1) == [[1], [0, 2], [1], [4], [3], []]
    assert view_rows(b, 2) == [[2], [], [0], [], [], []]
    assert all(not r for r in view_rows(b, 3))


def random_radius_graph(rng, n, radius):
    coords = rng.uniform(0, 10, size=(n, 2))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if np.linalg.norm(coords[i] - coords[j]) <= radius]
    return coords, distances(coords, symmetric(pairs), n)


def random_knn_graph(rng, n, k):
    """Directed: each cell to its k nearest others (as novae's kNN graphs); some cells get no in-edge."""
    coords = rng.uniform(0, 10, size=(n, 2))
    d = np.linalg.norm(coords[:, None] - coords[None], axis=2)
    np.fill_diagonal(d, np.inf)
    edges = [(i, int(j)) for i in range(n) for j in np.argsort(d[i], kind="stable")[:k]]
    return coords, distances(coords, edges, n)


def csr_payload(a):
    a = a.tocsr()
    a.sort_indices()
    return {"n": a.shape[0], "indptr": a.indptr.astype(np.int64), "indices": a.indices.astype(np.int64), "data": a.data}


def graphs(rng):
    chain = csr_matrix((np.array([1.0, 2.0]), ([0, 1], [1, 2])), shape=(3, 3))
    sink = csr_matrix((np.array([1.5, 1.0, 2.5, 0.5]), ([0, 1, 3, 4], [1, 2, 1, 3])), shape=(5, 5))
    return [
        ("five_point", five_point()[1]),
        ("line", line()[1]),
        ("directed_chain", chain),
        ("directed_sinks", sink),
        ("radius_40", random_radius_graph(rng, 40, 2.2)[1]),
        ("knn_40_k3", random_knn_graph(rng, 40, 3)[1]),
    ]


def neighborhood_cases(rng):
    cases = []
    for name, a in graphs(rng):
        case = {"name": name, "adjacency": csr_payload(a)}
        for h in (1, 2, 3):
            case[f"local_{h}"] = local_rows(a, h)
            view = view_rows(a, h)
            case[f"view_{h}"] = view
            case[f"valid_{h}"] = [bool(np.asarray(a_row).size) for a_row in view]
        cases.append(case)
    return cases


def subgraph(a, center, hops, scale):
    nodes = np.array(hop_product(a, hops)[center].indices)  # CSR order of the product, as upstream
    sub = a[nodes][:, nodes].tocoo()
    sources, targets = nodes[sub.row], nodes[sub.col]
    attr = torch.tensor(sub.data)[:, None].to(torch.float32) * scale / CELLS_CHARACTERISTIC_DISTANCE
    keep = sub.row != sub.col
    index = torch.tensor(sub.col[keep], dtype=torch.long)
    sums = torch.zeros(len(nodes), 1).index_add_(0, index, attr[torch.tensor(keep)])
    counts = torch.zeros(len(nodes), 1).index_add_(0, index, torch.ones(int(keep.sum()), 1))
    loops = sums / counts.clamp(min=1)
    return {
        "center": center,
        "nodes": nodes.astype(np.int64),
        "sources": sources[keep].astype(np.int64),
        "targets": targets[keep].astype(np.int64),
        "attributes": attr[torch.tensor(keep)][:, 0].numpy(),
        "loop_attributes": loops[:, 0].numpy(),
    }


def subgraph_cases(rng):
    cases = []
    for name, a in graphs(rng):
        for hops, scale in ((1, 1.0), (2, 0.7), (3, 1.3)):
            local = local_rows(a, hops)
            centers = [c for c in range(a.shape[0]) if local[c]][:8]
            cases.append({"name": f"{name}_h{hops}", "adjacency": csr_payload(a), "hops": hops, "scale": scale,
                          "graphs": [subgraph(a, c, hops, scale) for c in centers]})
    return cases


def mean_std(x, exact_squares):
    mean = x.mean(0, dtype=np.float64)
    squares = x.astype(np.float64) ** 2 if exact_squares else x ** 2
    var = squares.mean(0, dtype=np.float64) - mean ** 2
    return mean, np.sqrt(var)


def standardize(x, columns, slides):
    x = x[:, columns]
    out = np.empty_like(x)
    means, stds = {}, {}
    for s in sorted(set(slides)):
        rows = np.array([i for i, t in enumerate(slides) if t == s])
        mean, std = mean_std(x[rows], exact_squares=False)
        exact_mean, exact_std = mean_std(x[rows], exact_squares=True)
        assert np.all(np.abs(std - exact_std) <= 1e-7 * exact_std + 1e-12), (s, np.abs(std - exact_std).max())
        mu, sigma = torch.tensor(mean.astype(np.float32)), torch.tensor(std.astype(np.float32))
        out[rows] = ((torch.tensor(x[rows]) - mu) / (sigma + EPS)).numpy()
        means[s], stds[s] = mean.astype(np.float32), std.astype(np.float32)
    return out, means, stds


def standardization_case(rng, name, n, genes, slide_names, zero_gene, sparse):
    counts = rng.poisson(rng.gamma(2.0, 1.5, size=genes), size=(n, genes)).astype(np.float32)
    counts[:, zero_gene] = 0
    x = np.log1p(counts).astype(np.float32)
    slides = [slide_names[i % len(slide_names)] if i % 7 else slide_names[-1] for i in range(n)]
    others = np.array([g for g in range(genes) if g != zero_gene])
    columns = rng.permutation(np.concatenate([rng.permutation(others)[: genes - 4], [zero_gene]])).astype(np.int64)
    out, means, stds = standardize(x, columns, slides)
    payload = {"name": name, "n": n, "genes": genes, "columns": columns, "slides": slides, "expected": out,
               "means": {s: means[s] for s in means}, "stds": {s: stds[s] for s in stds}}
    if sparse:
        m = csr_matrix(x)
        payload["x_sparse"] = {"indptr": m.indptr.astype(np.int64), "indices": m.indices.astype(np.int64),
                               "data": m.data.astype(np.float32)}
    else:
        payload["x_dense"] = x
    return payload


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "lib/src/test/resources/golden/novae_data"
    check_upstream_truth_tables()
    write_golden(out_dir, "neighborhoods", {"cases": neighborhood_cases(np.random.default_rng(11))})
    write_golden(out_dir, "subgraphs", {"cases": subgraph_cases(np.random.default_rng(11))})
    rng = np.random.default_rng(12)
    write_golden(out_dir, "standardization", {"cases": [
        standardization_case(rng, "dense_three_slides", 120, 14, ["s_a", "s_b", "s_c"], 5, sparse=False),
        standardization_case(rng, "sparse_two_slides", 90, 11, ["left", "right"], 2, sparse=True),
    ]})


if __name__ == "__main__":
    main()
