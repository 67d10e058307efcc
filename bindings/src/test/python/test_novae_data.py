"""novae's data side under GraalPy: ``novae.data.toy_dataset``, ``novae.spatial_neighbors`` and scanpy's preprocessing (``sslheads.pp`` /
``scanpy.pp``) on AnnData, with their bad-input errors. The numbers are checked against scanpy's restatement in
the Java tests (golden/preprocessing, scripts/reference/preprocessing_goldens.py); here the wiring."""
import math
import unittest
import warnings

import anndata
import novae
import scanpy as sc
import sslheads


class ToyDatasetTest(unittest.TestCase):
    def test_shapes_and_fields(self):
        adatas = novae.data.toy_dataset(n_panels=2, xmax=100)
        self.assertEqual([a.n_obs for a in adatas], [78, 77])  # 79 grid cells minus 1 + panel
        self.assertEqual([a.n_vars for a in adatas], [80, 79])
        a = adatas[0]
        self.assertEqual(a.obs_names[0], "c_0_0_0")
        self.assertEqual(a.obs["slide_key"].cat.categories, ["slide_0_0"])
        self.assertEqual(a.obsm["spatial"].shape, (78, 2))
        self.assertEqual(a.layers["counts"].dtype, "float64")
        self.assertEqual(a.X.dtype, "float32")

    def test_seed(self):
        first = novae.data.toy_dataset(n_panels=1, xmax=100, seed=3)[0]
        again = novae.data.toy_dataset(n_panels=1, xmax=100, seed=3)[0]
        self.assertEqual(first.X.tolist(), again.X.tolist())

    def test_bad_arguments(self):
        with self.assertRaisesRegex(ValueError, "n_vars - n_drop - n_panels must be > 2"):
            novae.data.toy_dataset(n_vars=23)
        with self.assertRaisesRegex(TypeError, "xmax must be an int"):
            novae.data.toy_dataset(xmax="500")


class SpatialNeighborsTest(unittest.TestCase):
    def fixture(self, points, **kwargs):
        a = anndata.AnnData(X=[[0.0]] * len(points), obsm={"spatial": [list(map(float, p)) for p in points]})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            novae.spatial_neighbors(a, **kwargs)
        return a, [str(w.message) for w in caught]

    def edges(self, a):
        d = a.obsp["spatial_distances"]
        ptr, idx = d.indptr.tolist(), d.indices.tolist()
        return {(min(i, j), max(i, j)) for i in range(a.n_obs) for j in idx[ptr[i]:ptr[i + 1]]}

    def test_novae_fixtures(self):
        a, _ = self.fixture([(0, 0), (0, 1), (0, 2), (3, 3), (1, 1)], radius=[0, 1.5])
        self.assertEqual(self.edges(a), {(0, 1), (0, 4), (1, 2), (1, 4), (2, 4)})
        b, _ = self.fixture([(0, 0), (0, 1), (0, 2), (2, 0), (2, 1), (4, 0)], radius=1.5)
        self.assertEqual(self.edges(b), {(0, 1), (1, 2), (3, 4)})
        self.assertEqual(a.uns["spatial_neighbors"]["params"]["radius"], [0.0, 1.5])
        self.assertEqual(a.obsp["spatial_connectivities"].dtype, "float64")

    def test_toy_slides_and_warning(self):
        a = novae.data.toy_dataset(n_panels=1, xmax=100)[0]
        novae.spatial_neighbors(a, slide_key="slide_key")
        self.assertEqual(a.obs["novae_sid"].cat.categories, ["slide_0_0"])
        self.assertGreater(a.obsp["spatial_distances"].nnz, 4 * a.n_obs)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            novae.spatial_neighbors(a, radius=25)
        self.assertTrue(any("mean number of neighbors" in str(w.message) for w in caught))

    def test_errors(self):
        a = anndata.AnnData(X=[[0.0]] * 3)
        with self.assertRaisesRegex(ValueError, r"obsm\['spatial'\] is missing"):
            novae.spatial_neighbors(a)
        b = novae.data.toy_dataset(n_panels=1, xmax=100)[0]
        with self.assertRaisesRegex(KeyError, "slide_key='sample'"):
            novae.spatial_neighbors(b, slide_key="sample")
        with self.assertRaisesRegex(ValueError, "radius must be"):
            novae.spatial_neighbors(b, radius=[1, 2, 3])
        with self.assertRaisesRegex(ValueError, "No neighbors found"):
            novae.spatial_neighbors(b, radius=1e-6)
        self.assertNotIn("spatial_distances", b.obsp)


class PreprocessingTest(unittest.TestCase):
    def counts(self):
        return anndata.AnnData(X=[[1.0, 0.0, 3.0], [0.0, 0.0, 0.0], [2.0, 2.0, 4.0], [0.0, 5.0, 1.0]])

    def test_normalize_total_and_log1p(self):
        a = self.counts()
        sc.pp.normalize_total(a)
        totals = [sum(row) for row in a.X.tolist()]
        self.assertEqual(totals[1], 0.0)  # an empty cell stays empty
        for t in (totals[0], totals[2], totals[3]):
            self.assertAlmostEqual(t, 6.0, places=5)  # median of the non-zero totals 4, 8, 6
        sc.pp.log1p(a)
        self.assertAlmostEqual(a.X.tolist()[0][0], math.log1p(1.5), places=6)
        self.assertIn("log1p", a.uns)

    def test_highly_variable_genes_columns(self):
        a = novae.data.toy_dataset(n_panels=1, xmax=100)[0]
        sslheads.pp.highly_variable_genes(a, n_top_genes=10)
        self.assertEqual(a.var.columns, ["highly_variable", "means", "dispersions", "dispersions_norm"])
        self.assertGreaterEqual(sum(a.var["highly_variable"].tolist()), 10)

    def test_bad_input_leaves_x_unchanged(self):
        a = anndata.AnnData(X=[[1.0, -2.0], [3.0, 4.0]])
        with self.assertRaisesRegex(ValueError, "-2.0"):
            sc.pp.log1p(a)
        self.assertEqual(a.X.tolist(), [[1.0, -2.0], [3.0, 4.0]])
        with self.assertRaisesRegex(ValueError, "flavor must be 'seurat'"):
            sc.pp.highly_variable_genes(a, flavor="seurat_v3")
        with self.assertRaises(TypeError):
            sc.pp.normalize_total("not an AnnData")


if __name__ == "__main__":
    unittest.main()
