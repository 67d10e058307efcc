// The JS module's calls leave no native arrays behind (as test_native_memory.py for Python): after a
// warm-up, 20 more calls of each keep the JVM's live PyTorch arrays (LiveArrays, a test helper) where they were.
import { Mode, SwavHead, randn } from "sslheads";

const LiveArrays = Java.type("dev.sslheads.bindings.LiveArrays");
const leaks = [];

function noLeak(what, call) {
  for (let i = 0; i < 3; i++) call();
  const before = LiveArrays.settled();
  for (let i = 0; i < 20; i++) call();
  const after = LiveArrays.settled();
  if (after > before) leaks.push(`${what}: ${(after - before) / 20} arrays per call`);
}

const head = new SwavHead(new Mode(), 4, 8, 0.1);
head.initQueue(["s0", "s1"]);
const z1 = randn(6, 4);
const z2 = randn(6, 4);
const p = head.projection(z1);
noLeak("projection", () => head.projection(z1));
noLeak("prototypeIlocs", () => head.prototypeIlocs(p, "s1"));
noLeak("queueWeights", () => head.queueWeights());
noLeak("sinkhorn", () => head.sinkhorn(p));
noLeak("crossEntropyLoss", () => head.crossEntropyLoss(p, p));
noLeak("forward", () => head.forward(z1, z2, "s0"));
noLeak("tensor ops", () => z1.matmul(z2.T).softmax(1).div(3).tolist());
head.close();
if (leaks.length > 0) throw new Error(`calls that left native arrays alive: ${leaks.join("; ")}`);
console.log("test_native_memory.mjs: no leaks");
