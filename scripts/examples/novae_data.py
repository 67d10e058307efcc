"""novae's data side under GraalPy, the way a novae tutorial starts: toy slides (or your .h5ad), spatial
neighbours per slide, preprocessing, a write and a read of the .h5ad file. Checks its own results.

    scripts/sslheads python scripts/examples/novae_data.py [FILE.h5ad SLIDE_KEY]
"""
import os
import sys
import tempfile

import anndata
import novae
import scanpy as sc

if len(sys.argv) > 2:
    adatas = [anndata.read_h5ad(sys.argv[1])]
    slide_key = sys.argv[2]
else:
    adatas = novae.data.toy_dataset(n_panels=2, n_slides_per_panel=2)
    slide_key = "slide_key"

novae.spatial_neighbors(adatas, slide_key=slide_key, radius=80)
for adata in adatas:
    print(adata)
    distances = adata.obsp["spatial_distances"]
    print(f"  {distances.nnz} edges, {distances.nnz / adata.n_obs:.2f} neighbours per cell,"
          f" slides {adata.obs['novae_sid'].cat.categories}")
    assert distances.nnz > 4 * adata.n_obs
    if "counts" in adata.layers:
        hvg = adata.copy()
        hvg.X = hvg.layers["counts"]
        sc.pp.normalize_total(hvg)
        sc.pp.log1p(hvg)
        sc.pp.highly_variable_genes(hvg)
        print(f"  {sum(hvg.var['highly_variable'].tolist())} highly variable genes of {hvg.n_vars}")

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "slide.h5ad")
    adatas[0].write_h5ad(path, compression="gzip")
    back = anndata.read_h5ad(path)
    assert back.obs_names == adatas[0].obs_names
    assert back.obsp["spatial_distances"].nnz == adatas[0].obsp["spatial_distances"].nnz
    assert back.obs["novae_sid"].cat.categories == adatas[0].obs["novae_sid"].cat.categories
    print(f"wrote and read back {path} ({os.path.getsize(path) // 1024} KB): same cells, graph and slide ids")
