// pyagc's INC cluster head from JS (run: scripts/sslheads js scripts/examples/pyagc_inc.mjs [pretrain_epochs] [epochs]).
//
// A few INC steps written in JS on Gaussian blobs (forward, backward, gradientNormalize, a manual
// SGD step with the paper-scale row norm 0.1, normalizeClusterCenters), the head's invariants, bad
// input, then the Java-side digits run (dev.sslheads.inc.IncDigits: autoencoder pretraining, k-means
// init, fine-tuning) through Java interop. Checks what it can and throws on failure (exit status 1).
import { randn, cat, manualSeed, fingerprint, noGrad, argv, INCClusterHead, ValueError } from "sslheads";

const IncDigits = Java.type("dev.sslheads.inc.IncDigits");
const IncTrainingConfig = Java.type("dev.sslheads.inc.IncTrainingConfig");

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

// ---- four blobs in 8-D, an INC head with K = 4 initialised on one point of each blob
manualSeed(0);
const blobs = randn(4, 8).mul(3);
const x = cat([0, 1, 2, 3].map((i) => blobs.get(`${i}:${i + 1}, :`).add(randn(25, 8).mul(0.3))));
const head = new INCClusterHead(4, 8);
head.resetClusterCenters(x.get("0:100:25, :"));
console.log(String(head));

const losses = [];
for (let step = 0; step < 20; step++) {
  const loss = head.forward(x);
  loss.backward();
  head.gradientNormalize(0.1); // SGD needs the relative step; pyagc's default 0.2 alpha barely moves unit centres
  noGrad(() => {
    const c = head.clusterCenters;
    c.set(":", c.sub(c.grad));
    c.zeroGrad();
  });
  head.normalizeClusterCenters();
  losses.push(loss.item());
}
console.log(`INC loss ${losses[0].toFixed(4)} -> ${losses[losses.length - 1].toFixed(4)}`);
check(losses[losses.length - 1] < losses[0], "the loss falls");
console.log(`loss fingerprint: ${fingerprint(losses)} (${losses.length} step losses; seeded runs print the same)`);

// ---- invariants: loss = 2 (1 - mean max cos), soft rows sum to 1, one cluster per blob
const cos = x.normalize(2, 1).matmul(head.computeClusterCenter().T);
const expected = 2 * (1 - cos.max(1).mean().item());
check(Math.abs(head.forward(x).item() - expected) < 1e-5, `loss ${head.forward(x).item()} vs 2 (1 - mean max cos) ${expected}`);
check(head.cluster(x, true).sum(1).toArray().every((s) => Math.abs(s - 1) < 1e-5), "soft rows sum to 1");
const labels = head.predict(x).toArray().map(Number);
for (let b = 0; b < 4; b++) {
  check(new Set(labels.slice(25 * b, 25 * b + 25)).size === 1, `blob ${b} falls into one cluster: ${labels}`);
}

// ---- bad input: ValueError with the argument's name, the head unchanged
const before = head.clusterCenters.toArray();
let thrown = null;
try {
  head.resetClusterCenters(randn(3, 8));
} catch (e) {
  thrown = e;
}
check(thrown instanceof ValueError && thrown.message.includes("clusterCenters must have shape (nClusters, nFeatures)=(4, 8), got (3, 8)"),
  `reset with a wrong shape: ${thrown && thrown.message}`);
check(JSON.stringify(before) === JSON.stringify(head.clusterCenters.toArray()), "centres unchanged");
head.close();

// ---- the Java-side digits run (IncTrainer) through interop
const pretrain = argv.length > 1 ? Number.parseInt(argv[1], 10) : 10;
const epochs = argv.length > 2 ? Number.parseInt(argv[2], 10) : 3;
const defaults = IncDigits.Setup.defaults(0);
const c = defaults.config();
const setup = new IncDigits.Setup(defaults.clusters(), defaults.hidden(), defaults.embedding(), defaults.alpha(),
  new IncTrainingConfig(pretrain, epochs, c.batchSize(), c.pretrainLearningRate(), c.learningRate(), c.gamma(), 0));
const scores = noGrad(() => IncDigits.run(setup, null, false)); // the trainer opens its own gradient collectors
console.log(`digits NMI: INC ${scores.incNmi().toFixed(3)}, k-means init ${scores.initNmi().toFixed(3)}, `
  + `k-means on raw pixels ${scores.pixelsNmi().toFixed(3)}`);
check(scores.incNmi() > 0.5, `INC NMI well above chance: ${scores.incNmi()}`);
