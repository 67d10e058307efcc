"""novae's tutorial, start to end, under GraalPy: spatial neighbours, the model, training, representations, domains,
their plot, batch-effect correction, saving the model. Runs on novae's toy slides by default and on your file:

    scripts/sslheads python scripts/examples/novae_tutorial.py [FILE.h5ad [SLIDE_KEY [N_DOMAINS]]]

Writes out/novae_tutorial/domains.png and the model (out/novae_tutorial/my_model/). On the toy slides (2 gene panels, 4 ring
domains) it also scores the domains against the true ones and asserts the ARI (measured 0.347 at seed 0; novae's domains vary widely with sizes and seeds on this toy, see BENCHMARKS.md).
The model is smaller than novae's default (2 layers of 64, 4 heads, 32 prototypes) so the run takes seconds.
"""
import os
import sys

import anndata
import novae
from sklearn.metrics import adjusted_rand_score

if len(sys.argv) > 1:
    adata = anndata.read_h5ad(sys.argv[1])
    slide_key = sys.argv[2] if len(sys.argv) > 2 else None
    n_domains = int(sys.argv[3]) if len(sys.argv) > 3 else None
else:
    adata = novae.data.toy_dataset(n_panels=2, n_slides_per_panel=2)  # one AnnData per gene panel, 2 slides each
    slide_key, n_domains = "slide_key", 4

novae.spatial_neighbors(adata, radius=80, slide_key=slide_key)

model = novae.Novae(adata, num_layers=2, hidden_size=64, heads=4, num_prototypes=32)
model.fit(adata, max_epochs=6)
model.compute_representations(adata)
key = model.assign_domains(adata, n_domains=n_domains) if n_domains else model.assign_domains(adata, level=7)

out = os.path.join("out", "novae_tutorial")
os.makedirs(out, exist_ok=True)
print("domains plot:", novae.plot.domains(adata, obs_key=key, slide_name_key=slide_key, save=os.path.join(out, "domains.png")))
model.batch_effect_correction(adata, obs_key=key)
model.save_pretrained(os.path.join(out, "my_model"))

adatas = adata if isinstance(adata, list) else [adata]
for a in adatas:
    print(f"{a.n_obs} cells, {len(set(d for d in a.obs[key].tolist() if d is not None))} domains in obs['{key}'],",
          f"obsm['novae_latent_corrected'] {a.obsm['novae_latent_corrected'].shape}")
if len(sys.argv) == 1:
    truth, domains = [], []
    for a in adatas:
        for t, d in zip(a.obs["domain"].tolist(), a.obs[key].tolist()):
            if d is not None:
                truth.append(t)
                domains.append(d)
    ari = adjusted_rand_score(truth, domains)
    print(f"ARI of the domains against the true domains, all slides pooled: {ari:.3f}")
    assert ari >= 0.25, f"ARI {ari:.3f} < 0.25"
