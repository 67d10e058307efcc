// fmcib's SwaV with lightly's loss from GraalJS (run: scripts/sslheads js scripts/examples/lightly_swav.mjs):
// a few training steps on random crops with the queue filling up, the prototype freezing of
// epoch 0, the MemoryBankModule's ring buffer, and the seed's errors. Throws on any failed check.
import { randn, ones, manualSeed, fingerprint, SwaVLoss, SwaVPrototypes, MemoryBankModule, SwaV, mlpBackbone, ValueError } from "sslheads";

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

manualSeed(0);
const model = new SwaV(mlpBackbone(6, 16, 8), { numFtrs: 8, outDim: 4, nPrototypes: 10, nQueues: 2, queueLength: 8,
  startQueueAtEpoch: 1, nStepsFrozenPrototypes: 1 });
const criterion = new SwaVLoss();
const high = [randn(4, 6), randn(4, 6)];
const low = [randn(4, 6), randn(4, 6)];
const used = [];
const losses = [];
for (const epoch of [0, 0, 1]) {
  const [highScores, lowScores, queueScores] = model.forward([high, low], epoch);
  used.push(queueScores !== null);
  const loss = criterion.forward(highScores, lowScores, queueScores);
  check(Number.isFinite(loss.item()), `finite loss at epoch ${epoch}`);
  losses.push(loss.item());
  loss.backward();
  check(model.prototypesFrozen === (epoch < 1), `prototypes frozen in epoch 0 only (epoch ${epoch})`);
}
check(JSON.stringify(used) === "[false,false,true]", `queue used once filled and from epoch 1: ${used}`);
check(model.numFeaturesQueued === 12, `12 features queued, got ${model.numFeaturesQueued}`);
console.log(`loss fingerprint: ${fingerprint(losses)} (${losses.length} step losses; seeded runs print the same)`);

let thrown = null;
try {
  model.forward([[high[0]], low], 2);
} catch (e) {
  thrown = e;
}
check(thrown instanceof ValueError && thrown.message.includes("nQueues = 2"), `wrong number of high-resolution crops: ${thrown}`);

const prototypes = new SwaVPrototypes({ inputDim: 4, nPrototypes: [3, 5] });
check(prototypes.forward(randn(2, 4)).map((s) => s.shape.join("x")).join(",") === "2x3,2x5", "one score array per head");
const bank = new MemoryBankModule({ size: 5 });
bank.forward(ones([3, 2]), true);
bank.forward(ones([3, 2]), true);
check(bank.bankPtr === 0, "3 + 3 >= 5 wraps the pointer to 0");
console.log(`lightly_swav.mjs: ok (queue used ${used}, ${model.numFeaturesQueued} features queued)`);
