"""Golden graphs for novae's spatial_neighbors (spec §1.1), restated with Debian's scipy 1.10 / numpy.

    /usr/bin/python3 scripts/reference/spatial_neighbors_goldens.py [OUT_DIR]

Debian has neither novae nor squidpy nor scikit-learn's NearestNeighbors in the same form, so this restates
novae's `_spatial_neighbor` / `_build_connectivity` / `_build_grid` step by step with the same scipy sparse
operations (scipy.spatial.Delaunay's vertex_neighbor_vertices, csr setdiag, the radius mask on the shared
structure, numpy's percentile over the stored values, eliminate_zeros, block_diag per slide), and
cKDTree for the radius ball and kNN queries (self excluded, as NearestNeighbors without X). Each case
stores its points, settings and both CSR matrices; writes OUT_DIR/<case>.json (default
lib/src/test/resources/golden/spatial).
"""
import os
import sys
import warnings

import numpy as np
from scipy.sparse import SparseEfficiencyWarning, block_diag, csr_matrix
from scipy.spatial import Delaunay, cKDTree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_io import write_golden  # noqa: E402

warnings.simplefilter("ignore", SparseEfficiencyWarning)


def connectivity(coords, n_neighs, radius, delaunay, neigh_correct=False, set_diag=False):
    n = len(coords)
    if delaunay:
        indptr, indices = Delaunay(coords).vertex_neighbor_vertices
        adj = csr_matrix((np.ones_like(indices, dtype=np.float64), indices, indptr), shape=(n, n))
        rows = np.repeat(np.arange(n), np.diff(indptr))
        dst = csr_matrix((np.linalg.norm(coords[rows] - coords[indices], axis=1), indices, indptr), shape=(n, n))
    else:
        tree = cKDTree(coords)
        if radius is None:
            dists, cols = tree.query(coords, k=n_neighs + 1)
            dists, cols = dists[:, 1:].reshape(-1), cols[:, 1:].reshape(-1)  # self is the nearest (no duplicates here)
            rows = np.repeat(np.arange(n), n_neighs)
            if neigh_correct:
                keep = dists < np.median(dists) * 1.3
                rows, cols, dists = rows[keep], cols[keep], dists[keep]
        else:
            balls = tree.query_ball_point(coords, r=max(radius))
            rows = np.concatenate([[i] * (len(b) - 1) for i, b in enumerate(balls)]).astype(int)
            cols = np.concatenate([[j for j in sorted(b) if j != i] for i, b in enumerate(balls)]).astype(int)
            dists = np.linalg.norm(coords[rows] - coords[cols], axis=1)
        adj = csr_matrix((np.ones_like(rows, dtype=np.float64), (rows, cols)), shape=(n, n))
        dst = csr_matrix((dists, (rows, cols)), shape=(n, n))
    adj.setdiag(1.0 if set_diag else adj.diagonal())
    dst.setdiag(0.0)
    return adj, dst


def grid_graph(coords, n_neighs, n_rings, set_diag):
    if n_rings > 1:
        adj = connectivity(coords, n_neighs, None, False, neigh_correct=True, set_diag=True)[0]
        res, walk = adj, adj
        for i in range(n_rings - 1):
            walk = walk @ adj
            walk[res.nonzero()] = 0.0
            walk.eliminate_zeros()
            walk.data[:] = i + 2.0
            res = res + walk
        adj = res
        adj.setdiag(float(set_diag))
        adj.eliminate_zeros()
        dst = adj.copy()
        adj.data[:] = 1.0
    else:
        adj, dst = connectivity(coords, n_neighs, None, False, neigh_correct=True, set_diag=set_diag)
    dst.setdiag(0.0)
    return adj, dst


def slide_graph(coords, grid=False, delaunay=True, radius=None, n_neighs=6, n_rings=1, percentile=None, set_diag=False):
    if grid:
        adj, dst = grid_graph(coords, n_neighs, n_rings, set_diag)
    else:
        adj, dst = connectivity(coords, n_neighs, radius, delaunay, set_diag=set_diag)
        if radius is not None:
            lo, hi = sorted(radius)[:2]
            mask = (dst.data < lo) | (dst.data > hi)
            diagonal = adj.diagonal()
            dst.data[mask] = 0.0
            adj.data[mask] = 0.0
            adj.setdiag(diagonal)
        if percentile is not None:
            threshold = np.percentile(dst.data, percentile)
            adj[dst > threshold] = 0.0
            dst[dst > threshold] = 0.0
    adj.eliminate_zeros()
    dst.eliminate_zeros()
    return adj, dst


def graph(coords, slides, **settings):
    order = sorted(set(slides))
    if len(order) == 1:
        return slide_graph(coords, **settings)
    ixs, mats = [], []
    for s in order:
        where = np.where(np.asarray(slides) == s)[0]
        ixs.extend(where)
        mats.append(slide_graph(coords[where], **settings))
    ixs = np.argsort(ixs)
    adj = block_diag([m[0] for m in mats], format="csr")[ixs, :][:, ixs]
    dst = block_diag([m[1] for m in mats], format="csr")[ixs, :][:, ixs]
    return adj, dst


def csr_json(m):
    m = m.tocsr()
    m.sort_indices()
    return {"indptr": m.indptr.tolist(), "indices": m.indices.tolist(), "data": m.data.tolist()}


def case(out, name, coords, slides=None, **settings):
    slides = ["s"] * len(coords) if slides is None else slides
    adj, dst = graph(coords, slides, **settings)
    payload = {"x": coords[:, 0].tolist(), "y": coords[:, 1].tolist(), "slides": list(slides),
               "settings": {k: (list(v) if isinstance(v, tuple) else v) for k, v in settings.items()},
               "connectivities": csr_json(adj), "distances": csr_json(dst)}
    write_golden(out, name, payload)


def hex_grid(rows, cols, rng):
    pts = [(c * 100.0 + (50.0 if r % 2 else 0.0), r * 100.0 * np.sqrt(3) / 2) for r in range(rows) for c in range(cols)]
    return np.array(pts) + rng.normal(scale=2.0, size=(len(pts), 2))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "lib", "src", "test", "resources", "golden", "spatial")
    rng = np.random.default_rng(20261202)
    case(out, "delaunay_200", rng.random((200, 2)) * 100)
    case(out, "delaunay_1000_radius", rng.random((1000, 2)) * 1000, radius=(5.0, 40.0))
    case(out, "delaunay_500_percentile", rng.random((500, 2)) * 100, percentile=90.0)
    case(out, "delaunay_radius_percentile", rng.random((400, 2)) * 100, radius=(0.0, 8.0), percentile=75.0)
    case(out, "delaunay_set_diag", rng.random((100, 2)) * 50, radius=(0.0, 10.0), set_diag=True)
    case(out, "radius_ball_300", rng.random((300, 2)) * 100, delaunay=False, radius=(2.0, 10.0))
    case(out, "knn_300", rng.random((300, 2)) * 100, delaunay=False, n_neighs=6)
    pts = rng.random((150, 2)) * 60
    pts = np.concatenate([pts, pts[:10]])  # ten cells repeated at the same place
    case(out, "radius_ball_duplicates", pts, delaunay=False, radius=(0.0, 6.0))
    slides = [f"slide_{i % 3}" for i in range(450)]  # interleaved cell order
    case(out, "multi_slide_450", rng.random((450, 2)) * 100, slides=slides, radius=(0.0, 20.0))
    case(out, "visium_grid", hex_grid(12, 14, rng), grid=True, delaunay=False, n_neighs=6)
    case(out, "visium_grid_rings", hex_grid(10, 10, rng), grid=True, delaunay=False, n_neighs=6, n_rings=3)


if __name__ == "__main__":
    main()
