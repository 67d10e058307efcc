"""The GraalPy ``anndata`` package: reading a file anndata 0.8 wrote, building, selecting, writing, errors.

``data/anndata_0_8_dense.h5ad`` is the ``dense`` case of ``scripts/reference/h5ad_fixtures.py write``.
"""
import os
import tempfile
import unittest

import anndata
import sslheads
from sslheads import pandas as pd
from sslheads.sparse import csr_matrix

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "data", "anndata_0_8_dense.h5ad")


class ReadTest(unittest.TestCase):
    def setUp(self):
        self.adata = anndata.read_h5ad(FIXTURE)

    def test_fields(self):
        a = self.adata
        self.assertEqual(a.shape, (12, 7))
        self.assertEqual(a.obs_names[:2], ["cell_0", "cell_1"])
        self.assertEqual(a.var_names[-1], "Gene6")
        self.assertEqual(a.obs.columns[:2], ["domain", "level"])
        self.assertEqual(a.obs["domain"].cat.categories, ["stroma", "cortex", "Épithélial"])
        self.assertTrue(a.obs["level"].cat.ordered)
        self.assertIsNone(a.obs["domain"][2])
        self.assertEqual(a.var["highly_variable"].tolist(), [True, False, True, True, False, False, True])
        spatial = a.obsm["spatial"]
        self.assertIsInstance(spatial, sslheads.Tensor)
        self.assertEqual((spatial.shape, spatial.dtype), ((12, 2), "float64"))
        self.assertEqual(a.layers["counts"].dtype, "int32")
        self.assertEqual(a.obsp["spatial_distances"].format, "csr")
        self.assertEqual(a.uns["title"], "slide Ω")
        self.assertEqual(a.uns["n_pcs"], 30)
        self.assertIs(a.uns["flag"], True)
        self.assertEqual(a.uns["spatial_neighbors"]["params"]["coord_type"], "generic")
        self.assertEqual(a.uns["domain_colors"], ["#1f77b4", "#ff7f0e", "#2ca02c"])
        self.assertEqual(a.uns["image"].shape, (4, 5, 3))

    def test_obs_is_the_same_table(self):
        a = self.adata
        a.obs["score_x2"] = [2.0 * (v or 0.0) for v in a.obs["score"].tolist()]
        self.assertIn("score_x2", a.obs.columns)
        self.assertIs(a.obs.table, a.obs.table)
        self.assertIn("'score_x2'", repr(a))

    def test_selection_is_a_copy(self):
        a = self.adata
        mask = [d == "cortex" for d in a.obs["domain"].tolist()]
        sub = a[mask, ["Gene3", "Gene0"]]
        self.assertEqual(sub.n_obs, sum(mask))
        self.assertEqual(sub.var_names, ["Gene3", "Gene0"])
        self.assertEqual(sub.obsm["spatial"].shape, (sum(mask), 2))
        self.assertEqual(sub.obsp["spatial_distances"].shape, (sum(mask), sum(mask)))
        sub.obs["domain"] = ["x"] * sub.n_obs
        self.assertNotIn("x", a.obs["domain"].tolist())
        self.assertEqual(a[2:5].obs_names, ["cell_2", "cell_3", "cell_4"])
        self.assertEqual(a["cell_7"].n_obs, 1)


class BuildAndWriteTest(unittest.TestCase):
    def test_round_trip_through_a_file(self):
        a = anndata.AnnData(X=csr_matrix([[0.0, 1.5], [2.0, 0.0], [0.0, 0.0]]),
                            obsm={"spatial": [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]},
                            uns={"params": {"radius": [0.0, 80.0], "name": "r"}})
        a.obs_names = ["a", "b", "c"]
        a.var_names = ["Cd4", "Actb"]
        a.obs["slide"] = pd.Categorical(["s2", "s1", "s2"], categories=["s2", "s1"])
        a.var["highly_variable"] = [True, False]
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "out.h5ad")
            a.write_h5ad(path, compression="gzip")
            self.assertEqual(os.listdir(tmp), ["out.h5ad"])
            b = anndata.read_h5ad(path)
        self.assertEqual(b.obs_names, ["a", "b", "c"])
        self.assertEqual(b.X.nnz, 2)
        self.assertEqual(b.X.toarray().tolist(), [[0.0, 1.5], [2.0, 0.0], [0.0, 0.0]])
        self.assertEqual(b.obs["slide"].cat.categories, ["s2", "s1"])
        self.assertEqual(b.var["highly_variable"].tolist(), [True, False])
        self.assertEqual(b.obsm["spatial"].tolist(), [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
        self.assertEqual(b.uns["params"]["radius"].tolist(), [0.0, 80.0])

    def test_concat_with_a_key_column(self):
        a = anndata.AnnData(X=[[1.0, 2.0], [3.0, 4.0]])
        b = anndata.AnnData(X=[[5.0, 6.0]])
        c = anndata.concat([a, b], label="slide", keys=["s1", "s2"], index_unique="-")
        self.assertEqual(c.obs_names, ["0-s1", "1-s1", "0-s2"])
        self.assertEqual(c.obs["slide"].tolist(), ["s1", "s1", "s2"])
        self.assertEqual(c.X.tolist(), [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])


class CellsCsvTest(unittest.TestCase):
    def test_read(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "cells.csv")
            with open(path, "w") as f:
                f.write("cell,x,y,slide,Cd4,Actb\nq1,0.5,1,s1,3,0\nq2,2,3.5,s2,0,7\n")
            a = sslheads.read_cells_csv(path, cell_id="cell")
            with self.assertRaisesRegex(ValueError, "coordinate column 'x_um' is missing"):
                sslheads.read_cells_csv(path, x="x_um")
        self.assertEqual(a.obs_names, ["q1", "q2"])
        self.assertEqual(a.var_names, ["Cd4", "Actb"])
        self.assertEqual(a.X.tolist(), [[3.0, 0.0], [0.0, 7.0]])
        self.assertEqual(a.obsm["spatial"].tolist(), [[0.5, 1.0], [2.0, 3.5]])
        self.assertEqual(a.obs["slide"].cat.categories, ["s1", "s2"])


class ErrorsTest(unittest.TestCase):
    def test_missing_file(self):
        with self.assertRaises(FileNotFoundError):
            anndata.read_h5ad("/nonexistent/slide.h5ad")

    def test_not_hdf5(self):
        with tempfile.NamedTemporaryFile(suffix=".h5ad") as f:
            f.write(b"cell,x,y\n")
            f.flush()
            with self.assertRaisesRegex(OSError, "not an HDF5 file"):
                anndata.read_h5ad(f.name)

    def test_misaligned_obsm(self):
        a = anndata.AnnData(X=[[1.0], [2.0]])
        with self.assertRaisesRegex(ValueError, r"obsm\['spatial'\] must have shape \(2, \.\.\.\), got \(3, 2\)"):
            a.obsm["spatial"] = [[0.0, 0.0]] * 3
        self.assertNotIn("spatial", a.obsm)

    def test_unknown_key(self):
        with self.assertRaises(KeyError):
            anndata.AnnData(X=[[1.0]]).obsm["spatial"]

    def test_column_of_wrong_length(self):
        a = anndata.AnnData(X=[[1.0], [2.0]])
        with self.assertRaisesRegex(ValueError, "does not match the length of the frame"):
            a.obs["slide"] = ["s1"]


if __name__ == "__main__":
    unittest.main()
