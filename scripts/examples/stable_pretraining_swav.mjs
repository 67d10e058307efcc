// stable-pretraining's SwAV on the bundled digits, from JS (run: scripts/sslheads js scripts/examples/stable_pretraining_swav.mjs [epochs]).
//
// SwAV with an MLP encoder: a forward/backward step written in JS, the multi-crop and eval
// conventions, the Java training loop (fit), argmax-prototype clusters scored against the digit
// labels, the functional forward's queue and bad input. Throws on failure (exit status 1).
import { tensor, randn, manualSeed, fingerprint, argv, SwAV, SwAVLoss, ValueError } from "sslheads";

const ClusteringScores = Java.type("dev.sslheads.metrics.ClusteringScores");
const StringColumn = Java.type("tech.tablesaw.api.StringColumn");

const epochs = argv.length > 1 ? Number.parseInt(argv[1], 10) : 6;

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

// ---- digits (lib's bundled data set): 1797 images of 64 pixels (0-16) and their label
const digits = Java.type("dev.sslheads.data.Digits").load();
const pixels = new Float32Array(digits.size() * 64);
Array.from(digits.pixels()).forEach((row, i) => pixels.set(Array.from(row, (v) => v / 16), i * 64));
const labels = Array.from(digits.labels(), String);
const x = tensor(pixels, { shape: [digits.size(), 64] });

manualSeed(0);
const model = new SwAV({ inFeatures: 64, hiddenFeatures: 128, outFeatures: 32 }, { projectorDims: [128, 32], nPrototypes: 10 });
console.log(String(model));

// ---- one step by hand: loss, backward, every parameter has a gradient
const out = model.forward(randn(16, 64), randn(16, 64));
check(out.loss.shape.length === 0 && out.embedding.shape.join() === "32,32" && out.projection.shape.join() === "32,32", "two-view shapes");
out.loss.backward();
check(model.prototypes.grad !== null, "the prototypes receive a gradient");
const multi = model.forwardViews([randn(8, 64), randn(8, 64)], [randn(8, 64), randn(8, 64)]);
check(multi.projection.shape.join() === "32,32" && Number.isFinite(multi.loss.item()), "multi-crop forward");
const ev = model.forwardImages(randn(5, 64));
check(ev.loss.item() === 0 && ev.embedding.shape.join() === "5,32" && ev.projection === null, "eval path");

// ---- the Java training loop, then clusters
const losses = model.fit(x, { epochs, batchSize: 128 });
console.log(`losses per epoch: ${losses.map((l) => l.toFixed(4)).join(" ")}`);
check(losses[losses.length - 1] < losses[0], "the loss should decrease");
console.log(`loss fingerprint: ${fingerprint(losses)} (${losses.length} epoch losses; seeded runs print the same)`);
const clusters = model.assign(x).map(String);
const nmi = ClusteringScores.normalizedMutualInfo(StringColumn.create("t", labels), StringColumn.create("p", clusters));
console.log(`argmax clusters: ${new Set(clusters).size} used, NMI with the digit ${nmi.toFixed(3)}`);
check(nmi > 0.3, `NMI ${nmi} should be well above chance`);

// ---- the functional forward's queue and the loss
model.train();
model.enableQueue(40, 1);
const f0 = model.functionalForward([randn(8, 64), randn(8, 64)], 0);
check(model.queue.shape.join() === "16,32", "both views queued");
const loss = new SwAVLoss().forward(f0.projection.get("0:8"), f0.projection.get("8:16"), model.prototypes);
check(Math.abs(loss.item() - f0.loss.item()) < 1e-5, "without queue rows the functional forward is SwAVLoss on views 0 and 1");

// ---- bad input
for (const [fn, part] of [
  [() => new SwAV({ inFeatures: 64, hiddenFeatures: 8, outFeatures: 4 }, { nPrototypes: 0 }), "nPrototypes must be >= 1, got 0"],
  [() => new SwAVLoss({ epsilon: -1 }), "epsilon must be a finite number > 0, got -1.0"],
  [() => model.forward(randn(4, 64), randn(5, 64)), "every view must have the same number of rows 4"],
  [() => model.forwardViews([], [randn(4, 64)]), "globalViews must hold at least 1 view, got 0"],
  [() => model.enableQueue(0, 0), "capacity must be >= 1, got 0"],
]) {
  let thrown = null;
  try { fn(); } catch (e) { thrown = e; }
  check(thrown instanceof ValueError && String(thrown.message).includes(part), `expected ValueError "${part}", got ${thrown}`);
}
model.close();
console.log("stable-pretraining SwAV from JS: ok");
