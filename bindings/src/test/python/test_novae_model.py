"""novae's model under GraalPy: the tutorial's calls (``Novae``, ``fit``, ``compute_representations``,
``assign_domains``, ``batch_effect_correction``, ``save_pretrained``, ``from_pretrained``, ``fine_tune``) on toy
slides and on an .h5ad file written by Python's anndata
(``data/novae_slides.h5ad``, made by ``/usr/bin/python3 scripts/reference/novae_tutorial_fixture.py``), the
file they write read back by Python's anndata, and the bad-input errors. Small network sizes keep it fast;
the numbers are checked in the Java tests (parity with the torch reference, quality on toy data)."""
import os
import tempfile
import unittest
import warnings

import anndata
import novae

SMALL = dict(num_layers=2, hidden_size=16, heads=4, embedding_size=16, output_size=8, num_prototypes=16, batch_size=32)
HERE = os.path.dirname(os.path.abspath(__file__))


def reference_python(code, *args):
    """Runs ``code`` with Debian's /usr/bin/python3 (anndata 0.8); returns its stdout."""
    import java

    builder = java.type("java.lang.ProcessBuilder")(["/usr/bin/python3", "-c", code, *args])
    builder.redirectErrorStream(True)
    process = builder.start()
    out = java.type("java.lang.String")(process.getInputStream().readAllBytes())
    if process.waitFor() != 0:
        raise AssertionError(f"reference python failed:\n{out}")
    return str(out)


class TutorialTest(unittest.TestCase):
    def test_toy_slides(self):
        adatas = novae.data.toy_dataset(n_panels=2, xmax=200)
        novae.spatial_neighbors(adatas, radius=80, slide_key="slide_key")
        model = novae.Novae(adatas, **SMALL)
        model.fit(adatas, max_epochs=2)
        self.assertTrue(model.mode.trained())
        self.assertEqual(len(model.history), 2)
        model.compute_representations(adatas)
        key = model.assign_domains(adatas, level=3)
        self.assertEqual(key, "novae_domains_3")
        for a in adatas:
            self.assertEqual(a.obsm["novae_latent"].shape, (a.n_obs, 8))
            domains = [d for d in a.obs[key].tolist() if d is not None]
            self.assertTrue(domains)
            self.assertLessEqual(len(set(domains)), 3)
            self.assertTrue(all(l is None or l.startswith("D") for l in a.obs["novae_leaves"].tolist()))
        self._plots(model, adatas)

    def _plots(self, model, adatas):
        """In a script each plot writes a PNG (save=..., else figures/<name>.png in the working directory)."""
        with tempfile.TemporaryDirectory() as tmp:
            saved = novae.plot.domains(adatas, slide_name_key="slide_key", save=os.path.join(tmp, "d.png"))
            self.assertEqual(saved, os.path.join(tmp, "d.png"))
            with open(saved, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
            self.assertTrue(model.plot_domains_hierarchy(max_level=5, hline_level=3, save=os.path.join(tmp, "h.png")).endswith("h.png"))
            self.assertTrue(model.plot_prototype_weights(save=os.path.join(tmp, "w.png")).endswith("w.png"))
            here = os.getcwd()
            os.chdir(tmp)
            try:
                path = novae.plot.domains_proportions(adatas)
            finally:
                os.chdir(here)
            self.assertEqual(os.path.realpath(path), os.path.join(os.path.realpath(tmp), "figures", "domains_proportions.png"))
            self.assertTrue(os.path.getsize(path) > 1000)
        with self.assertRaisesRegex(ValueError, "obs_key must start with 'novae_domains_'"):
            novae.plot.domains(adatas, obs_key="domain")
        with self.assertRaisesRegex(ValueError, "max_level must be > 1, got 1"):
            model.plot_domains_hierarchy(max_level=1)
        with self.assertRaisesRegex(TypeError, "fig_size_per_slide must be a"):
            novae.plot.domains(adatas, fig_size_per_slide=5)

    def test_tutorial_on_a_file_written_by_python_anndata(self):
        adata = anndata.read_h5ad(os.path.join(HERE, "data", "novae_slides.h5ad"))
        novae.spatial_neighbors(adata, radius=40, slide_key="slide")
        model = novae.Novae(adata, **SMALL)
        self.assertIn("counts", adata.layers)  # integer counts were normalised (auto-preprocessing)
        model.fit(adata, max_epochs=1)
        model.compute_representations(adata)
        key = model.assign_domains(adata, n_domains=3)
        model.batch_effect_correction(adata)
        with tempfile.TemporaryDirectory() as tmp:
            model.save_pretrained(os.path.join(tmp, "my_model"))
            self.assertEqual(sorted(os.listdir(os.path.join(tmp, "my_model"))), ["README.md", "config.json", "model.safetensors"])
            path = os.path.join(tmp, "result.h5ad")
            adata.write_h5ad(path)
            out = reference_python(
                "import sys, anndata; a = anndata.read_h5ad(sys.argv[1]); k = sys.argv[2]; "
                "print(a.obsm['novae_latent'].shape, a.obsm['novae_latent'].dtype, a.obs[k].dtype, "
                "a.obs[k].nunique(), a.obs['neighborhood_valid'].dtype, a.obsm['novae_latent_corrected'].shape)", path, key)
        self.assertIn("(1414, 8) float32 category 3 bool (1414, 8)", out)

    def test_save_load_and_fine_tune(self):
        adatas = novae.data.toy_dataset(n_panels=2, xmax=160, n_vars=40, n_drop=5, compute_spatial_neighbors=True)
        model = novae.Novae(adatas, **SMALL)
        model.fit(adatas, max_epochs=1)
        model.compute_representations(adatas)
        with tempfile.TemporaryDirectory() as tmp:
            model.save_pretrained(tmp)
            loaded = novae.Novae.from_pretrained(tmp)
            self.assertEqual(loaded.hparams, model.hparams)
            self.assertTrue(loaded.mode.pretrained())
            other = novae.data.toy_dataset(n_panels=2, xmax=160, n_vars=40, n_drop=5, compute_spatial_neighbors=True, seed=1)
            with self.assertRaisesRegex(ValueError, "reference slide 'nowhere'"):
                loaded.fine_tune(other, reference="nowhere", max_epochs=1)
            with self.assertRaisesRegex(TypeError, "reference must be"):
                loaded.fine_tune(other, reference=[1, "a"], max_epochs=1)
            loaded.fine_tune(other, reference="largest", max_epochs=1)
            self.assertEqual(len(loaded.history), 1)
            loaded.compute_representations(other, zero_shot=True, reference=0)
            self.assertEqual(other[0].obsm["novae_latent"].shape, (other[0].n_obs, 8))


class BadInputTest(unittest.TestCase):
    def test_missing_or_corrupt_model_directory(self):
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaisesRegex(FileNotFoundError, "no model directory"):
                novae.Novae.from_pretrained(os.path.join(tmp, "absent"))
            with open(os.path.join(tmp, "config.json"), "w") as f:
                f.write('{"var_names": ["a", "b"]}')
            with self.assertRaisesRegex(FileNotFoundError, "model.safetensors"):
                novae.Novae.from_pretrained(tmp)
            with open(os.path.join(tmp, "model.safetensors"), "wb") as f:
                f.write(b"not a safetensors file")
            with self.assertRaisesRegex(ValueError, "not a safetensors file"):
                novae.Novae.from_pretrained(tmp)

    def test_data_checks_leave_the_anndata_unchanged(self):
        adata = novae.data.toy_dataset(n_panels=1, xmax=100, compute_spatial_neighbors=True)[0]
        columns = list(adata.obs.columns)
        few = adata[:, :15].copy()
        with self.assertRaisesRegex(ValueError, "20"):
            novae.Novae(few, **SMALL)
        bad = adata.copy()
        x = bad.X.tolist()
        x[0][0] = float("nan")
        bad.X = x
        with self.assertRaisesRegex(ValueError, "NaN|finite"):
            novae.Novae(bad, **SMALL)
        self.assertEqual(list(adata.obs.columns), columns)

    def test_levels_and_domains_out_of_range(self):
        adata = novae.data.toy_dataset(n_panels=1, xmax=120, compute_spatial_neighbors=True)[0]
        model = novae.Novae(adata, **SMALL)
        model.fit(adata, max_epochs=1)
        model.compute_representations(adata)
        with self.assertRaisesRegex(ValueError, "level must be in \\[1, num_prototypes=16\\], got 0"):
            model.assign_domains(adata, level=0)
        with self.assertRaisesRegex(ValueError, "got 17"):
            model.assign_domains(adata, level=17)
        with self.assertRaisesRegex(ValueError, "got 40"):
            model.assign_domains(adata, n_domains=40)
        self.assertFalse(any(c.startswith("novae_domains_") for c in adata.obs.columns))
        with self.assertRaisesRegex(ValueError, "obs_key is None"):
            model.batch_effect_correction(adata)

    def test_no_spatial_neighbors(self):
        adata = novae.data.toy_dataset(n_panels=1, xmax=100)[0]
        with self.assertRaisesRegex(ValueError, "run novae.spatial_neighbors first"):
            novae.Novae(adata, **SMALL)

    def test_fit_before_representations_and_levels(self):
        adata = novae.data.toy_dataset(n_panels=1, xmax=100, compute_spatial_neighbors=True)[0]
        model = novae.Novae(adata, **SMALL)
        with self.assertRaisesRegex(RuntimeError, "not trained"):
            model.compute_representations(adata)
        with self.assertRaisesRegex(ValueError, "novae_leaves"):
            model.assign_domains(adata)
        with self.assertRaisesRegex(ValueError, "hidden_size must be a multiple of heads"):
            novae.Novae(adata, **{**SMALL, "heads": 3})
        with self.assertRaisesRegex(TypeError, "num_layers must be an int"):
            novae.Novae(adata, **{**SMALL, "num_layers": 2.5})


if __name__ == "__main__":
    unittest.main()
