// nidl's y-Aware contrastive learning from GraalJS (run: scripts/sslheads js scripts/examples/nidl_yaware.mjs):
// the loss's invariant (tiny bandwidth + distinct labels = twice plain InfoNCE), a KernelMetric, a short
// fit with labels and validation on random data, transform, and bad input raising named errors.
// Throws (exit status 1) on the first failed check.
import { randn, manualSeed, fingerprint, KernelMetric, YAwareInfoNCE, YAwareContrastiveLearning, ValueError } from "sslheads";

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

function raises(name, fn, part) {
  try {
    fn();
  } catch (e) {
    check(e.name === name && String(e.message).includes(part), `expected ${name} with "${part}", got ${e.name}: ${e.message}`);
    return;
  }
  throw new Error(`expected ${name} "${part}" but nothing was thrown`);
}

manualSeed(0);
const z1 = randn(16, 8);
const z2 = randn(16, 8);
const labels = Array.from({ length: 16 }, (_, i) => i);
const plain = new YAwareInfoNCE().forward(z1, z2).item();
const labelled = new YAwareInfoNCE("gaussian", 1e-8).forward(z1, z2, labels).item();
check(Math.abs(labelled - 2 * plain) < 1e-4 * plain, `labelled ${labelled} = 2 x ${plain}`);
console.log(`InfoNCE ${plain.toFixed(4)}, labelled with a tiny bandwidth ${labelled.toFixed(4)}`);

const metric = new KernelMetric("epanechnikov", "silverman").fit([0, 1, 2, 3, 4]);
check(metric.n === 5 && metric.d === 1 && metric.kernel === "epanechnikov", "fitted metric");
const w = metric.pairwise([0, 1, 2]);
check(w.shape[0] === 3 && Math.abs(w.tolist()[0][0] - 1) < 1e-12, "K(0) = 1");
const rows = new YAwareInfoNCE("gaussian", metric, 0.1, { weightNormalization: "rows" }).forward(z1, z2, labels).item();
check(Number.isFinite(rows), "loss with a KernelMetric");

const x = randn(64, 6);
const model = new YAwareContrastiveLearning({ inFeatures: 6, hiddenFeatures: 16, outFeatures: 4 },
  { projInputDim: 4, projHiddenDim: 8, projOutputDim: 4, bandwidth: 0.5, learningRate: 1e-2, warmupEpochs: 1, maxEpochs: 3 });
const history = model.fit({ x, y: labels.concat(labels, labels, labels), augmentation: { p: 0.1, std: 0.1 }, batchSize: 16 },
  { x, x2: x.mul(1.1), batchSize: 32, shuffle: false });
check(history.length === 3 && history.every((h) => h.steps === 4 && Number.isFinite(h.trainLoss) && Number.isFinite(h.validationLoss)),
  JSON.stringify(history));
check(JSON.stringify(model.transform(x).shape) === "[64,4]", "encoder features");
console.log(`fit: ${history.map((h) => h.trainLoss.toFixed(4)).join(" -> ")}`);
const trained = [plain, labelled, rows, ...history.flatMap((h) => [h.trainLoss, h.validationLoss])];
console.log(`loss fingerprint: ${fingerprint(trained)} (${trained.length} losses; seeded runs print the same)`);

raises("ValueError", () => new YAwareInfoNCE("box"), "kernel must be one of {gaussian, epanechnikov, exponential, linear, cosine}, got 'box'");
raises("ValueError", () => new YAwareInfoNCE("gaussian", -1), "bandwidth must be a finite number > 0, got -1.0");
raises("TypeError", () => new YAwareInfoNCE("gaussian", "scott"), "wrap a rule in new KernelMetric");
raises("ValueError", () => new KernelMetric("gaussian", [[1, 2], [2, 1]]), "bandwidth matrix must be positive definite");
raises("ValueError", () => new YAwareInfoNCE().forward(z1, randn(5, 8)), "z1 and z2 must have the same shape (n, d), got (16, 8) and (5, 8)");
raises("ValueError", () => new YAwareInfoNCE().forward(z1, z2, [1, 2, 3]), "labels must have one row per sample (16), got shape (3)");
raises("ValueError", () => new YAwareContrastiveLearning({ inFeatures: 6, hiddenFeatures: 8, outFeatures: 4 }, {}), "maxEpochs must be given");
raises("ValueError", () => new YAwareContrastiveLearning({ inFeatures: 6, hiddenFeatures: 8, outFeatures: 4 }, { maxEpochs: 1, optimizer: "lbfgs" }),
  "optimizer must be one of {adamW, adam, sgd}, got 'lbfgs'");
raises("ValueError", () => model.fit({ x, x2: randn(64, 5), batchSize: 16 }), "view1 and view2 must have the same shape");
check(ValueError !== undefined, "ValueError exported");
model.close();
console.log("nidl_yaware.mjs: all checks passed");
