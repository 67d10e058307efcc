"""AnnData round-trip fixtures for the Java .h5ad reader and writer (run by the Java tests).

    /usr/bin/python3 scripts/reference/h5ad_fixtures.py write DIR
        anndata 0.8 writes DIR/<case>.h5ad for every case below, plus two files built with h5py in
        encodings only newer anndata writes (0.11-0.13: nullable-string-array index, null in uns,
        uint8 indices, int64 indptr) and one in anndata 0.7's layout (no encoding attributes);
        DIR/expected.json holds each file's content summary (see `summary`).
    /usr/bin/python3 scripts/reference/h5ad_fixtures.py check FILE.h5ad DIR/expected.json CASE
        anndata 0.8 reads FILE (with every warning an error), summarises it and compares the
        summary with CASE's; prints the first difference and exits 1 if they differ.

The summary is the test's notion of "the same AnnData": X (dense or sparse, with format, dtype,
shape and every stored value), obs/var names, index names, column order, each column's kind
(categorical with categories and `ordered`, bool, the numpy dtype, pandas nullable) and values,
obsm/varm/obsp/varp/layers likewise, and uns recursively with the type of every value.
"""
import json
import math
import os
import sys
import warnings

import anndata
import h5py
import numpy as np
import pandas as pd
import scipy.sparse as sp


def _number(x):
    x = float(x)
    return None if math.isnan(x) else x


def summarise_matrix(m):
    if sp.issparse(m):
        m = m.copy()
        m.sort_indices()
        fmt = "csr" if sp.isspmatrix_csr(m) else "csc"
        return {"kind": fmt, "dtype": str(m.dtype), "shape": list(m.shape), "data": [_number(v) for v in m.data],
                "indices": [int(v) for v in m.indices], "indptr": [int(v) for v in m.indptr]}
    m = np.asarray(m)
    return {"kind": "dense", "dtype": str(m.dtype), "shape": list(m.shape), "values": [_number(v) for v in m.ravel()]}


def summarise_column(s):
    if isinstance(s.dtype, pd.CategoricalDtype):
        return {"kind": "categorical", "categories": [str(c) for c in s.cat.categories], "ordered": bool(s.cat.ordered),
                "values": [None if pd.isna(v) else str(v) for v in s]}
    if str(s.dtype) in ("Int64", "Int32", "boolean"):
        return {"kind": "nullable-" + str(s.dtype), "values": [None if pd.isna(v) else (bool(v) if str(s.dtype) == "boolean" else int(v)) for v in s]}
    if s.dtype == object:
        return {"kind": "string", "values": [str(v) for v in s]}
    if s.dtype == bool:
        return {"kind": "bool", "values": [bool(v) for v in s]}
    return {"kind": str(s.dtype), "values": [_number(v) for v in s]}


def summarise_frame(df):
    return {"index": [str(v) for v in df.index], "index_name": df.index.name, "columns": list(df.columns),
            "values": {c: summarise_column(df[c]) for c in df.columns}}


def summarise_uns(v):
    if isinstance(v, dict):
        return {"kind": "dict", "items": {k: summarise_uns(x) for k, x in sorted(v.items())}}
    if isinstance(v, str):
        return {"kind": "str", "value": v}
    if isinstance(v, (bool, np.bool_)):
        return {"kind": "bool", "value": bool(v)}
    if isinstance(v, (int, np.integer)):
        return {"kind": "int", "value": int(v)}
    if isinstance(v, (float, np.floating)):
        return {"kind": "float", "value": _number(v)}
    if isinstance(v, pd.DataFrame):
        return {"kind": "dataframe", "frame": summarise_frame(v)}
    a = np.asarray(v)
    if a.dtype == object or a.dtype.kind in "US":
        return {"kind": "strings", "values": [str(x) for x in a.ravel()]}
    return {"kind": "array", "matrix": summarise_matrix(a)}


def summary(adata):
    out = {"X": None if adata.X is None else summarise_matrix(adata.X),
           "obs": summarise_frame(adata.obs), "var": summarise_frame(adata.var),
           "uns": summarise_uns(dict(adata.uns))}
    for field in ("obsm", "varm", "obsp", "varp", "layers"):
        mapping = getattr(adata, field)
        out[field] = {k: summarise_matrix(mapping[k]) for k in sorted(mapping.keys())}
    return out


# ----------------------------------------------------------------------------------------- cases


def _base(rng, n_obs=12, n_vars=7, dtype=np.float32):
    x = rng.poisson(1.5, size=(n_obs, n_vars)).astype(dtype)
    obs = pd.DataFrame(index=[f"cell_{i}" for i in range(n_obs)])
    var = pd.DataFrame(index=[f"Gene{j}" for j in range(n_vars)])
    return x, obs, var


def case_dense(rng):
    x, obs, var = _base(rng)
    n = x.shape[0]
    obs["domain"] = pd.Categorical(rng.choice(["cortex", "Épithélial", "stroma"], n), categories=["stroma", "cortex", "Épithélial"])
    obs.loc[obs.index[[2, 5]], "domain"] = np.nan
    obs["level"] = pd.Categorical(rng.choice(["low", "high"], n), categories=["low", "high"], ordered=True)
    obs["n_counts"] = rng.integers(0, 1000, n).astype(np.int64)
    obs["n_genes32"] = rng.integers(0, 100, n).astype(np.int32)
    obs["score"] = rng.normal(size=n)
    obs.loc[obs.index[3], "score"] = np.nan
    obs["score32"] = rng.normal(size=n).astype(np.float32)
    obs["is_valid"] = rng.random(n) > 0.3
    obs["barcode"] = [f"AC{i:04d}GT" for i in range(n)]
    obs["nullable"] = pd.array([1, None, 3] + list(range(n - 3)), dtype="Int64")
    var["highly_variable"] = np.array([True, False, True, True, False, False, True])
    var["means"] = rng.random(x.shape[1])
    adata = anndata.AnnData(X=x, obs=obs, var=var)
    adata.obsm["spatial"] = rng.random((n, 2)) * 100
    adata.obsm["latent32"] = rng.normal(size=(n, 3)).astype(np.float32)
    adata.varm["loadings"] = rng.normal(size=(x.shape[1], 2))
    adata.layers["counts"] = x.astype(np.int32)
    adata.obsp["spatial_distances"] = sp.random(n, n, density=0.3, format="csr", random_state=1, dtype=np.float64)
    adata.obsp["spatial_connectivities"] = (adata.obsp["spatial_distances"] > 0).astype(np.float32)
    adata.varp["corr"] = sp.random(x.shape[1], x.shape[1], density=0.4, format="csr", random_state=2, dtype=np.float32)
    adata.uns["title"] = "slide Ω"
    adata.uns["n_pcs"] = 30
    adata.uns["resolution"] = 0.5
    adata.uns["flag"] = True
    adata.uns["domain_colors"] = np.array(["#1f77b4", "#ff7f0e", "#2ca02c"], dtype=object)
    adata.uns["weights"] = np.arange(6, dtype=np.float64).reshape(2, 3)
    adata.uns["image"] = rng.integers(0, 255, (4, 5, 3)).astype(np.uint8)
    adata.uns["spatial_neighbors"] = {"connectivities_key": "spatial_connectivities", "distances_key": "spatial_distances",
                                      "params": {"radius": np.array([0.0, 80.0]), "set_diag": False, "n_neighbors": 6,
                                                 "coord_type": "generic"}}
    return adata, {}


def case_csr(rng):
    adata, _ = case_dense(rng)
    adata.X = sp.csr_matrix(adata.X)
    adata.layers["counts"] = sp.csr_matrix(adata.layers["counts"])
    return adata, {}


def case_csc(rng):
    x, obs, var = _base(rng, 9, 5, np.float64)
    x[x < 2] = 0
    adata = anndata.AnnData(X=sp.csc_matrix(x), obs=obs, var=var, dtype=x.dtype)
    adata.obs["slide"] = pd.Categorical(["a", "b", "a", "b", "a", "b", "a", "b", "a"])
    return adata, {}


def case_int_x(rng):
    x, obs, var = _base(rng, 6, 4)
    adata = anndata.AnnData(X=sp.csr_matrix(x.astype(np.int64)), obs=obs, var=var, dtype=np.int64)
    return adata, {}


def case_gzip(rng):
    adata, _ = case_csr(rng)
    return adata, {"compression": "gzip"}


def case_lzf(rng):
    adata, _ = case_csr(rng)
    return adata, {"compression": "lzf"}


def case_chunked_dense(rng):
    x, obs, var = _base(rng, 250, 30)
    adata = anndata.AnnData(X=x, obs=obs, var=var)
    adata.obs["cluster"] = pd.Categorical(rng.choice([str(i) for i in range(150)], 250))  # int16 codes
    return adata, {"compression": "gzip", "compression_opts": 6}


def case_minimal(rng):
    x, obs, var = _base(rng, 3, 2)
    return anndata.AnnData(X=x, obs=obs, var=var), {}


def case_named_index(rng):
    x, obs, var = _base(rng, 4, 3)
    obs.index.name = "cell_id"
    var["gene_ids"] = [f"ENSG{j}" for j in range(3)]
    adata = anndata.AnnData(X=x, obs=obs, var=var)
    adata.obs["empty_cat"] = pd.Categorical([np.nan] * 4, categories=[])
    return adata, {}


CASES = {name[len("case_"):]: f for name, f in sorted(globals().items()) if name.startswith("case_")}


def write_newer_encoding(path):
    """What anndata 0.11-0.13 write and 0.8 cannot read (h5ad-spec §1, §7): built with h5py."""
    def enc(obj, t, v):
        obj.attrs["encoding-type"] = t
        obj.attrs["encoding-version"] = v

    strings = h5py.string_dtype("utf-8")
    with h5py.File(path, "w") as f:
        enc(f, "anndata", "0.1.0")
        x = f.create_group("X")
        enc(x, "csr_matrix", "0.1.0")
        x.attrs["shape"] = np.array([3, 4], dtype=np.int64)
        x.create_dataset("data", data=np.array([1.5, 2.0, 3.0], dtype=np.float32))
        x.create_dataset("indices", data=np.array([0, 3, 1], dtype=np.uint8))
        x.create_dataset("indptr", data=np.array([0, 2, 2, 3], dtype=np.int64))
        for name, names in (("obs", ["c0", "c1", "c2"]), ("var", ["g0", "g1", "g2", "g3"])):
            g = f.create_group(name)
            enc(g, "dataframe", "0.2.0")
            g.attrs["_index"] = "_index"
            g.attrs.create("column-order", np.array(["label"] if name == "obs" else [], dtype=object), dtype=strings)
            idx = g.create_group("_index")
            enc(idx, "nullable-string-array", "0.1.0")
            idx.create_dataset("values", data=np.array(names, dtype=object), dtype=strings)
            idx.create_dataset("mask", data=np.zeros(len(names), dtype=bool))
            if name == "obs":
                lab = g.create_group("label")
                enc(lab, "nullable-string-array", "0.1.0")
                lab.attrs["na-value"] = "NA"
                lab.create_dataset("values", data=np.array(["x", "", "z"], dtype=object), dtype=strings)
                lab.create_dataset("mask", data=np.array([False, True, False]))
        for name in ("obsm", "varm", "obsp", "varp", "layers"):
            enc(f.create_group(name), "dict", "0.1.0")
        uns = f.create_group("uns")
        enc(uns, "dict", "0.1.0")
        none = uns.create_dataset("nothing", shape=None, dtype="f8")
        enc(none, "null", "0.1.0")
        s = uns.create_dataset("kept", data="yes", dtype=strings)
        enc(s, "string", "0.2.0")
    expected = {"X": {"kind": "csr", "dtype": "float32", "shape": [3, 4], "data": [1.5, 2.0, 3.0], "indices": [0, 3, 1],
                      "indptr": [0, 2, 2, 3]},
                "obs": {"index": ["c0", "c1", "c2"], "index_name": None, "columns": ["label"],
                        "values": {"label": {"kind": "categorical", "categories": ["x", "z"], "ordered": False,
                                             "values": ["x", None, "z"]}}},
                "var": {"index": ["g0", "g1", "g2", "g3"], "index_name": None, "columns": [], "values": {}},
                "uns": {"kind": "dict", "items": {"kept": {"kind": "str", "value": "yes"}}},
                "obsm": {}, "varm": {}, "obsp": {}, "varp": {}, "layers": {}}
    return expected


def write_legacy(path, rng):
    """anndata 0.7's layout (h5ad-spec §3): no encoding attributes anywhere, old h5sparse X, a categorical
    whose categories are an object reference to obs/__categories/<column>."""
    with h5py.File(path, "w") as f:
        x = f.create_group("X")
        x.attrs["h5sparse_format"] = "csr"
        x.attrs["h5sparse_shape"] = np.array([2, 3])
        x.create_dataset("data", data=np.array([1.0, 2.0], dtype=np.float32))
        x.create_dataset("indices", data=np.array([2, 0], dtype=np.int32))
        x.create_dataset("indptr", data=np.array([0, 1, 2], dtype=np.int32))
        obs = f.create_group("obs")
        obs.attrs["_index"] = "_index"
        obs.attrs["column-order"] = np.array(["n", "kind"], dtype=object)
        obs.create_dataset("_index", data=np.array(["a", "b"], dtype="S"))
        obs.create_dataset("n", data=np.array([3, 4], dtype=np.int64))
        categories = obs.create_group("__categories").create_dataset("kind", data=np.array(["tumour", "stroma"], dtype="S"))
        kind = obs.create_dataset("kind", data=np.array([1, -1], dtype=np.int8))
        kind.attrs["categories"] = categories.ref
        var = f.create_group("var")
        var.attrs["_index"] = "_index"
        var.attrs["column-order"] = np.array([], dtype=np.float64)
        var.create_dataset("_index", data=np.array(["g1", "g2", "g3"], dtype="S"))
        u = f.create_group("uns")
        u.create_dataset("v", data=np.array([1, 2, 3], dtype=np.int64))
    return {"X": {"kind": "csr", "dtype": "float32", "shape": [2, 3], "data": [1.0, 2.0], "indices": [2, 0], "indptr": [0, 1, 2]},
            "obs": {"index": ["a", "b"], "index_name": None, "columns": ["n", "kind"],
                    "values": {"n": {"kind": "int64", "values": [3.0, 4.0]},
                               "kind": {"kind": "categorical", "categories": ["tumour", "stroma"], "ordered": False,
                                        "values": ["stroma", None]}}},
            "var": {"index": ["g1", "g2", "g3"], "index_name": None, "columns": [], "values": {}},
            "uns": {"kind": "dict", "items": {"v": {"kind": "array", "matrix": {"kind": "dense", "dtype": "int64", "shape": [3],
                                                                                  "values": [1.0, 2.0, 3.0]}}}},
            "obsm": {}, "varm": {}, "obsp": {}, "varp": {}, "layers": {}}


def write_all(directory):
    os.makedirs(directory, exist_ok=True)
    expected = {}
    for name, make in CASES.items():
        rng = np.random.default_rng(sum(map(ord, name)))
        adata, options = make(rng)
        path = os.path.join(directory, name + ".h5ad")
        adata.write_h5ad(path, **options)
        expected[name] = summary(anndata.read_h5ad(path))
    expected["newer_encoding"] = write_newer_encoding(os.path.join(directory, "newer_encoding.h5ad"))
    expected["legacy_0_7"] = write_legacy(os.path.join(directory, "legacy_0_7.h5ad"), None)
    with open(os.path.join(directory, "expected.json"), "w") as out:
        json.dump(expected, out, ensure_ascii=False, indent=1)


def first_difference(a, b, at="$"):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{at}.{k}: present only in {'expected' if k in a else 'actual'}"
            d = first_difference(a[k], b[k], f"{at}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{at}: length {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{at}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{at}: expected {a!r}, got {b!r}"


def check(path, expected_file, case):
    with open(expected_file) as f:
        expected = json.load(f)[case]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        adata = anndata.read_h5ad(path)
    difference = first_difference(expected, summary(adata))
    if difference:
        print(f"{path} ({case}): {difference}")
        sys.exit(1)
    print(f"{path} ({case}): same as anndata's")


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write_all(sys.argv[2])
    elif sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit("usage: h5ad_fixtures.py write DIR | check FILE EXPECTED CASE")
