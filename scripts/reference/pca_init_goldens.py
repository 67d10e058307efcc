"""Goldens for novae's PCA initialisation of the gene embedding (spec §3.1, `CellEmbedder.pca_init`), with
Debian's scikit-learn 1.2 (PCA, KDTree) on AnnData-like matrices.

    /usr/bin/python3 scripts/reference/pca_init_goldens.py [OUT_DIR]

Each case holds AnnData-like inputs (var names in mixed case, a `novae_use_gene` mask, dense log1p float32 X of
low-rank Poisson counts; panels overlap partly), a vocabulary and E. Restated from pca_init: restrict every
AnnData to its used genes; the reference is the given index or the first AnnData with the most used genes;
`PCA(E).fit(X_ref)`; embedding[vocab(g)] = components_.T[g]; then, for every other AnnData in order, each used
gene absent from the reference's used genes copies the row of its nearest reference gene, genes being points
in that AnnData's cell space (columns of its X), Euclidean, sklearn KDTree k=1; a later AnnData overwrites.

Sign: sklearn 1.2 flips components so that each column of U (the cell scores) has its largest |entry|
positive; sklearn >= 1.5, which novae's dependencies resolve to, flips so that each component's largest
|loading| is positive (svd_flip(..., u_based_decision=False), for its "full" and "covariance_eigh" solvers
alike). The goldens store components with the newer rule applied to sklearn 1.2's output. sklearn 1.2's "auto"
picks the exact LAPACK SVD here (max(X.shape) <= 500; asserted); the script also checks the components
against a float64 eigendecomposition of the covariance, asserts that the first E+1 eigenvalues are well
separated and that no nearest-gene query is close to a tie, so that the Java comparison (components to 1e-4,
copies exactly) is well posed. Writes OUT_DIR/cases.json (default lib/src/test/resources/golden/novae_pca_init).
"""
import os
import sys

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.neighbors import KDTree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_io import write_golden  # noqa: E402


def sign_by_loading(components):
    """sklearn >= 1.5's PCA sign rule: each row's entry of largest magnitude (first on ties) is positive."""
    top = np.argmax(np.abs(components), axis=1)
    return components * np.sign(components[np.arange(len(components)), top])[:, None]


def check_against_covariance(x, components, e):
    centred = x.astype(np.float64) - x.astype(np.float64).mean(0)
    values, vectors = np.linalg.eigh(centred.T @ centred / (len(x) - 1))
    values, vectors = values[::-1], vectors[:, ::-1]
    gaps = np.abs(np.diff(values[: e + 1])) / values[0]
    assert gaps.min() > 1e-2, f"eigenvalues too close for a 1e-4 comparison: {values[: e + 1]}"
    exact = sign_by_loading(vectors[:, :e].T)
    assert np.abs(exact - components).max() < 1e-5, np.abs(exact - components).max()


def pca_init(adatas, vocabulary, e, reference_index):
    index = {g: i for i, g in enumerate(vocabulary)}
    used = [(a["var_names"][a["use"]], a["x"][:, a["use"]]) for a in adatas]
    if reference_index is None:
        reference_index = max(range(len(used)), key=lambda k: (len(used[k][0]), -k))
    ref_names, ref_x = used[reference_index]
    assert len(ref_names) > e
    pca = PCA(n_components=e).fit(ref_x.astype(np.float32))
    assert pca._fit_svd_solver == "full", pca._fit_svd_solver
    components = sign_by_loading(pca.components_)
    check_against_covariance(ref_x, components, e)
    rows = {index[g.lower()]: components[:, k] for k, g in enumerate(ref_names)}
    ref_lower = [g.lower() for g in ref_names]
    copies = []
    for names, x in used:
        lower = np.array([g.lower() for g in names])
        inside = np.isin(lower, ref_lower)
        if inside.all():
            copies.append([])
            continue
        points, queries = x[:, inside].T, x[:, ~inside].T
        _, nearest = KDTree(points).query(queries, k=1)
        distances = np.linalg.norm(queries[:, None, :].astype(np.float64) - points[None, :, :], axis=2)
        ordered = np.sort(distances, axis=1)
        assert (np.argmin(distances, axis=1) == nearest[:, 0]).all()
        assert (ordered[:, 1] > ordered[:, 0] * (1 + 1e-4)).all(), "a nearest-gene query is close to a tie"
        pairs = list(zip(lower[~inside], lower[inside][nearest[:, 0]]))
        for gene, neighbour in pairs:
            rows[index[gene]] = rows[index[neighbour]].copy()
        copies.append([list(p) for p in pairs])
    return reference_index, ref_lower, components, copies, rows


def panel(rng, names, use, n_cells, loadings, offsets):
    """Dense log1p float32 expression of low-rank Poisson counts; genes share their loadings across panels."""
    factors = rng.standard_normal((n_cells, loadings.shape[0]))
    genes = [int(g.lower()[4:]) for g in names]
    counts = rng.poisson(np.exp(factors @ loadings[:, genes] + offsets[genes]))
    return {"var_names": np.array(names), "use": np.array(use), "x": np.log1p(counts).astype(np.float32)}


def case(name, rng, panels, e, reference_index, n_genes=60):
    loadings = rng.standard_normal((8, n_genes)) * np.geomspace(1.0, 0.3, 8)[:, None]
    offsets = rng.uniform(0.0, 1.5, n_genes)
    adatas = [panel(rng, names, use, n, loadings, offsets) for names, use, n in panels]
    vocabulary = [f"gene{g:02d}" for g in rng.permutation(n_genes)] + ["unused"]
    reference, ref_genes, components, copies, rows = pca_init(adatas, vocabulary, e, reference_index)
    return {
        "name": name,
        "embedding_size": e,
        "reference_index": reference_index,
        "vocabulary": vocabulary,
        "adatas": [{"var_names": list(a["var_names"]), "use": [bool(u) for u in a["use"]], "x": a["x"]} for a in adatas],
        "reference": reference,
        "reference_genes": ref_genes,
        "components": components.astype(np.float32),
        "copies": copies,
        "rows": [[i, rows[i].astype(np.float32)] for i in sorted(rows)],
    }


def names(genes, upper=()):
    return [f"GENE{g:02d}" if g in upper else f"Gene{g:02d}" for g in genes]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "lib/src/test/resources/golden/novae_pca_init"
    rng = np.random.default_rng(7)
    ref_genes = list(range(32))  # used: 0..29; 30, 31 present but unused
    other = list(range(10, 22)) + [30] + list(range(40, 49)) + [55]  # 30 is unused in the reference; 55 unused here
    two_panels = case("two_panels", rng, [
        (names(ref_genes), [g < 30 for g in ref_genes], 80),
        (names(other, upper={12, 40}), [g != 55 for g in other], 50),
    ], e=6, reference_index=None)
    first = list(range(0, 26)) + [50, 51]  # 50, 51 are missing from the reference, as in the third panel
    reference = list(range(5, 25))
    third = list(range(15, 30)) + [51, 52]
    explicit = case("explicit_reference_last_wins", rng, [
        (names(first), [True] * len(first), 45),
        (names(reference), [True] * len(reference), 70),
        (names(third), [True] * len(third), 40),
    ], e=5, reference_index=1)
    print(write_golden(out, "cases", {"sklearn_version": sklearn.__version__, "cases": [two_panels, explicit]}))


if __name__ == "__main__":
    main()
