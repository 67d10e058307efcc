// novae's SwAV head on the bundled digits, from JS (run: scripts/sslheads js scripts/examples/novae_head.mjs [epochs]).
//
// The core steps of novae's head: a slide queue over three pseudo-slides, a few forward/backward
// steps written in JS, the Java-side one-call trainer (dev.sslheads.train.SwavTrainer through Java
// interop), leaves and hierarchical domains, k-means zero-shot prototypes, mapLeavesDomains (JS
// arrays and Tablesaw columns), findLevel, and a checkpoint round trip. Checks what it can and
// throws on failure (exit status 1).
import { tensor, randn, noGrad, manualSeed, fingerprint, argv, Tensor, Mode, SwavHead, KeyError, ValueError } from "sslheads";

const GZIPInputStream = Java.type("java.util.zip.GZIPInputStream");
const JavaString = Java.type("java.lang.String");
const StandardCharsets = Java.type("java.nio.charset.StandardCharsets");
const Files = Java.type("java.nio.file.Files");
const HostTensor = Java.type("dev.sslheads.bindings.HostTensor");
const SwavTrainer = Java.type("dev.sslheads.train.SwavTrainer");
const MlpEncoder = Java.type("dev.sslheads.train.MlpEncoder");
const TrainingConfig = Java.type("dev.sslheads.train.TrainingConfig");
const NoiseDropoutAugmentation = Java.type("dev.sslheads.train.NoiseDropoutAugmentation");
const ClusteringScores = Java.type("dev.sslheads.metrics.ClusteringScores");
const StringColumn = Java.type("tech.tablesaw.api.StringColumn");

const FEATURES = 64;
const SLIDES = ["slide-0", "slide-1", "slide-2"];
const OUTPUT_SIZE = 16;
const PROTOTYPES = 20;
const epochs = argv.length > 1 ? Number.parseInt(argv[1], 10) : 2;

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

function expectError(Kind, name, fn, what) {
  try {
    fn();
  } catch (e) {
    check(e instanceof Kind && e.name === name, `${what}: expected ${name}, got ${e.name}: ${e.message}`);
    return e;
  }
  throw new Error(`check failed: ${what}: expected ${name}, nothing was thrown`);
}

const distinct = (values) => new Set(values.filter((v) => v !== null)).size;
const fmt = (x) => x.toFixed(4);

// ---- data: the bundled digits.csv.gz (lib/src/main/resources/dev/sslheads/data), read through Java's GZIPInputStream
function loadDigits() {
  const resource = "/dev/sslheads/data/digits.csv.gz";
  const raw = Java.type("dev.sslheads.data.Digits").class.getResourceAsStream(resource);
  check(raw !== null, `the bundled ${resource} is on the classpath`);
  let text;
  const gzip = new GZIPInputStream(raw);
  try {
    text = String(new JavaString(gzip.readAllBytes(), StandardCharsets.UTF_8)); // one host call, not one per line
  } finally {
    gzip.close();
  }
  const lines = text.split("\n").filter((line) => line.length > 0);
  const pixels = new Float32Array(lines.length * FEATURES);
  const labels = new Array(lines.length);
  lines.forEach((line, i) => {
    const cells = line.split(",").map(Number);
    pixels.set(cells.slice(0, FEATURES), i * FEATURES);
    labels[i] = cells[FEATURES];
  });
  return { pixels, labels, size: lines.length };
}

const start = Date.now();
manualSeed(0);
const digits = loadDigits();
check(digits.size === 1797 && digits.labels.every((l) => l >= 0 && l <= 9), `1797 labelled digits, got ${digits.size}`);
const x = tensor(digits.pixels, { shape: [digits.size, FEATURES] }).div(16); // one bulk copy of the Float32Array's buffer
const slideOfRow = Array.from({ length: digits.size }, (_, i) => SLIDES[i % SLIDES.length]);
console.log(`digits: ${x.shape.join("x")} ${x.dtype}, ${SLIDES.length} pseudo-slides, read in ${Date.now() - start} ms`);

// ---- the head, with a queue over several slides
const mode = new Mode();
const head = new SwavHead(mode, OUTPUT_SIZE, PROTOTYPES, 0.1, { seed: 0 });
head.initQueue(SLIDES);
head.setMinPrototypes(0.3);
check(JSON.stringify(head.slideIds) === JSON.stringify(SLIDES) && head.minPrototypes === 6, `queue over ${head.slideIds}`);
console.log(String(head));

// ---- a few forward/backward steps written in JS: a linear encoder and plain SGD
let w = randn(FEATURES, OUTPUT_SIZE).mul(0.1).requiresGrad_();
const jsLosses = [];
for (let step = 0; step < 6; step++) {
  const slide = SLIDES[step % SLIDES.length];
  const rows = x.get(`${step * 32}:${step * 32 + 32}, :`);
  const view1 = rows.add(randn(32, FEATURES).mul(0.1));
  const view2 = rows.add(randn(32, FEATURES).mul(0.1));
  const [loss, entropy] = head.forward(view1.matmul(w), view2.matmul(w), slide);
  loss.backward();
  const grad = w.grad;
  check(grad !== null && Number.isFinite(grad.abs().sum().item()), "the encoder weights received a finite gradient");
  check(Number.isFinite(loss.item()) && entropy.item() > 0 && entropy.item() <= 1.0001, `loss ${loss.item()} entropy ${entropy.item()}`);
  w = noGrad(() => w.sub(grad.mul(0.5))).detach().requiresGrad_();
  jsLosses.push(loss.item());
  console.log(`js step ${step} (${slide})  loss ${fmt(loss.item())}  entropy ${fmt(entropy.item())}`);
}
check(head.prototypes.grad !== null, "the prototypes received a gradient from the JS steps");
const ilocs = head.prototypeIlocs(head.projection(x.get("0:64, :").matmul(w)), "slide-1").toArray();
check(ilocs.length >= head.minPrototypes && ilocs.every((v, i) => i === 0 || v > ilocs[i - 1]), `prototypeIlocs ascending, >= minPrototypes: ${ilocs}`);
expectError(KeyError, "KeyError", () => head.forward(x.get("0:8, :").matmul(w), x.get("8:16, :").matmul(w), "slide-9"), "unknown slide");

head.prototypes.zeroGrad(); // the trainer starts from clean gradients

// ---- the Java-side one-call trainer (an MLP encoder and the head, Adam, novae-style single-slide batches)
const encoder = MlpEncoder.create(head.java.manager(), FEATURES, 64, OUTPUT_SIZE);
const config = new TrainingConfig(epochs, 128, Math.fround(1e-3), 1, 0);
const trainer = new SwavTrainer(head.java, encoder, new NoiseDropoutAugmentation(0.2, 0.1), config);
const history = [];
const trainStart = Date.now();
noGrad(() => // the trainer records its own gradients: recording is off around it
  trainer.fit(x._host.array(), slideOfRow, (s) => {
    history.push({ loss: s.loss(), entropy: s.entropy() });
    console.log(`epoch ${s.epoch() + 1}/${epochs}  loss ${fmt(s.loss())}  entropy ${fmt(s.entropy())}${s.prototypesFrozen() ? "  (prototypes frozen)" : ""}`);
  }));
check(history.length === epochs && history.every((h) => Number.isFinite(h.loss) && h.entropy > 0), `${epochs} finite epochs`);
const trainedLosses = [...jsLosses, ...history.map((h) => h.loss)];
console.log(`loss fingerprint: ${fingerprint(trainedLosses)} (${trainedLosses.length} losses; seeded runs print the same)`);
mode.trained = true;
console.log(`trained ${epochs} epochs in ${((Date.now() - trainStart) / 1000).toFixed(1)} s`);

const latent = new Tensor(HostTensor.own(trainer.encodeAll(x._host.array())));
check(latent.shape.join() === `${digits.size},${OUTPUT_SIZE}`, `latent ${latent.shape}`);
const labels = digits.labels.map(String);
const nmi = (values) => ClusteringScores.normalizedMutualInfo(Java.to(labels, "java.lang.String[]"), Java.to(values.map(String), "java.lang.String[]"));

// ---- leaves and hierarchical domains of the trained prototypes
head.hierarchicalClustering();
const leaves = head.leaves(latent);
check(leaves.length === digits.size && leaves.every((l) => /^D\d+$/.test(l) && Number(l.slice(1)) < PROTOTYPES), "one leaf D<k> per image");
const levels = head.clustersLevels();
check(levels.length === PROTOTYPES && levels[0].every((id, leaf) => id === leaf), "levels row 0 holds the leaves themselves");
for (const level of [3, 5, 10]) {
  const domains = head.mapLeavesDomains(leaves, level);
  check(domains.length === leaves.length && distinct(domains) <= level, `at most ${level} domains at level ${level}`);
  console.log(`level ${String(level).padStart(2)}: ${distinct(domains)} domains, NMI vs digit ${fmt(nmi(domains))}`);
}
console.log(`leaves: ${distinct(leaves)} used of ${PROTOTYPES}, NMI vs digit ${fmt(nmi(leaves))}`);

// mapLeavesDomains: a Tablesaw StringColumn in gives a StringColumn out, with the same values; null = missing
const column = StringColumn.create("novae_leaves", Java.to(leaves, "java.lang.String[]"));
const domainColumn = head.mapLeavesDomains(column, 5);
check(domainColumn instanceof StringColumn && domainColumn.name() === "novae_leaves", "a StringColumn comes back for a StringColumn");
check(JSON.stringify(Java.from(domainColumn.asObjectArray())) === JSON.stringify(head.mapLeavesDomains(leaves, 5)), "column and array agree");
const withMissing = head.mapLeavesDomains([leaves[0], null, leaves[2]], 5);
check(withMissing[1] === null && withMissing[0] !== null, `missing leaves stay missing: ${withMissing}`);
expectError(ValueError, "ValueError", () => head.mapLeavesDomains(["D999"], 5), "a leaf outside [0, K)");

// findLevel: the first level with exactly n domains among the leaves present
const leafIndices = leaves.map((l) => Number(l.slice(1)));
const nDomains = Math.min(3, distinct(leaves));
const level = head.findLevel(leafIndices, nDomains);
check(distinct(head.mapLeavesDomains(leaves, level)) === nDomains, `findLevel(${nDomains}) = ${level} gives ${nDomains} domains`);
console.log(`findLevel(${nDomains} domains) = level ${level}`);
expectError(ValueError, "ValueError", () => head.findLevel(leafIndices, distinct(leaves) + 1), "more domains than leaves");

// ---- zero-shot: k-means prototypes on the latent, their own tree
mode.zeroShot = true;
head.setKmeansPrototypes(latent);
const kmeans = head.kmeansPrototypes;
check(kmeans !== null && kmeans.shape.join() === `${PROTOTYPES},${OUTPUT_SIZE}`, "k-means prototypes (K, O)");
const norms = head.prototypes.norm(1).toArray();
check(norms.every((n) => Math.abs(n - 1) < 1e-3), "zero-shot prototypes are unit rows");
head.hierarchicalClustering();
const zeroShotLeaves = head.leaves(latent);
const zeroShotDomains = head.mapLeavesDomains(zeroShotLeaves, 10);
check(distinct(zeroShotDomains) <= 10, "zero-shot domains at level 10");
console.log(`zero-shot: ${distinct(zeroShotLeaves)} leaves (NMI ${fmt(nmi(zeroShotLeaves))}), level 10: ${distinct(zeroShotDomains)} domains (NMI ${fmt(nmi(zeroShotDomains))})`);
mode.zeroShot = false;
check(JSON.stringify(head.leaves(latent)) === JSON.stringify(leaves), "leaving zero-shot mode restores the trained prototypes");

// ---- checkpoint round trip
const file = Files.createTempFile("novae-head", ".swav");
try {
  head.save(String(file));
  const loaded = SwavHead.load(String(file));
  try {
    check(JSON.stringify(loaded.slideIds) === JSON.stringify(SLIDES), "the queue's slides survive save/load");
    check(JSON.stringify(loaded.leaves(latent)) === JSON.stringify(leaves), "the loaded head assigns the same leaves");
  } finally {
    loaded.close();
  }
} finally {
  Files.deleteIfExists(file);
}

head.close();
expectError(ValueError, "ValueError", () => head.leaves(latent), "a closed head");
console.log(`novae head OK in ${((Date.now() - start) / 1000).toFixed(1)} s`);
