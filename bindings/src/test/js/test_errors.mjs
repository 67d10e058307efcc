// Bad input to the sslheads JS module: each case must throw the JS error that matches Python's
// exception (KeyError/ValueError/... as an Error with that name, TypeError, IndexError as
// RangeError) with a helpful message, and the context must keep working afterwards.
// Run by JsModuleTest; exits non-zero (an uncaught Error) on the first failure.
import {
  tensor, zeros, randn, noGrad, isGradEnabled, fromBuffer, cat, fingerprint,
  Tensor, Mode, SwavHead, KeyError, ValueError, FileNotFoundError, OSError, RuntimeError,
  AnnData, readH5ad, spatialNeighbors, toyDataset, pp,
} from "sslheads";

let cases = 0;

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

/** fn() must throw Kind named `name` whose message contains every string of `parts`. */
function raises(Kind, name, fn, ...parts) {
  cases++;
  let thrown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  check(thrown !== undefined, `expected ${name} but nothing was thrown (case ${cases}: ${fn})`);
  check(thrown instanceof Kind && thrown instanceof Error, `expected ${name}, got ${thrown && thrown.name}: ${thrown && thrown.message} (case ${cases}: ${fn})`);
  check(thrown.name === name, `expected name ${name}, got ${thrown.name} (case ${cases})`);
  for (const part of parts) {
    check(String(thrown.message).includes(part), `message of ${name} should mention "${part}": ${thrown.message}`);
  }
  return thrown;
}

const mode = new Mode();
const head = new SwavHead(mode, 4, 5, 0.1);
head.initQueue(["s1", "s2"]);
const z = randn(8, 4);

// ---- tensor(): wrong types, null, ragged arrays, strings where numbers go
raises(TypeError, "TypeError", () => tensor(null), "data must be", "null");
raises(TypeError, "TypeError", () => fingerprint([1, "2"]), "values must be an array of numbers");
raises(TypeError, "TypeError", () => fingerprint(null), "values must be an array of numbers");
check(fingerprint([0.5, 1]) === fingerprint([0.5, 1]) && fingerprint([0.5, 1]) !== fingerprint([0.5, 1 + Number.EPSILON]), "fingerprint: equal for equal numbers, changes with one bit");
raises(TypeError, "TypeError", () => tensor(undefined), "undefined");
raises(TypeError, "TypeError", () => tensor({ a: 1 }), "data must be");
raises(TypeError, "TypeError", () => tensor("1.5"), "string");
raises(TypeError, "TypeError", () => tensor([1, "2", 3]), "data[1] must be a number", 'string "2"');
raises(TypeError, "TypeError", () => tensor([[1, 2], [3, null]]), "data[1][1]", "null");
raises(TypeError, "TypeError", () => tensor([true, false]), "data[0] must be a number", "boolean");
raises(ValueError, "ValueError", () => tensor([[1, 2], [3]]), "data[1]", "length 2", "ragged");
raises(ValueError, "ValueError", () => tensor([[1, 2], 3]), "data[1]", "ragged");
raises(TypeError, "TypeError", () => tensor([1, 2], "float64"), "options");
raises(TypeError, "TypeError", () => tensor([1, 2], { dtype: 64 }), "dtype must be a string");
raises(ValueError, "ValueError", () => tensor([1, 2], { dtype: "float8" }), "dtype must be one of", "float8");
raises(ValueError, "ValueError", () => tensor([1, 2, 3], { shape: [2, 2] }), "must hold 4");
raises(TypeError, "TypeError", () => tensor([1, 2], { shape: ["2"] }), "shape[0] must be an integer");
raises(ValueError, "ValueError", () => fromBuffer(new Float32Array(5), [2, 3]), "must hold 6");
raises(TypeError, "TypeError", () => fromBuffer([1, 2], [2]), "buffer");
raises(TypeError, "TypeError", () => new Tensor(42), "Tensor wraps a host tensor");
raises(TypeError, "TypeError", () => cat("ab"), "array of tensors");

// ---- tensor operations
const t = tensor([[1, 2], [3, 4]]);
raises(TypeError, "TypeError", () => t.add("1"), "add", "string");
raises(TypeError, "TypeError", () => t.mul(null), "mul", "null");
raises(TypeError, "TypeError", () => t.matmul(2), "matmul");
raises(ValueError, "ValueError", () => t.matmul(tensor([1, 2, 3])));
raises(ValueError, "ValueError", () => tensor([1, 2, 3]).item(), "exactly 1 element");
raises(ValueError, "ValueError", () => tensor([1, 2, 3]).backward(), "scalar");
raises(TypeError, "TypeError", () => t.sum("0"), "dim");
raises(TypeError, "TypeError", () => t.softmax(0.5), "dim must be an integer");
raises(RangeError, "RangeError", () => t.size(5), "out of range");
raises(TypeError, "TypeError", () => t.reshape("4"), "shape");
raises(TypeError, "TypeError", () => noGrad(5), "function");
const closed = tensor([1, 2]);
closed.close();
raises(ValueError, "ValueError", () => closed.sum(), "tensor is closed");
check(isGradEnabled(), "recording is on by default");
raises(Error, "Error", () => noGrad(() => { throw new Error("inside"); }), "inside");
check(isGradEnabled(), "noGrad restores recording after an error");

// ---- the head: constructor arguments
raises(TypeError, "TypeError", () => new SwavHead(null, 4, 5), "mode must be a Mode", "null");
raises(TypeError, "TypeError", () => new SwavHead({}, 4, 5), "mode must be a Mode");
raises(TypeError, "TypeError", () => new SwavHead(mode, "4", 5), "outputSize must be an integer", 'string "4"');
raises(TypeError, "TypeError", () => new SwavHead(mode, 4.5, 5), "outputSize must be an integer");
raises(TypeError, "TypeError", () => new SwavHead(mode, 4, 5, "0.1"), "temperature must be a number");
raises(ValueError, "ValueError", () => new SwavHead(mode, 0, 5), "outputSize");
raises(ValueError, "ValueError", () => new SwavHead(mode, 4, 5, -1), "temperature");
raises(TypeError, "TypeError", () => new SwavHead(mode, 4, 5, 0.1, { seed: "7" }), "seed must be an integer");
raises(ValueError, "ValueError", () => new SwavHead(mode, 4, 5, 0.1, { device: "tpu" }), "tpu");

// ---- the head: queue, slide ids, forward
raises(KeyError, "KeyError", () => head.forward(z, z, "s3"), "slideId 's3' is not in the slide queue", "'s1', 's2'");
raises(KeyError, "KeyError", () => head.prototypeIlocs(head.projection(z), "nope"), "nope");
raises(TypeError, "TypeError", () => head.forward(z, z, 3), "slideId must be a string", "number 3");
raises(TypeError, "TypeError", () => head.forward(null, z, "s1"), "z1", "null");
raises(TypeError, "TypeError", () => head.forward(z, "z2", "s1"), "z2", "string");
raises(ValueError, "ValueError", () => head.forward(randn(8, 3), randn(8, 3), "s1"), "z1");
raises(ValueError, "ValueError", () => head.forward(z, randn(6, 4), "s1"), "same shape");
raises(ValueError, "ValueError", () => head.forward(randn(2, 4), randn(2, 4), "s1"), "at least 3 rows");
raises(TypeError, "TypeError", () => head.initQueue("s1"), "slideIds must be an array of strings");
raises(TypeError, "TypeError", () => head.initQueue(["a", 2]), "slideIds[1] must be a string");
raises(ValueError, "ValueError", () => head.initQueue(["a", "a"]), "unique");
raises(ValueError, "ValueError", () => head.initQueue([]), "non-empty");
raises(TypeError, "TypeError", () => head.setMinPrototypes("0.3"), "ratio must be a number");
raises(ValueError, "ValueError", () => head.setMinPrototypes(1.5), "minPrototypesRatio");
check(JSON.stringify(head.slideIds) === '["s1","s2"]', "a rejected initQueue leaves the queue unchanged");

// ---- clustering: mapLeavesDomains, findLevel
head.hierarchicalClustering();
raises(TypeError, "TypeError", () => head.mapLeavesDomains(42, 2), "leaves must be an array");
raises(TypeError, "TypeError", () => head.mapLeavesDomains(["D1", 2], 2), "leaves[1] must be a string");
raises(TypeError, "TypeError", () => head.mapLeavesDomains(["D1"], "2"), "level must be an integer");
raises(ValueError, "ValueError", () => head.mapLeavesDomains(["D1"], 9), "level must be in [1, K=5]");
raises(ValueError, "ValueError", () => head.mapLeavesDomains(["X1"], 2), "leaves[0]", "X1");
raises(TypeError, "TypeError", () => head.findLevel("0,1", 2), "leafIndices must be an array");
raises(TypeError, "TypeError", () => head.findLevel([0, "1"], 2), "leafIndices[1] must be an integer");
raises(ValueError, "ValueError", () => head.findLevel([0, 1], 3), "nDomains");
raises(ValueError, "ValueError", () => head.findLevel([0, 7], 1), "leafIndices[1]");
raises(ValueError, "ValueError", () => head.setKmeansPrototypes(randn(3, 4)), "at least K=5 rows");
mode.zeroShot = true;
raises(RuntimeError, "RuntimeError", () => head.prototypes, "no k-means prototypes");
mode.zeroShot = false;
raises(RuntimeError, "RuntimeError", () => new Mode().fineTune(), "pretrained");

// ---- files
raises(TypeError, "TypeError", () => head.save(42), "path must be a string");
raises(FileNotFoundError, "FileNotFoundError", () => SwavHead.load("/nonexistent/dir/head.swav"), "head.swav");

// ---- AnnData, .h5ad files and novae's data functions
raises(FileNotFoundError, "FileNotFoundError", () => readH5ad("/nonexistent/slide.h5ad"), "/nonexistent/slide.h5ad");
raises(OSError, "OSError", () => readH5ad("src/test/js/test_errors.mjs"), "not an HDF5 file");
const cells = new AnnData({ X: [[1, 2], [3, 4]] });
raises(ValueError, "ValueError", () => cells.obsm.set("spatial", [[0, 0]]), "obsm['spatial'] must have shape (2, ...), got (1, 2)");
raises(KeyError, "KeyError", () => cells.obsm.get("spatial"), "obsm keys are");
raises(ValueError, "ValueError", () => spatialNeighbors(cells), "obsm['spatial'] is missing");
raises(ValueError, "ValueError", () => toyDataset({ nVars: 23 }), "n_vars - n_drop - n_panels must be > 2");
raises(ValueError, "ValueError", () => pp.highlyVariableGenes(cells, { flavor: "cell_ranger" }), "flavor must be");
raises(TypeError, "TypeError", () => spatialNeighbors("not an AnnData"), "must be an AnnData");
check(cells.obsm.keys().length === 0, "a refused obsm entry leaves obsm unchanged");

// ---- closed heads
const other = new SwavHead(mode, 4, 5, 0.1);
other.close();
other.close(); // closing twice is fine
raises(ValueError, "ValueError", () => other.forward(z, z), "head is closed");
raises(ValueError, "ValueError", () => other.leaves(z), "head is closed");
raises(ValueError, "ValueError", () => other.numPrototypes, "head is closed");
check(String(other) === "SwavHead(<closed>)", "a closed head prints as closed");

// ---- a Java exception keeps its Java cause; the context keeps working after all of the above
const withCause = raises(KeyError, "KeyError", () => head.forward(z, z, "unknown"));
check(withCause.cause !== undefined && String(withCause.cause.getClass().getName()).endsWith("UnknownSlideException"), "the Java exception is the cause");
check(withCause.pythonType === "KeyError", "pythonType names the Python exception");
const [loss, entropy] = head.forward(z, randn(8, 4), "s1");
check(Number.isFinite(loss.item()) && entropy.item() > 0, "a valid forward still works");
loss.backward();
check(head.prototypes.grad !== null, "backward still works");
check(JSON.stringify(tensor([[1, 2], [3, 4]]).sum(0).toArray()) === "[4,6]", "tensors still work");
check(zeros([2, 2]).sum().item() === 0, "zeros still works");
head.close();
console.log(`test_errors.mjs: ${cases} bad inputs rejected with the right error; the context kept working`);
