// novae's data side under GraalJS: toy slides, spatial neighbours per slide, scanpy's preprocessing, an .h5ad
// write and read. Checks its own results (throws on failure).
//   scripts/sslheads js scripts/examples/novae_data.mjs
import { toyDataset, spatialNeighbors, pp, readH5ad } from "sslheads";

const adatas = toyDataset({ nPanels: 2, nSlidesPerPanel: 2 });
spatialNeighbors(adatas, { slideKey: "slide_key", radius: 80 });
for (const adata of adatas) {
  const distances = adata.obsp.get("spatial_distances");
  const slides = Array.from(adata.obs.stringColumn("novae_sid").unique().asList(), String).sort();
  console.log(`${adata.nObs} cells x ${adata.nVars} genes: ${distances.nnz} edges, slides ${slides}`);
  if (distances.nnz <= 4 * adata.nObs) throw new Error(`too few edges: ${distances.nnz}`);
}
const hvg = adatas[0].copy();
hvg.X = hvg.layers.get("counts");
pp.normalizeTotal(hvg);
pp.log1p(hvg);
pp.highlyVariableGenes(hvg, { nTopGenes: 20 });
const flagged = Array.from(hvg.var.booleanColumn("highly_variable").asList()).filter((v) => v).length;
console.log(`${flagged} highly variable genes of ${hvg.nVars}`);
if (flagged < 20) throw new Error(`expected at least 20 highly variable genes, got ${flagged}`);

const path = `${Java.type("java.lang.System").getProperty("java.io.tmpdir")}/sslheads-novae-data-${Date.now()}.h5ad`;
adatas[0].writeH5ad(path, { compression: "gzip" });
const back = readH5ad(path);
Java.type("java.nio.file.Files").delete(Java.type("java.nio.file.Path").of(path));
if (back.nObs !== adatas[0].nObs || back.obsp.get("spatial_distances").nnz !== adatas[0].obsp.get("spatial_distances").nnz) {
  throw new Error("the file read back differs");
}
console.log(`wrote and read back ${path}: same cells and graph`);
