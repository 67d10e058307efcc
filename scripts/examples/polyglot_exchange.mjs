// Python <-> JS value exchange in one polyglot context (run: scripts/sslheads js scripts/examples/polyglot_exchange.mjs).
//
// GraalJS and GraalPy share the context's polyglot bindings: JS writes with Polyglot.export(name, v)
// and reads with Polyglot.import(name); Python uses polyglot.export_value / polyglot.import_value.
// Polyglot.eval("python", code) runs Python code and returns the value of its last expression.
// Tensors cross without copying: both languages' Tensor wraps the same Java HostTensor (._host).
import { tensor, Tensor, Mode, SwavHead, ValueError } from "sslheads";

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}
const close = (a, b, tol = 1e-5) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

// ---- plain values: numbers, strings, lists, functions
const pyList = Polyglot.eval("python", "[1, 2.5, 'three']");
check(pyList.length === 3 && pyList[0] === 1 && pyList[1] === 2.5 && pyList[2] === "three", "a Python list reads as an array");
const pyDouble = Polyglot.eval("python", "lambda x: 2 * x");
check(pyDouble(21) === 42, "a Python function is callable from JS");

Polyglot.export("js_config", { name: "digits", sizes: [8, 16, 32] });
Polyglot.export("js_square", (x) => x * x);
const fromPython = Polyglot.eval("python", [
  "import polyglot",
  "cfg = polyglot.import_value('js_config')",
  "square = polyglot.import_value('js_square')",
  "f'{cfg.name}:{sum(cfg.sizes)}:{square(7)}'",
].join("\n"));
check(fromPython === "digits:56:49", `Python read the JS object and called the JS function, got ${fromPython}`);

// ---- tensors, JS -> Python: Python wraps the same host tensor in its sslheads.Tensor
const x = tensor([[1, 2], [3, 4]]);
Polyglot.export("js_tensor", x._host);
const pySum = Polyglot.eval("python", [
  "import polyglot, sslheads",
  "t = sslheads.Tensor(polyglot.import_value('js_tensor'))",
  "(t * 2).sum().item()",
].join("\n"));
check(pySum === 20, `Python computed on the JS tensor: ${pySum}`);

// ---- tensors, Python -> JS: by host tensor through the bindings, or the Python Tensor object itself
Polyglot.eval("python", [
  "import polyglot, sslheads",
  "py_t = sslheads.tensor([[1.0, 0.0], [0.0, 2.0]], dtype='float64')",
  "polyglot.export_value('py_tensor', py_t._host)",
  "polyglot.export_value('py_tensor_object', py_t)",
].join("\n"));
const y = new Tensor(Polyglot.import("py_tensor"));
check(y.dtype === "float64" && JSON.stringify(y.toArray()) === "[[1,0],[0,2]]", `JS read the Python tensor: ${y}`);
const z = tensor(Polyglot.import("py_tensor_object")); // a Python sslheads.Tensor is accepted as data
check(z._host.equals(y._host), "the Python Tensor object and its host tensor are the same tensor");
const fromList = tensor(Polyglot.eval("python", "[[float(i * 2 + j) for j in range(2)] for i in range(2)]"));
check(JSON.stringify(fromList.toArray()) === "[[0,1],[2,3]]", `a nested Python list is tensor data: ${fromList}`);
const product = x.to("float64").matmul(y);
check(JSON.stringify(product.toArray()) === "[[1,4],[3,8]]", `matmul of a JS and a Python tensor: ${product}`);

// ---- a head built in JS, used from Python through its Java object
const head = new SwavHead(new Mode(), 4, 3, 0.1);
Polyglot.export("js_head", head.java);
const k = Polyglot.eval("python", "import polyglot\npolyglot.import_value('js_head').numPrototypes()");
check(k === 3, `Python read the JS head's K: ${k}`);

// ---- errors cross too: a Python exception is catchable in JS with its message
try {
  Polyglot.eval("python", "import sslheads\nsslheads.tensor([[1.0], [2.0, 3.0]])");
  check(false, "ragged data must fail in Python");
} catch (e) {
  check(String(e.message).includes("ragged"), `the Python ValueError reached JS: ${e.message}`);
}
try {
  tensor([[1], [2, 3]]);
  check(false, "ragged data must fail in JS");
} catch (e) {
  check(e instanceof ValueError && e.name === "ValueError", `JS raised ValueError: ${e.name}`);
}
head.close();
console.log(`polyglot exchange OK: python saw ${fromPython}, sum ${pySum}, product ${JSON.stringify(product.toArray())}`);
