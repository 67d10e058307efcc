// novae's model under GraalJS: Novae on two toy panels, fit, representations, domains, batch-effect correction,
// the plots (novaePlot, model.plot*), savePretrained / fromPretrained. Small sizes keep it quick. Checks its own results (throws on failure).
//   scripts/sslheads js scripts/examples/novae_model.mjs
import { toyDataset, Novae, novaePlot } from "sslheads";

const adatas = toyDataset({ nPanels: 2, xmax: 200, computeSpatialNeighbors: true });
const small = { numLayers: 2, hiddenSize: 16, heads: 4, embeddingSize: 16, outputSize: 8, numPrototypes: 16, batchSize: 32 };
const model = new Novae(adatas, small);
const history = model.fit(adatas, { maxEpochs: 2 });
console.log(history.map((e) => `epoch ${e.epoch}: loss ${e.loss.toFixed(3)}, entropy ${e.entropy.toFixed(3)}`).join("\n"));
model.computeRepresentations(adatas);
const key = model.assignDomains(adatas, { nDomains: 3 });
model.batchEffectCorrection(adatas, key);
for (const adata of adatas) {
  const domains = new Set(Array.from(adata.obs.stringColumn(key).asList(), String).filter((d) => d !== "" && d !== "null"));
  const latent = adata.obsm.get("novae_latent_corrected");
  console.log(`${adata.nObs} cells: ${domains.size} domains in ${key}, corrected latent ${latent.shape}`);
  if (domains.size < 1 || domains.size > 3) throw new Error(`expected 1 to 3 domains, got ${domains.size}`);
}

const Files = Java.type("java.nio.file.Files");
const plots = Files.createTempDirectory("sslheads-novae-plots");
const written = [
  novaePlot.domains(adatas, { obsKey: key, save: String(plots.resolve("domains.png")) }),
  novaePlot.domainsProportions(adatas, { save: String(plots.resolve("domains_proportions.png")) }),
  model.plotDomainsHierarchy({ maxLevel: 5, hlineLevel: 3, save: String(plots.resolve("domains_hierarchy.png")) }),
  model.plotPrototypeWeights({ save: String(plots.resolve("prototype_weights.png")) }),
];
for (const path of written) {
  const size = Number(Files.size(Java.type("java.nio.file.Path").of(path)));
  if (size < 1000) throw new Error(`${path} is only ${size} bytes`);
  Files.delete(Java.type("java.nio.file.Path").of(path));
}
Files.delete(plots);
console.log(`plots: ${written.length} PNG files written`);

const dir = Files.createTempDirectory("sslheads-novae-model");
model.savePretrained(String(dir));
const loaded = Novae.fromPretrained(String(dir));
if (JSON.stringify(loaded.hparams) !== JSON.stringify(model.hparams)) throw new Error("the loaded config differs");
const copy = adatas[0].copy();
loaded.computeRepresentations(copy);
const a = adatas[0].obsm.get("novae_latent").toArray().flat();
const b = copy.obsm.get("novae_latent").toArray().flat();
if (a.length !== b.length || a.some((v, i) => v !== b[i])) throw new Error("the loaded model's representations differ");
console.log(`saved to and loaded from ${dir}: the same representations`);
for (const name of ["README.md", "config.json", "model.safetensors"]) Files.delete(dir.resolve(name));
Files.delete(dir);
model.close();
loaded.close();
