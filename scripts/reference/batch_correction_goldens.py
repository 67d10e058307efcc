"""Goldens for novae's batch_effect_correction (spec §4.5, §6.2 item 3), restated in pandas on anndata 0.8.

    /usr/bin/python3 scripts/reference/batch_correction_goldens.py [OUT_DIR]

Debian has no novae, so the algorithm is restated here: a table of cell counts per (AnnData, slide) row and
domain column, counted over every cell whose domain is not missing; the reference slide of a domain is the
row with the largest count (the first in table order on ties: AnnData order, then the slide categories);
its centroid is the mean novae_latent of the reference slide's cells in that domain; every valid cell of
another slide in that domain is shifted by (reference centroid - mean latent of those valid cells), in
float32 like numpy on float32 latents. The domain columns are the union of every AnnData's domain
categories (novae takes "every column of the concatenated table but the last", which on AnnData with
different categories skips a domain and treats the adata_index column as one: the script asserts that this
happens on the "differing_categories" case, so the case exercises the fix).

The "upstream_fixture" case is tests/test_correction.py@9a9dddc: its inputs and expected matrices are
restated below and the restatement is asserted to reproduce them exactly. Writes OUT_DIR/cases.json
(default lib/src/test/resources/golden/novae_correction).
"""
import os
import sys

import anndata
import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_io import write_golden  # noqa: E402

SID, VALID, LATENT = "novae_sid", "neighborhood_valid", "novae_latent"


def make_adata(slides, domains, valid, latent, slide_categories, domain_categories, prefix):
    obs = pd.DataFrame({SID: slides, "domains_key": domains, VALID: valid}, index=[f"{prefix}{i}" for i in range(len(slides))])
    obs[SID] = pd.Categorical(obs[SID], categories=slide_categories)
    obs["domains_key"] = pd.Categorical(obs["domains_key"], categories=domain_categories)
    return anndata.AnnData(obs=obs, obsm={LATENT: np.asarray(latent, dtype=np.float32)})


def domain_union(adatas, key):
    union = []
    for adata in adatas:
        union += [d for d in adata.obs[key].cat.categories if d not in union]
    return union


def count_table(adatas, key):
    """Rows (AnnData index, slide id) in table order; columns the union of the domain categories."""
    domains = domain_union(adatas, key)
    rows, counts = [], []
    for a, adata in enumerate(adatas):
        for slide in adata.obs[SID].cat.categories:
            in_slide = adata.obs[SID] == slide
            rows.append((a, slide))
            counts.append([int((in_slide & (adata.obs[key] == d)).sum()) for d in domains])
    return pd.DataFrame(counts, index=pd.MultiIndex.from_tuples(rows), columns=domains)


def correct(adatas, key):
    table = count_table(adatas, key)
    references, centroids = {}, {}
    for domain in table.columns:
        if table[domain].sum() == 0:
            continue  # a category without cells changes nothing
        a, slide = table[domain].idxmax()
        references[domain] = (a, slide)
        obs = adatas[a].obs
        centroids[domain] = adatas[a].obsm[LATENT][((obs[SID] == slide) & (obs[key] == domain)).values].mean(0)
    out = [adata.obsm[LATENT].copy() for adata in adatas]
    for a, slide in table.index:
        obs = adatas[a].obs
        cells = ((obs[SID] == slide) & obs[VALID]).values
        assert cells.any(), f"slide {slide} has no valid cell"
        for domain, reference in references.items():
            if reference == (a, slide):
                continue
            where = cells & (obs[key] == domain).values
            if where.any():
                out[a][where] += centroids[domain] - adatas[a].obsm[LATENT][where].mean(0)
    return out, references


def novae_domain_columns(adatas, key):
    """The columns novae treats as domains: all of the concatenated per-AnnData count tables but the last."""
    parts = []
    for a, adata in enumerate(adatas):
        part = pd.crosstab(adata.obs[SID], adata.obs[key], dropna=False)
        part["adata_index"] = a
        parts.append(part)
    return list(pd.concat(parts, axis=0).columns[:-1])


def payload(name, adatas, key):
    corrected, references = correct(adatas, key)
    return {
        "name": name,
        "obs_key": key,
        "references": {d: [a, s] for d, (a, s) in references.items()},
        "adatas": [{
            "obs_names": list(adata.obs_names),
            "slide_ids": list(adata.obs[SID].astype(str)),
            "slide_categories": list(adata.obs[SID].cat.categories),
            "domains": [None if pd.isna(d) else d for d in adata.obs[key]],
            "domain_categories": list(adata.obs[key].cat.categories),
            "valid": [bool(v) for v in adata.obs[VALID]],
            "latent": adata.obsm[LATENT],
            "corrected": c,
        } for adata, c in zip(adatas, corrected)],
    }


def upstream_fixture():
    """tests/test_correction.py@9a9dddc restated: the same cells, obs key, latents and expected matrices."""
    first = make_adata(
        ["a", "a", "b", "b", "a", "b", "b"], ["N1", "N1", "N1", "N1", "N3", "N1", "N2"], [True] * 7,
        [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [12, 13], [-2, -2]], ["a", "b"], ["N1", "N2", "N3"], "c1_")
    second = make_adata(
        ["c"] * 5, ["N2", "N1", np.nan, "N2", "N2"], [True, True, False, True, True],
        [[-1, -3], [0, -10], [0, 0], [0, -1], [100, 100]], ["c"], ["N1", "N2"], "c2_")
    expected = [
        np.array([[7, 8], [9, 10], [5, 6], [7, 8], [9, 10], [12, 13], [-2 + 35, -2 + 34]], dtype=np.float32),
        np.array([[-1, -3], [0 + 8, -10 + 19], [0, 0], [0, -1], [100, 100]], dtype=np.float32),
    ]
    corrected, references = correct([first, second], "domains_key")
    for got, want in zip(corrected, expected):
        assert (got == want).all(), f"restatement differs from tests/test_correction.py: {got} vs {want}"
    assert references == {"N1": (0, "b"), "N2": (1, "c"), "N3": (0, "a")}, references
    return [first, second]


def differing_categories(rng):
    """Three AnnData whose domain categories differ (one unused), a cross-AnnData tie, invalid cells in domains."""
    layout = [  # per AnnData: slide categories, domain categories, {slide: {domain: count}}
        (["s0", "s1"], ["D1", "D2", "D3"], {"s0": {"D1": 6, "D2": 3}, "s1": {"D1": 2, "D2": 7, "D3": 4}}),
        (["s2"], ["D2", "D4"], {"s2": {"D2": 4, "D4": 5, None: 3}}),
        (["s3", "s4"], ["D4", "D1", "D5", "D9"], {"s3": {"D4": 5, "D1": 3, "D5": 2}, "s4": {"D5": 6, "D1": 8, None: 2}}),
    ]
    adatas = []
    for a, (slide_categories, domain_categories, counts) in enumerate(layout):
        slides, domains = [], []
        for slide, per_domain in counts.items():
            for domain, n in per_domain.items():
                slides += [slide] * n
                domains += [np.nan if domain is None else domain] * n
        order = rng.permutation(len(slides))
        slides = [slides[i] for i in order]
        domains = [domains[i] for i in order]
        missing = np.array([isinstance(d, float) for d in domains])
        valid = ~missing & (rng.random(len(slides)) > 0.15)  # some invalid cells keep a domain
        latent = rng.standard_normal((len(slides), 4)).astype(np.float32)
        latent[missing] = 0  # novae writes 0 for cells without a neighbourhood
        adatas.append(make_adata(slides, domains, valid, latent, slide_categories, domain_categories, f"a{a}_"))
    columns = novae_domain_columns(adatas, "domains_key")
    assert columns != domain_union(adatas, "domains_key") and "adata_index" in columns, columns
    assert correct(adatas, "domains_key")[1]["D4"] == (1, "s2"), "the D4 tie goes to the first row"
    return adatas


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "lib/src/test/resources/golden/novae_correction"
    rng = np.random.default_rng(20240611)
    cases = [payload("upstream_fixture", upstream_fixture(), "domains_key"),
             payload("differing_categories", differing_categories(rng), "domains_key")]
    print(write_golden(out, "cases", {"anndata_version": anndata.__version__, "cases": cases}))


if __name__ == "__main__":
    main()
