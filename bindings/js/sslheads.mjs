/**
 * sslheads for GraalJS: tensors, autograd and novae's SwAV head over the Java toolkit.
 *
 *   import { tensor, Mode, SwavHead, argv } from "sslheads";
 *
 * The same Java classes as the Python package (dev.sslheads.bindings.HostTensor, Tensors,
 * Autograd; dev.sslheads.swav.SwavHead, Mode), with camelCase names. Operations run in Java on the
 * toolkit's device; values come back to JS only through item(), toArray() and toTypedArray().
 * Float32Array/Float64Array data crosses in one bulk copy (their .buffer), nested arrays are packed
 * into a typed array first.
 *
 * Errors: every host call goes through call(), which turns a Java exception into a JS error named
 * after the Python exception the host's GuestErrors chooses, with the Java message:
 *   KeyError (unknown slide id), ValueError (bad value or shape, closed head), FileNotFoundError,
 *   OSError, RuntimeError -> an Error subclass of that name (exported below);
 *   TypeError -> TypeError; IndexError -> RangeError.
 * Every error also carries .pythonType (the Python name) and, for translated ones, .cause (the
 * Java exception).
 *
 * Gradient recording is on from import (PyTorch's default); noGrad(fn) turns it off for a call.
 */

const HostTensor = Java.type("dev.sslheads.bindings.HostTensor");
const Tensors = Java.type("dev.sslheads.bindings.Tensors");
const Autograd = Java.type("dev.sslheads.bindings.Autograd");
const Fingerprint = Java.type("dev.sslheads.bindings.Fingerprint");
const HostModule = Java.type("dev.sslheads.bindings.HostModule"); // MLP encoders of the heads' estimators
const HostAugmentation = Java.type("dev.sslheads.bindings.HostAugmentation");
const GuestErrors = Java.type("dev.sslheads.bindings.GuestErrors");
const JavaSwavHead = Java.type("dev.sslheads.swav.SwavHead");
const JavaMode = Java.type("dev.sslheads.swav.Mode");
const JavaList = Java.type("java.util.List");
const Leaves = Java.type("dev.sslheads.swav.Leaves");
const Devices = Java.type("dev.sslheads.runtime.Devices");
const StringColumn = Java.type("tech.tablesaw.api.StringColumn");
const ByteBuffer = Java.type("java.nio.ByteBuffer");
const JavaPath = Java.type("java.nio.file.Path");
const Throwable = Java.type("java.lang.Throwable");

// ---------------------------------------------------------------------- errors

function named(name) {
  const cls = class extends Error {
    constructor(message, options) {
      super(message, options);
      this.pythonType = name;
    }
  };
  Object.defineProperty(cls, "name", { value: name });
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
  return cls;
}

/** An unknown key, e.g. a slide id the head's queue does not know (Python KeyError). */
export const KeyError = named("KeyError");
/** A bad value or shape, or a closed head or tensor (Python ValueError). */
export const ValueError = named("ValueError");
export const FileNotFoundError = named("FileNotFoundError");
export const OSError = named("OSError");
export const RuntimeError = named("RuntimeError");

const JS_ERRORS = {
  KeyError,
  ValueError,
  FileNotFoundError,
  OSError,
  RuntimeError,
  TypeError,
  IndexError: RangeError,
};

function error(pythonType, message, cause) {
  const Kind = JS_ERRORS[pythonType] ?? RuntimeError;
  const e = cause === undefined ? new Kind(message) : new Kind(message, { cause });
  e.pythonType = pythonType;
  if (typeof Error.captureStackTrace === "function") {
    Error.captureStackTrace(e, error); // the stack starts at the caller, not here
  }
  return e;
}

/** Whether e is a Java exception thrown by a host call. */
export function isHostException(e) {
  return e !== null && typeof e === "object" && Java.isJavaObject(e) && e instanceof Throwable;
}

/** The JS error for a Java exception (other values are returned unchanged). */
export function translate(e) {
  if (!isHostException(e)) {
    return e;
  }
  return error(String(GuestErrors.pythonType(e)), String(GuestErrors.message(e)), e);
}

/** Runs fn (which calls into Java), rethrowing a Java exception as its JS error. */
export function call(fn) {
  try {
    return fn();
  } catch (e) {
    throw translate(e);
  }
}

// ---------------------------------------------------------------------- argument checks

function describe(v) {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "string") return `string ${JSON.stringify(v)}`;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return `${typeof v} ${String(v)}`;
  if (typeof v === "function") return "function";
  if (Java.isJavaObject(v)) return `Java object ${v.getClass().getName()}`;
  if (Array.isArray(v)) return `array of length ${v.length}`;
  return (v.constructor && v.constructor.name) || typeof v;
}

function checkInt(name, v) {
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw error("TypeError", `${name} must be an integer, got ${describe(v)}`);
  }
  return v;
}

function checkNumber(name, v) {
  if (typeof v !== "number") {
    throw error("TypeError", `${name} must be a number, got ${describe(v)}`);
  }
  return v;
}

function checkBool(name, v) {
  if (typeof v !== "boolean") {
    throw error("TypeError", `${name} must be a boolean, got ${describe(v)}`);
  }
  return v;
}

function checkString(name, v) {
  if (typeof v !== "string") {
    throw error("TypeError", `${name} must be a string, got ${describe(v)}`);
  }
  return v;
}

function checkOptions(name, v) {
  if (v === undefined || v === null) return {};
  if (typeof v !== "object" || Array.isArray(v) || Java.isJavaObject(v)) {
    throw error("TypeError", `${name} must be an options object such as {dtype: "float32"}, got ${describe(v)}`);
  }
  return v;
}

function checkShape(name, shape) {
  if (typeof shape === "number") shape = [shape];
  if (!isSequence(shape)) {
    throw error("TypeError", `${name} must be an integer or an array of integers, got ${describe(shape)}`);
  }
  const out = Array.from(shape);
  out.forEach((d, i) => checkInt(`${name}[${i}]`, d));
  return out;
}

function checkSlide(name, v) {
  if (v === undefined || v === null) return null;
  return checkString(name, v);
}

function checkIntArray(name, values) {
  if (values instanceof Tensor) {
    values = values.toTypedArray();
  }
  if (!isSequence(values)) {
    throw error("TypeError", `${name} must be an array of integers or an integer tensor, got ${describe(values)}`);
  }
  const out = Array.from(values, (v, i) => checkInt(`${name}[${i}]`, typeof v === "bigint" ? Number(v) : v));
  return Java.to(out, "int[]");
}

// ---------------------------------------------------------------------- tensors

const TYPED_DTYPES = new Map([
  [Float32Array, "float32"],
  [Float64Array, "float64"],
  [Int32Array, "int32"],
  [Int8Array, "int8"],
  [Uint8Array, "uint8"],
  [BigInt64Array, "int64"],
]);
const ITEM_SIZES = { float32: 4, float: 4, float64: 8, double: 8, float16: 2, half: 2, int64: 8, long: 8, int32: 4, int: 4, int8: 1, uint8: 1, bool: 1, boolean: 1 };

function isTypedArray(v) {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

function isSequence(v) {
  return Array.isArray(v) || isTypedArray(v);
}

function isHostTensor(v) {
  return v !== null && typeof v === "object" && Java.isJavaObject(v) && v instanceof HostTensor;
}

function nestedShape(values) {
  const shape = [];
  let level = values;
  while (isSequence(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

function where(at) {
  return at.map((i) => `[${i}]`).join("");
}

/** Copies nested arrays of numbers (or booleans, for bool tensors) into out (row-major), checking they are rectangular. */
function pack(values, shape, depth, out, state, name, at, bools) {
  if (depth === shape.length) {
    if (bools && typeof values === "boolean") {
      out[state.i++] = values ? 1 : 0;
      return;
    }
    if (typeof values !== "number") {
      throw error("TypeError", `${name}${where(at)} must be a number, got ${describe(values)}`);
    }
    out[state.i++] = values;
    return;
  }
  if (!isSequence(values) || values.length !== shape[depth]) {
    const got = isSequence(values) ? `length ${values.length}` : describe(values);
    throw error("ValueError", `${name}${where(at)} must be an array of length ${shape[depth]} (ragged nested arrays are not a tensor), got ${got}`);
  }
  if (depth === shape.length - 1 && isTypedArray(values) && !(values instanceof BigInt64Array)) {
    out.set(values, state.i);
    state.i += values.length;
    return;
  }
  for (let i = 0; i < values.length; i++) {
    at.push(i);
    pack(values[i], shape, depth + 1, out, state, name, at, bools);
    at.pop();
  }
}

function converted(host, from, to) {
  if (to === undefined || to === from) return host;
  try {
    return call(() => host.toType(checkString("dtype", to)));
  } finally {
    host.close();
  }
}

/** A host tensor from data (see tensor()). */
function hostTensor(data, name, dtype, shape) {
  if (data instanceof Tensor) {
    return dtype === undefined ? data._host : call(() => data._host.toType(checkString("dtype", dtype)));
  }
  if (isHostTensor(data)) {
    return data;
  }
  if (data === null || data === undefined) {
    throw error("TypeError", `${name} must be a tensor, a number, a (nested) array of numbers or a typed array, got ${describe(data)}`);
  }
  if (typeof data === "object" && !Java.isJavaObject(data) && !isTypedArray(data) && isHostTensor(data._host)) {
    // a Tensor of Python's sslheads (or of another copy of this module): the same host tensor
    return dtype === undefined ? data._host : call(() => data._host.toType(checkString("dtype", dtype)));
  }
  if (dtype !== undefined) checkString("dtype", dtype);
  const dims = shape === undefined || shape === null ? undefined : checkShape("shape", shape);
  if (typeof data === "number" || (typeof data === "boolean" && dtype === "bool")) {
    const host = call(() => Tensors.fromBuffer(new Float64Array([Number(data)]).buffer, Java.to(dims ?? [], "long[]"), "float64"));
    return converted(host, "float64", dtype ?? "float32");
  }
  if (data instanceof ArrayBuffer) {
    const type = dtype ?? "float32";
    const size = ITEM_SIZES[type];
    const d = dims ?? [size ? Math.floor(data.byteLength / size) : data.byteLength];
    return call(() => Tensors.fromBuffer(data, Java.to(d, "long[]"), type));
  }
  if (isTypedArray(data)) {
    let typed = data;
    let native = TYPED_DTYPES.get(typed.constructor);
    if (native === undefined) {
      typed = Float64Array.from(typed, Number);
      native = "float64";
    } else if (typed.byteOffset !== 0 || typed.byteLength !== typed.buffer.byteLength) {
      typed = typed.slice(); // a view: copy its part to a buffer of its own
    }
    const host = call(() => Tensors.fromBuffer(typed.buffer, Java.to(dims ?? [typed.length], "long[]"), native));
    return converted(host, native, dtype);
  }
  if (Array.isArray(data)) {
    const nested = nestedShape(data);
    const size = nested.reduce((a, b) => a * b, 1);
    const target = dtype ?? "float32";
    const packAs = target === "float32" || target === "float" ? "float32" : "float64";
    const out = packAs === "float32" ? new Float32Array(size) : new Float64Array(size);
    pack(data, nested, 0, out, { i: 0 }, name, [], target === "bool" || target === "boolean");
    const host = call(() => Tensors.fromBuffer(out.buffer, Java.to(dims ?? nested, "long[]"), packAs));
    return converted(host, packAs, target);
  }
  throw error("TypeError", `${name} must be a tensor, a number, a (nested) array of numbers or a typed array, got ${describe(data)}`);
}

/** value as a Tensor (Tensors pass through unchanged). */
export function asTensor(value, name = "data") {
  return value instanceof Tensor ? value : new Tensor(hostTensor(value, name));
}

function axes(dim) {
  if (dim === undefined || dim === null) return null;
  if (typeof dim === "number") return Java.to([checkInt("dim", dim)], "int[]");
  return Java.to(checkShape("dim", dim), "int[]");
}

function operand(other, op, self) {
  if (other instanceof Tensor) return other._host;
  if (isHostTensor(other)) return other;
  if (typeof other === "number") return other;
  if (isSequence(other)) return hostTensor(other, "other", self.dtype);
  throw error("TypeError", `${op}: other must be a Tensor, a number or an array of numbers, got ${describe(other)}`);
}

/** A tensor on the toolkit's device; build one with tensor(data). */
export class Tensor {
  /** Wraps a dev.sslheads.bindings.HostTensor (what Python's sslheads.Tensor holds as _host). */
  constructor(host) {
    if (!isHostTensor(host)) {
      throw error("TypeError", `Tensor wraps a host tensor; build one with tensor(data), got ${describe(host)}`);
    }
    this._host = host;
  }

  // ------------------------------------------------------------------ description
  get shape() {
    return Array.from(call(() => this._host.shape()), Number);
  }

  get ndim() {
    return call(() => this._host.ndim());
  }

  get dtype() {
    return String(call(() => this._host.dtype()));
  }

  get device() {
    return String(call(() => this._host.device()));
  }

  /** The shape, or its size along dim. */
  size(dim) {
    const shape = this.shape;
    if (dim === undefined) return shape;
    checkInt("dim", dim);
    const d = dim < 0 ? shape.length + dim : dim;
    if (d < 0 || d >= shape.length) {
      throw error("IndexError", `dim ${dim} is out of range for a tensor of ${shape.length} dimensions`);
    }
    return shape[d];
  }

  numel() {
    return Number(call(() => this._host.size()));
  }

  get isClosed() {
    return this._host.isClosed();
  }

  toString() {
    if (this.isClosed) return "tensor(<closed>)";
    if (this.numel() <= 20) return `tensor(${JSON.stringify(this.toArray())}, dtype=${this.dtype})`;
    return `tensor(shape=[${this.shape}], dtype=${this.dtype}, device=${this.device})`;
  }

  toJSON() {
    return this.toArray();
  }

  // ------------------------------------------------------------------ conversion
  /** The single value of a one-element tensor (a boolean for bool tensors). */
  item() {
    const value = call(() => this._host.item());
    return this.dtype === "bool" ? value !== 0 : value;
  }

  /**
   * All values, row-major, in one bulk copy: Float32Array (float32, float16), Float64Array
   * (float64, int64 -- exact below 2**53), Int32Array, Int8Array, Uint8Array (uint8, bool).
   */
  toTypedArray() {
    const dtype = this.dtype;
    const view = (Kind, host) => new Kind(ByteBuffer.wrap(call(() => host.toBytes()))).slice();
    switch (dtype) {
      case "float32":
        return view(Float32Array, this._host);
      case "float64":
        return view(Float64Array, this._host);
      case "int32":
        return view(Int32Array, this._host);
      case "int8":
        return view(Int8Array, this._host);
      case "uint8":
      case "bool":
        return view(Uint8Array, this._host);
      default: {
        const target = dtype === "float16" ? "float32" : "float64";
        const tmp = call(() => this._host.toType(target));
        try {
          return view(target === "float32" ? Float32Array : Float64Array, tmp);
        } finally {
          tmp.close();
        }
      }
    }
  }

  /** Nested arrays of numbers (booleans for bool tensors); a number for a 0-d tensor. */
  toArray() {
    const typed = this.toTypedArray();
    let flat = this.dtype === "bool" ? Array.from(typed, (v) => v !== 0) : Array.from(typed);
    const shape = this.shape;
    if (shape.length === 0) return flat[0];
    for (let k = shape.length - 1; k >= 1; k--) {
      const dim = shape[k];
      const rows = [];
      for (let i = 0; i < flat.length; i += dim) rows.push(flat.slice(i, i + dim));
      flat = rows;
    }
    return flat;
  }

  /** Python's spelling of toArray(). */
  tolist() {
    return this.toArray();
  }

  to(dtype) {
    return new Tensor(call(() => this._host.toType(checkString("dtype", dtype))));
  }

  float() {
    return this.to("float32");
  }

  long() {
    return this.to("int64");
  }

  // ------------------------------------------------------------------ arithmetic (broadcasting)
  _binary(method, other) {
    const arg = operand(other, method, this);
    return new Tensor(call(() => this._host[method](arg)));
  }

  add(other) {
    return this._binary("add", other);
  }

  sub(other) {
    return this._binary("sub", other);
  }

  mul(other) {
    return this._binary("mul", other);
  }

  div(other) {
    return this._binary("div", other);
  }

  /** value - this */
  rsub(value) {
    return new Tensor(call(() => this._host.rsub(checkNumber("value", value))));
  }

  /** value / this */
  rdiv(value) {
    return new Tensor(call(() => this._host.rdiv(checkNumber("value", value))));
  }

  pow(exponent) {
    return new Tensor(call(() => this._host.pow(checkNumber("exponent", exponent))));
  }

  matmul(other) {
    if (typeof other === "number") {
      throw error("TypeError", `matmul: other must be a Tensor or an array of numbers, got ${describe(other)}`);
    }
    return this._binary("matmul", other);
  }

  gt(other) {
    return this._binary("gt", other);
  }

  ge(other) {
    return this._binary("gte", other);
  }

  lt(other) {
    return this._binary("lt", other);
  }

  le(other) {
    return this._binary("lte", other);
  }

  eq(other) {
    return this._binary("eq", other);
  }

  neg() {
    return new Tensor(call(() => this._host.neg()));
  }

  abs() {
    return new Tensor(call(() => this._host.abs()));
  }

  exp() {
    return new Tensor(call(() => this._host.exp()));
  }

  log() {
    return new Tensor(call(() => this._host.log()));
  }

  sqrt() {
    return new Tensor(call(() => this._host.sqrt()));
  }

  relu() {
    return new Tensor(call(() => this._host.relu()));
  }

  sigmoid() {
    return new Tensor(call(() => this._host.sigmoid()));
  }

  tanh() {
    return new Tensor(call(() => this._host.tanh()));
  }

  // ------------------------------------------------------------------ reductions
  _reduce(method, dim, keepdim) {
    const a = axes(dim);
    if (a === null) return new Tensor(call(() => this._host[method]()));
    const keep = checkBool("keepdim", keepdim);
    return new Tensor(call(() => this._host[method](a, keep)));
  }

  /** Sum of all values, or along dim (an integer or an array of them). */
  sum(dim, keepdim = false) {
    return this._reduce("sum", dim, keepdim);
  }

  mean(dim, keepdim = false) {
    return this._reduce("mean", dim, keepdim);
  }

  max(dim, keepdim = false) {
    return this._reduce("max", dim, keepdim);
  }

  min(dim, keepdim = false) {
    return this._reduce("min", dim, keepdim);
  }

  argmax(dim = -1) {
    return new Tensor(call(() => this._host.argmax(checkInt("dim", dim))));
  }

  argmin(dim = -1) {
    return new Tensor(call(() => this._host.argmin(checkInt("dim", dim))));
  }

  norm(dim = -1, keepdim = false) {
    return new Tensor(call(() => this._host.norm(checkInt("dim", dim), checkBool("keepdim", keepdim))));
  }

  softmax(dim) {
    return new Tensor(call(() => this._host.softmax(checkInt("dim", dim))));
  }

  logSoftmax(dim) {
    return new Tensor(call(() => this._host.logSoftmax(checkInt("dim", dim))));
  }

  /** x / max(||x||_p, eps) along dim (torch's F.normalize). */
  normalize(p = 2, dim = 1, eps = 1e-12) {
    return new Tensor(call(() => this._host.normalize(checkNumber("p", p), checkInt("dim", dim), checkNumber("eps", eps))));
  }

  // ------------------------------------------------------------------ shape and indexing
  /** reshape(2, 3) or reshape([2, 3]); -1 infers one size. */
  reshape(...shape) {
    const dims = shape.length === 1 && typeof shape[0] !== "number" ? checkShape("shape", shape[0]) : checkShape("shape", shape);
    return new Tensor(call(() => this._host.reshape(Java.to(dims, "long[]"))));
  }

  get T() {
    return new Tensor(call(() => this._host.transpose()));
  }

  t() {
    return this.T;
  }

  transpose(dim0, dim1) {
    return new Tensor(call(() => this._host.transpose(checkInt("dim0", dim0), checkInt("dim1", dim1))));
  }

  /** t.get(0), t.get("1:3, :") (DJL index syntax), or rows/elements selected by an integer/bool Tensor. */
  get(index) {
    if (index instanceof Tensor) return new Tensor(call(() => this._host.get(index._host)));
    if (typeof index === "number") return new Tensor(call(() => this._host.get(String(checkInt("index", index)))));
    return new Tensor(call(() => this._host.get(checkString("index", index))));
  }

  /** In-place assignment of a number or a tensor at index (no gradient through it). */
  set(index, value) {
    const at = typeof index === "number" ? String(checkInt("index", index)) : checkString("index", index);
    if (typeof value === "number") {
      call(() => this._host.set(at, value));
    } else {
      const v = hostTensor(value, "value");
      call(() => this._host.set(at, v));
    }
  }

  *[Symbol.iterator]() {
    const n = this.size(0);
    for (let i = 0; i < n; i++) yield this.get(i);
  }

  // ------------------------------------------------------------------ autograd
  get requiresGrad() {
    return call(() => this._host.requiresGrad());
  }

  set requiresGrad(value) {
    this.requiresGrad_(value);
  }

  /** Makes this (leaf) tensor collect gradients; returns this. */
  requiresGrad_(value = true) {
    const v = checkBool("requiresGrad", value);
    call(() => this._host.setRequiresGrad(v));
    return this;
  }

  /** The accumulated gradient, or null before a backward pass reached this tensor. */
  get grad() {
    const host = call(() => this._host.grad());
    return host === null ? null : new Tensor(host);
  }

  /** Back-propagates from this scalar into every tensor that requires gradients. */
  backward() {
    call(() => this._host.backward());
  }

  detach() {
    return new Tensor(call(() => this._host.detach()));
  }

  zeroGrad() {
    call(() => this._host.zeroGrad());
  }

  /** Frees the native memory now (otherwise when the tensor is garbage collected). */
  close() {
    this._host.close();
  }
}

/**
 * A tensor from a number, a (nested) array of numbers (booleans for dtype bool; Python lists
 * too), a typed array (its .buffer crosses in one copy), an ArrayBuffer (with dtype, default
 * float32), a Tensor (also Python's sslheads.Tensor) or a host tensor. Ragged arrays throw
 * ValueError, non-numbers TypeError, both naming the position (data[1][0]).
 *
 * @param options.dtype float32 (default for numbers and arrays), float64, int64, int32, int8,
 *     uint8, bool; a typed array keeps its own type unless dtype is given
 * @param options.shape reshapes the values (default: the nesting, or 1-D)
 * @param options.requiresGrad makes the tensor collect gradients
 */
export function tensor(data, options) {
  const { dtype, shape, requiresGrad = false } = checkOptions("options", options);
  const t = new Tensor(hostTensor(data, "data", dtype, shape));
  if (requiresGrad) t.requiresGrad_(checkBool("requiresGrad", requiresGrad));
  return t;
}

/** A tensor of shape from a buffer holding its values in native byte order, in one bulk copy. */
export function fromBuffer(buffer, shape, dtype = "float32") {
  const dims = checkShape("shape", shape);
  checkString("dtype", dtype);
  const data = isTypedArray(buffer) ? buffer.buffer : buffer;
  return new Tensor(call(() => Tensors.fromBuffer(data, Java.to(dims, "long[]"), dtype)));
}

function shapeArgs(shape) {
  return Java.to(checkShape("shape", shape.length === 1 && typeof shape[0] !== "number" ? shape[0] : shape), "long[]");
}

export function zeros(shape, dtype = "float32") {
  return new Tensor(call(() => Tensors.zeros(shapeArgs([shape]), checkString("dtype", dtype))));
}

export function ones(shape, dtype = "float32") {
  return new Tensor(call(() => Tensors.ones(shapeArgs([shape]), checkString("dtype", dtype))));
}

export function full(shape, value, dtype = "float32") {
  return new Tensor(call(() => Tensors.full(shapeArgs([shape]), checkNumber("value", value), checkString("dtype", dtype))));
}

/** Standard normal values: randn(2, 3) or randn([2, 3]). */
export function randn(...shape) {
  return new Tensor(call(() => Tensors.randn(shapeArgs(shape))));
}

/** Uniform values in [0, 1). */
export function rand(...shape) {
  return new Tensor(call(() => Tensors.rand(shapeArgs(shape))));
}

/** Integers in [low, high). */
export function randint(low, high, shape) {
  return new Tensor(call(() => Tensors.randint(checkInt("low", low), checkInt("high", high), shapeArgs([shape]))));
}

/** 0, 1, ..., n-1 as int64. */
export function arange(n) {
  return new Tensor(call(() => Tensors.arange(checkInt("n", n))));
}

function hostList(tensors, name) {
  if (!Array.isArray(tensors)) {
    throw error("TypeError", `${name} must be an array of tensors, got ${describe(tensors)}`);
  }
  return tensors.map((t, i) => hostTensor(t, `${name}[${i}]`));
}

export function cat(tensors, dim = 0) {
  const parts = hostList(tensors, "tensors");
  return new Tensor(call(() => HostTensor.concat(parts, checkInt("dim", dim))));
}

export function stack(tensors, dim = 0) {
  const parts = hostList(tensors, "tensors");
  return new Tensor(call(() => HostTensor.stack(parts, checkInt("dim", dim))));
}

/** Seeds the engine's random generator (randn, rand, randint, augmentations). */
export function manualSeed(seed) {
  call(() => Tensors.manualSeed(checkInt("seed", seed)));
}

/** 16 hex digits that change with any bit of `values` (numbers, e.g. a loss history): seeded runs that print the same fingerprint computed the same numbers. */
export function fingerprint(values) {
  if (!Array.isArray(values) || values.some((v) => typeof v !== "number")) {
    throw new TypeError(`values must be an array of numbers, got ${values}`);
  }
  return String(Fingerprint.of(Java.to(values, "double[]")));
}

export function isGradEnabled() {
  return Autograd.isEnabled();
}

/** Turns gradient recording on or off; returns the previous state. */
export function setGradEnabled(enabled) {
  return Autograd.setEnabled(checkBool("enabled", enabled));
}

/** Runs fn() with gradient recording off (Python's `with no_grad():`) and returns its result. */
export function noGrad(fn) {
  if (typeof fn !== "function") {
    throw error("TypeError", `noGrad needs a function to run, got ${describe(fn)}`);
  }
  const previous = Autograd.setEnabled(false);
  try {
    return fn();
  } finally {
    Autograd.setEnabled(previous);
  }
}

// ---------------------------------------------------------------------- novae's mode and head

/** novae's model mode (dev.sslheads.swav.Mode), shared by the head and its caller. */
export class Mode {
  /** A fresh mode, or a wrapper of an existing Java Mode. */
  constructor(java) {
    if (java === undefined || java === null) {
      java = new JavaMode();
    } else if (!(Java.isJavaObject(java) && java instanceof JavaMode)) {
      throw error("TypeError", `Mode() takes no argument or a Java dev.sslheads.swav.Mode, got ${describe(java)}`);
    }
    /** The Java dev.sslheads.swav.Mode. */
    this.java = java;
  }

  get zeroShot() {
    return this.java.zeroShot();
  }

  set zeroShot(v) {
    this.java.setZeroShot(checkBool("zeroShot", v));
  }

  get trained() {
    return this.java.trained();
  }

  set trained(v) {
    this.java.setTrained(checkBool("trained", v));
  }

  get pretrained() {
    return this.java.pretrained();
  }

  set pretrained(v) {
    this.java.setPretrained(checkBool("pretrained", v));
  }

  get multimodal() {
    return this.java.multimodal();
  }

  set multimodal(v) {
    this.java.setMultimodal(checkBool("multimodal", v));
  }

  fromPretrained() {
    call(() => this.java.fromPretrained());
  }

  fineTune() {
    call(() => this.java.fineTune());
  }

  fit() {
    call(() => this.java.fit());
  }

  copy() {
    return new Mode(this.java.copy());
  }

  toString() {
    return String(this.java.toString());
  }
}

function stringArray(name, values) {
  if (!Array.isArray(values)) {
    throw error("TypeError", `${name} must be an array of strings, got ${describe(values)}`);
  }
  values.forEach((v, i) => checkString(`${name}[${i}]`, v));
  return values;
}

function isStringColumn(v) {
  return v !== null && typeof v === "object" && Java.isJavaObject(v) && v instanceof StringColumn;
}

function leavesColumn(leaves) {
  if (isStringColumn(leaves)) return leaves;
  if (!Array.isArray(leaves)) {
    throw error("TypeError", `leaves must be an array of "D<k>" strings (null for missing) or a Tablesaw StringColumn, got ${describe(leaves)}`);
  }
  const values = leaves.map((v, i) => {
    if (v === null || v === undefined) return ""; // Tablesaw's missing string
    return checkString(`leaves[${i}]`, v);
  });
  return call(() => StringColumn.create("leaves", Java.to(values, "java.lang.String[]")));
}

function columnToArray(column) {
  return Java.from(column.asObjectArray()).map((v) => (v === null || v === "" ? null : String(v)));
}

/**
 * novae's SwAV head (dev.sslheads.swav.SwavHead): prototypes (K, O), a per-slide queue,
 * Sinkhorn-Knopp codes, the swapped-prediction loss, k-means prototypes for zero-shot use, and the
 * hierarchical tree of prototypes that maps leaves to domains.
 */
export class SwavHead {
  /**
   * @param mode a Mode (shared with the caller, as novae passes the model's mode)
   * @param outputSize O, the embedding size
   * @param numPrototypes K
   * @param temperature the loss's softmax temperature (novae: 0.1)
   * @param options.seed seed of the prototype init (default 0)
   * @param options.device "cpu", "gpu" or "gpu:N" (default: the toolkit's device, where tensor() puts data)
   */
  constructor(mode, outputSize, numPrototypes, temperature = 0.1, options) {
    if (mode !== null && typeof mode === "object" && Java.isJavaObject(mode) && mode instanceof JavaSwavHead) {
      this._java = mode; // wraps an existing head (SwavHead.load)
      this._mode = new Mode(mode.mode());
      return;
    }
    if (!(mode instanceof Mode)) {
      if (mode !== null && typeof mode === "object" && Java.isJavaObject(mode) && mode instanceof JavaMode) {
        mode = new Mode(mode);
      } else {
        throw error("TypeError", `mode must be a Mode, got ${describe(mode)}`);
      }
    }
    checkInt("outputSize", outputSize);
    checkInt("numPrototypes", numPrototypes);
    checkNumber("temperature", temperature);
    const { seed = 0, device } = checkOptions("options", options);
    checkInt("seed", seed);
    const dev = device === undefined || device === null ? Tensors.device() : call(() => Devices.resolve(checkString("device", device)));
    this._java = call(() => new JavaSwavHead(mode.java, outputSize, numPrototypes, temperature, seed, dev));
    this._mode = mode;
  }

  /** The Java dev.sslheads.swav.SwavHead (for Java-side APIs such as dev.sslheads.train.SwavTrainer). */
  get java() {
    if (this._java === null) throw error("ValueError", "head is closed");
    return this._java;
  }

  get mode() {
    return this._mode;
  }

  get outputSize() {
    return this.java.outputSize();
  }

  get numPrototypes() {
    return this.java.numPrototypes();
  }

  get temperature() {
    return this.java.temperature();
  }

  get device() {
    return String(this.java.device());
  }

  get minPrototypes() {
    return this.java.minPrototypes();
  }

  get prototypesFrozen() {
    return this.java.prototypesFrozen();
  }

  set prototypesFrozen(v) {
    this.java.setPrototypesFrozen(checkBool("prototypesFrozen", v));
  }

  /** The prototypes in use (K, O): the k-means ones in zero-shot mode (a view; the head owns it). */
  get prototypes() {
    const head = this.java;
    return new Tensor(call(() => HostTensor.borrow(head.prototypes(), head)));
  }

  /** The k-means prototypes (K, O), or null before setKmeansPrototypes. */
  get kmeansPrototypes() {
    const array = this.java.kmeansPrototypes();
    return array === null ? null : new Tensor(HostTensor.borrow(array, this.java));
  }

  get hasQueue() {
    return this.java.hasQueue();
  }

  /** Slide ids in queue-row order ([] without a queue). */
  get slideIds() {
    return Java.from(this.java.slideIds().toArray()).map(String);
  }

  /** min_prototypes = int(K * ratio), the fewest prototypes a slide may use; ratio in [0, 1]. */
  setMinPrototypes(ratio) {
    const head = this.java;
    call(() => head.setMinPrototypes(checkNumber("ratio", ratio)));
  }

  /** A fresh slide queue for these slide ids (unique strings), filled with 1/K. */
  initQueue(slideIds) {
    const head = this.java;
    const ids = stringArray("slideIds", slideIds);
    call(() => head.initQueue(ids));
  }

  /** Removes the slide queue: every forward then uses all prototypes. */
  clearQueue() {
    this.java.clearQueue();
  }

  /** Per-slide prototype weights (n_slides, K) and thresholds (K) of the queue. */
  queueWeights() {
    const head = this.java;
    const qw = call(() => HostTensor.computeAll(() => {
      const weights = head.queueWeights();
      return JavaList.of(weights.weights(), weights.thresholds());
    }));
    return { weights: new Tensor(qw.get(0)), thresholds: new Tensor(qw.get(1)) };
  }

  /**
   * The SwAV loss of two views of one batch: [loss, entropy] (scalar tensors; loss is
   * differentiable). z1, z2: (B, O) tensors or arrays; slideId: a slide of the queue, or null.
   */
  forward(z1, z2, slideId = null) {
    const head = this.java;
    const a = hostTensor(z1, "z1");
    const b = hostTensor(z2, "z2");
    const slide = checkSlide("slideId", slideId);
    const out = call(() => HostTensor.computeAll(() => head.forward(a.array(), b.array(), slide)));
    return [new Tensor(out.get(0)), new Tensor(out.get(1))];
  }

  /** Cosine projections (B, K) of z (B, O) on the prototypes in use. */
  projection(z) {
    const head = this.java;
    const x = hostTensor(z, "z");
    return new Tensor(call(() => HostTensor.compute(() => head.projection(x.array()))));
  }

  /** The prototypes the slide may use (ascending int64 indices), updating the slide queue like novae. */
  prototypeIlocs(projections, slideId = null) {
    const head = this.java;
    const p = hostTensor(projections, "projections");
    const slide = checkSlide("slideId", slideId);
    return new Tensor(call(() => HostTensor.compute(() => head.prototypeIlocs(p.array(), slide))));
  }

  /** Sinkhorn-Knopp codes (B, K) of projections (B, K) with the head's settings. */
  sinkhorn(projections) {
    const head = this.java;
    const p = hostTensor(projections, "projections");
    return new Tensor(call(() => HostTensor.compute(() => head.sinkhorn(p.array()))));
  }

  /** Sum over prototypes of q * log_softmax(p / T), averaged over rows. */
  crossEntropyLoss(q, p) {
    const head = this.java;
    const a = hostTensor(q, "q");
    const b = hostTensor(p, "p");
    return new Tensor(call(() => HostTensor.compute(() => head.crossEntropyLoss(a.array(), b.array()))));
  }

  /** novae's zero-shot prototypes: k-means (K clusters) on the row-normalised latent (N >= K rows). */
  setKmeansPrototypes(latent) {
    const head = this.java;
    const x = hostTensor(latent, "latent");
    call(() => head.setKmeansPrototypes(x.array()));
  }

  /** Builds the average-linkage tree of the prototypes in use (cached per mode). */
  hierarchicalClustering() {
    const head = this.java;
    call(() => head.hierarchicalClustering());
  }

  /** The (K, K) levels matrix as nested arrays: row r holds every leaf's node id after r merges. */
  clustersLevels() {
    const head = this.java;
    const levels = call(() => head.clustersLevels());
    const k = levels.numPrototypes();
    const rows = new Array(k);
    for (let r = 0; r < k; r++) rows[r] = Array.from(levels.row(r));
    return rows;
  }

  /**
   * Leaves "D<k>" to their domain at level (number of domains, in [1, K]). A JS array in (null
   * for missing) gives a JS array out; a Tablesaw StringColumn gives a StringColumn.
   */
  mapLeavesDomains(leaves, level) {
    const head = this.java;
    const column = leavesColumn(leaves);
    checkInt("level", level);
    const out = call(() => head.mapLeavesDomains(column, level));
    return isStringColumn(leaves) ? out : columnToArray(out);
  }

  /** The first level at which the given leaf indices fall into exactly nDomains domains. */
  findLevel(leafIndices, nDomains) {
    const head = this.java;
    const indices = checkIntArray("leafIndices", leafIndices);
    checkInt("nDomains", nDomains);
    return call(() => head.findLevel(indices, nDomains));
  }

  /** novae's leaves of latent (N, O): "D<k>" of each row's nearest prototype, as an array of strings. */
  leaves(latent) {
    const head = this.java;
    const x = hostTensor(latent, "latent");
    return columnToArray(call(() => Leaves.assign(head, x.array())));
  }

  /** Writes the whole head to path (atomically). */
  save(path) {
    const head = this.java;
    const p = JavaPath.of(checkString("path", path));
    call(() => head.save(p));
  }

  /** A head read from a file written by save(), on options.device (default: the toolkit's device). */
  static load(path, options) {
    const p = JavaPath.of(checkString("path", path));
    const { device } = checkOptions("options", options);
    const dev = device === undefined || device === null ? Tensors.device() : call(() => Devices.resolve(checkString("device", device)));
    return new SwavHead(call(() => JavaSwavHead.load(p, dev)));
  }

  /** Frees the head's native memory; later calls throw ValueError "head is closed". */
  close() {
    if (this._java !== null) {
      this._java.close();
      this._java = null;
    }
  }

  get isClosed() {
    return this._java === null;
  }

  toString() {
    return this._java === null ? "SwavHead(<closed>)" : String(this._java.toString());
  }
}

// ---------------------------------------------------------------------- script arguments

/** The script's command line, like Python's sys.argv: argv[0] is the script path. */
export const argv = Object.freeze(Array.from(globalThis.arguments ?? [], String));

Autograd.setEnabled(true);

// ======================================================================================================
// stable-pretraining SwAV (dev.sslheads.stablepretraining through dev.sslheads.bindings.HostStablePretrainingSwav*):
// SwAVLoss and SwAV with the reference's arguments in camelCase. Java argument names in error messages
// are already the JS ones.
// ======================================================================================================

const HostSpSwav = Java.type("dev.sslheads.bindings.HostStablePretrainingSwav");
const HostSpSwavLoss = Java.type("dev.sslheads.bindings.HostStablePretrainingSwavLoss");

function spOutput(parts) {
  const projection = parts.get(2);
  return { loss: new Tensor(parts.get(0)), embedding: new Tensor(parts.get(1)), projection: projection === null ? null : new Tensor(projection) };
}

/** stable_pretraining.losses.SwAVLoss: joint Sinkhorn over both views (and the optional queue). */
export class SwAVLoss {
  /** @param options.temperature (0.1), options.sinkhornIterations (3), options.epsilon (0.05) */
  constructor(options) {
    const { temperature = 0.1, sinkhornIterations = 3, epsilon = 0.05 } = checkOptions("options", options);
    checkNumber("temperature", temperature);
    checkInt("sinkhornIterations", sinkhornIterations);
    checkNumber("epsilon", epsilon);
    this._java = call(() => HostSpSwavLoss.create(temperature, sinkhornIterations, epsilon));
  }

  /** The loss of proj1, proj2 (B, D); prototypes: the (K, D) weight Tensor or {weight}; renormalised in place. */
  forward(proj1, proj2, prototypes, queueFeats = null) {
    return this.forwardDetails(proj1, proj2, prototypes, queueFeats).loss;
  }

  /** {loss, scores1, scores2, codes1, codes2}. */
  forwardDetails(proj1, proj2, prototypes, queueFeats = null) {
    const a = hostTensor(proj1, "proj1");
    const b = hostTensor(proj2, "proj2");
    const w = hostTensor(prototypes !== null && typeof prototypes === "object" && "weight" in prototypes ? prototypes.weight : prototypes, "prototypes");
    const q = queueFeats === null || queueFeats === undefined ? null : hostTensor(queueFeats, "queueFeats");
    const parts = call(() => this._java.forward(a, b, w, q));
    const [loss, scores1, scores2, codes1, codes2] = Array.from({ length: 5 }, (_, i) => new Tensor(parts.get(i)));
    return { loss, scores1, scores2, codes1, codes2 };
  }

  /** Sinkhorn-Knopp codes (N, K) of scores (N, K). */
  sinkhorn(scores) {
    const s = hostTensor(scores, "scores");
    return new Tensor(call(() => this._java.sinkhorn(s)));
  }

  /** -mean_b sum_k codes log_softmax(scores / temperature). */
  swappedPrediction(scores, codes) {
    const s = hostTensor(scores, "scores");
    const c = hostTensor(codes, "codes");
    return new Tensor(call(() => this._java.swappedPrediction(s, c)));
  }

  toString() {
    return String(this._java.toString());
  }
}

/**
 * stable_pretraining.methods.SwAV over an MLP encoder (no timm models here): forward(view1, view2),
 * forwardViews(globalViews, localViews) (per-view Sinkhorn, pairwise mean), forwardImages(images)
 * (eval: embedding and a zero loss); results are {loss, embedding, projection}.
 */
export class SwAV {
  /**
   * @param encoder {inFeatures, hiddenFeatures, outFeatures}: the MLP encoder built for the model (lib's MlpEncoder)
   * @param options.projectorDims ([2048, 128]), nPrototypes (3000), temperature (0.1), sinkhornIterations (3),
   *     epsilon (0.05), seed (0, prototype init)
   */
  constructor(encoder, options) {
    const { inFeatures, hiddenFeatures, outFeatures } = checkOptions("encoder", encoder);
    const { projectorDims = [2048, 128], nPrototypes = 3000, temperature = 0.1, sinkhornIterations = 3, epsilon = 0.05, seed = 0 } =
      checkOptions("options", options);
    if (!isSequence(projectorDims) || projectorDims.length !== 2) {
      throw error("ValueError", `projectorDims must be [hidden, output], got ${describe(projectorDims)}`);
    }
    [checkInt("encoder.inFeatures", inFeatures), checkInt("encoder.hiddenFeatures", hiddenFeatures), checkInt("encoder.outFeatures", outFeatures)];
    [checkInt("projectorDims[0]", projectorDims[0]), checkInt("projectorDims[1]", projectorDims[1]), checkInt("nPrototypes", nPrototypes)];
    [checkNumber("temperature", temperature), checkInt("sinkhornIterations", sinkhornIterations), checkNumber("epsilon", epsilon), checkInt("seed", seed)];
    this._encoder = call(() => HostModule.mlp(inFeatures, hiddenFeatures, outFeatures));
    try {
      this._java = call(() => HostSpSwav.create(this._encoder, projectorDims[0], projectorDims[1], nPrototypes, temperature,
        sinkhornIterations, epsilon, seed));
    } catch (e) {
      this._encoder.close();
      throw e;
    }
  }

  forward(view1, view2) {
    const views = [hostTensor(view1, "view1"), hostTensor(view2, "view2")];
    return spOutput(call(() => this._java.forward(views, [])));
  }

  forwardViews(globalViews, localViews = []) {
    const g = hostList(globalViews, "globalViews");
    const l = hostList(localViews, "localViews");
    return spOutput(call(() => this._java.forward(g, l)));
  }

  forwardImages(images) {
    const x = hostTensor(images, "images");
    const parts = call(() => this._java.forwardEval(x));
    return { loss: new Tensor(parts.get(0)), embedding: new Tensor(parts.get(1)), projection: null };
  }

  /** The functional forward.swav: loss of views 0 and 1 with the queue, then every view queued. */
  functionalForward(views, epoch) {
    const v = hostList(views, "views");
    checkInt("epoch", epoch);
    return spOutput(call(() => this._java.functionalForward(v, epoch)));
  }

  enableQueue(queueLength = 3840, startQueueAtEpoch = 15) {
    checkInt("queueLength", queueLength);
    checkInt("startQueueAtEpoch", startQueueAtEpoch);
    call(() => this._java.enableQueue(queueLength, startQueueAtEpoch));
  }

  disableQueue() {
    call(() => this._java.disableQueue());
  }

  /** A copy of the queued projections (n, P), or null when the queue is off. */
  get queue() {
    const host = call(() => this._java.queue());
    return host === null ? null : new Tensor(host);
  }

  /** The prototypes (K, P), live. */
  get prototypes() {
    return new Tensor(call(() => this._java.prototypes()));
  }

  /** Every trainable tensor (encoder, projector, prototypes), live. */
  parameters() {
    const out = Array.from(call(() => this._encoder.parameters()), (h) => new Tensor(h));
    for (const h of call(() => this._java.projectorParameters())) out.push(new Tensor(h));
    out.push(this.prototypes);
    return out;
  }

  train(mode = true) {
    checkBool("mode", mode);
    call(() => { this._encoder.setTraining(mode); this._java.setTraining(mode); });
    return this;
  }

  eval() {
    return this.train(false);
  }

  /**
   * The Java training loop on x (N, F): two NoiseDropout(p, std) views, AdamW, prototypes frozen in the first
   * freezePrototypesEpochs epochs ("zero_grad": reference; "skip": original SwAV). Returns the mean loss per epoch.
   */
  fit(x, options) {
    const { epochs = 10, batchSize = 128, lr = 1e-3, weightDecay = 0, freezePrototypesEpochs = 1, freezePrototypesMode = "zero_grad",
      p = 0.2, std = 0.1, seed = 0 } = checkOptions("options", options);
    const features = hostTensor(x, "x");
    [checkInt("epochs", epochs), checkInt("batchSize", batchSize), checkNumber("lr", lr), checkNumber("weightDecay", weightDecay)];
    [checkInt("freezePrototypesEpochs", freezePrototypesEpochs), checkString("freezePrototypesMode", freezePrototypesMode), checkInt("seed", seed)];
    const augmentation = call(() => new HostAugmentation(checkNumber("p", p), checkNumber("std", std)));
    const losses = call(() => this._java.fit(features, augmentation, epochs, batchSize, lr, weightDecay, freezePrototypesEpochs,
      freezePrototypesMode, seed));
    return Array.from(losses, Number);
  }

  /** The argmax prototype of every row of x (N, F) in eval mode. */
  assign(x, batchSize = 256) {
    const features = hostTensor(x, "x");
    checkInt("batchSize", batchSize);
    return Array.from(call(() => this._java.assign(features, batchSize)), Number);
  }

  /** Frees the model and its encoder. */
  close() {
    this._java.close();
    this._encoder.close();
  }

  toString() {
    return String(this._java.toString());
  }
}

// ====================================================================== nidl y-Aware (YAwareInfoNCE, KernelMetric, YAwareContrastiveLearning)
// One self-contained block over the host classes HostKernelMetric, HostYAwareInfoNCE and
// HostYAwareContrastiveLearning (lib's dev.sslheads.yaware); nidl's arguments in camelCase.

const HostKernelMetric = Java.type("dev.sslheads.bindings.HostKernelMetric");
const HostYAwareInfoNCE = Java.type("dev.sslheads.bindings.HostYAwareInfoNCE");
const HostYAwareModel = Java.type("dev.sslheads.bindings.HostYAwareContrastiveLearning");

/** A lib Bandwidth from a number, an array (per feature) / nested array (SPD matrix), or (rules allowed) "scott" / "silverman". */
function yawareBandwidth(bandwidth, rulesAllowed) {
  if (typeof bandwidth === "string") {
    if (!rulesAllowed) {
      throw error("TypeError", `bandwidth must be a number, an array or a KernelMetric, got ${describe(bandwidth)} (wrap a rule in new KernelMetric(kernel, rule))`);
    }
    return call(() => HostKernelMetric.ruleBandwidth(bandwidth));
  }
  if (typeof bandwidth === "number") {
    return call(() => HostKernelMetric.scalarBandwidth(bandwidth));
  }
  if (bandwidth instanceof Tensor || isSequence(bandwidth)) {
    const host = hostTensor(bandwidth, "bandwidth", "float64");
    return call(() => HostKernelMetric.arrayBandwidth(host));
  }
  throw error("TypeError", `bandwidth must be a number, an array or a KernelMetric, got ${describe(bandwidth)}`);
}

function yawareLabels(labels, name) {
  return labels === undefined || labels === null ? null : hostTensor(labels, name, "float64");
}

/** nidl's KernelMetric(kernel = "gaussian", bandwidth = "scott"): fit(y), pairwise(y) (n, n) float64. */
export class KernelMetric {
  constructor(kernel = "gaussian", bandwidth = "scott") {
    checkString("kernel", kernel);
    const b = yawareBandwidth(bandwidth, true);
    this._java = call(() => new HostKernelMetric(kernel, b));
    this.bandwidth = bandwidth;
  }

  fit(y) {
    const host = yawareLabels(y, "y");
    call(() => this._java.fit(host));
    return this;
  }

  pairwise(y) {
    const host = yawareLabels(y, "y");
    return new Tensor(call(() => this._java.pairwise(host)));
  }

  get kernel() {
    return String(call(() => this._java.kernel()));
  }

  get n() {
    return this._java.isFitted() ? Number(this._java.n()) : null;
  }

  get d() {
    return this._java.isFitted() ? Number(this._java.d()) : null;
  }

  close() {
    this._java.close();
  }
}

/**
 * nidl's YAwareInfoNCE(kernel = "gaussian", bandwidth = 1.0, temperature = 0.1); options.weightNormalization
 * "nidl" (default: nidl's column normalisation) or "rows" (the paper's). forward(z1, z2, labels) is a scalar Tensor.
 */
export class YAwareInfoNCE {
  constructor(kernel = "gaussian", bandwidth = 1.0, temperature = 0.1, options) {
    checkString("kernel", kernel);
    checkNumber("temperature", temperature);
    const { weightNormalization = "nidl" } = checkOptions("options", options);
    checkString("weightNormalization", weightNormalization);
    if (bandwidth instanceof KernelMetric) {
      this._java = call(() => HostYAwareInfoNCE.withMetric(bandwidth._java, temperature, weightNormalization));
    } else {
      const b = yawareBandwidth(bandwidth, false);
      this._java = call(() => HostYAwareInfoNCE.create(kernel, b, temperature, weightNormalization));
    }
  }

  forward(z1, z2, labels) {
    const a = hostTensor(z1, "z1");
    const b = hostTensor(z2, "z2");
    const y = yawareLabels(labels, "labels");
    return new Tensor(call(() => this._java.forward(a, b, y)));
  }

  get kernel() {
    return String(this._java.kernel());
  }

  get temperature() {
    return this._java.temperature();
  }

  close() {
    this._java.close();
  }
}

/**
 * nidl's YAwareContrastiveLearning on an MLP encoder {inFeatures, hiddenFeatures, outFeatures}, with nidl's
 * settings and defaults in camelCase in options (projInputDim = 2048, projHiddenDim = 512, projOutputDim = 128,
 * temperature = 0.1, kernel = "gaussian", bandwidth = 1.0, optimizer = "adamW", learningRate = 3e-4,
 * weightDecay = 5e-4, excludeBiasAndNormWd = true, betas = [0.9, 0.999], eps = 1e-8, momentum = 0 (sgd), lrScheduler = "warmup_cosine",
 * warmupEpochs = 10, warmupStartLr = 1e-6, minLr = 0, interval = "step", weightNormalization = "nidl",
 * maxEpochs (required), seed = 0).
 */
export class YAwareContrastiveLearning {
  constructor(encoder, options) {
    const e = checkOptions("encoder", encoder);
    const { inFeatures, hiddenFeatures, outFeatures } = e;
    checkInt("encoder.inFeatures", inFeatures);
    checkInt("encoder.hiddenFeatures", hiddenFeatures);
    checkInt("encoder.outFeatures", outFeatures);
    const o = checkOptions("options", options);
    const {
      projInputDim = 2048, projHiddenDim = 512, projOutputDim = 128, temperature = 0.1, kernel = "gaussian", bandwidth = 1.0,
      optimizer = "adamW", learningRate = 3e-4, weightDecay = 5e-4, excludeBiasAndNormWd = true, betas = [0.9, 0.999], eps = 1e-8,
      momentum = 0, lrScheduler = "warmup_cosine", warmupEpochs = 10, warmupStartLr = 1e-6, minLr = 0, interval = "step",
      weightNormalization = "nidl", maxEpochs, seed = 0,
    } = o;
    if (maxEpochs === undefined || maxEpochs === null) {
      throw error("ValueError", "maxEpochs must be given (>= 1), as nidl's trainer needs it for the warmup_cosine schedule");
    }
    [["projInputDim", projInputDim], ["projHiddenDim", projHiddenDim], ["projOutputDim", projOutputDim], ["maxEpochs", maxEpochs], ["seed", seed]]
      .forEach(([n, v]) => checkInt(n, v));
    [["temperature", temperature], ["learningRate", learningRate], ["weightDecay", weightDecay], ["eps", eps], ["momentum", momentum],
      ["warmupEpochs", warmupEpochs], ["warmupStartLr", warmupStartLr], ["minLr", minLr]].forEach(([n, v]) => checkNumber(n, v));
    [["kernel", kernel], ["optimizer", optimizer], ["lrScheduler", lrScheduler], ["interval", interval],
      ["weightNormalization", weightNormalization]].forEach(([n, v]) => checkString(n, v));
    checkBool("excludeBiasAndNormWd", excludeBiasAndNormWd);
    if (!isSequence(betas) || betas.length !== 2) {
      throw error("TypeError", `betas must be an array of two numbers, got ${describe(betas)}`);
    }
    checkNumber("betas[0]", betas[0]);
    checkNumber("betas[1]", betas[1]);
    const metric = bandwidth instanceof KernelMetric ? bandwidth._java : null;
    const b = metric === null ? yawareBandwidth(bandwidth, false) : null;
    this._module = call(() => HostModule.mlp(inFeatures, hiddenFeatures, outFeatures));
    this._java = call(() => HostYAwareModel.create(this._module, projInputDim, projHiddenDim, projOutputDim, temperature, kernel, b, metric,
      weightNormalization, optimizer, learningRate, weightDecay, excludeBiasAndNormWd, betas[0], betas[1], eps, momentum, lrScheduler,
      warmupEpochs, warmupStartLr, minLr, interval, maxEpochs));
    this.seed = seed;
  }

  static _batches(data, name) {
    const d = checkOptions(name, data);
    const { x, y, x2, augmentation, batchSize = 256, shuffle = true, seed = 0 } = d;
    checkInt(`${name}.batchSize`, batchSize);
    checkBool(`${name}.shuffle`, shuffle);
    checkInt(`${name}.seed`, seed);
    const hx = hostTensor(x, `${name}.x`);
    const hx2 = x2 === undefined || x2 === null ? null : hostTensor(x2, `${name}.x2`);
    const hy = yawareLabels(y, `${name}.y`);
    let aug = null;
    if (augmentation !== undefined && augmentation !== null) {
      const { p = 0.2, std = 0.1 } = checkOptions(`${name}.augmentation`, augmentation);
      aug = call(() => new HostAugmentation(checkNumber("p", p), checkNumber("std", std)));
    }
    return call(() => HostYAwareModel.batches(hx, hx2, hy, aug, batchSize, shuffle, seed));
  }

  /**
   * Trains for maxEpochs on train = {x, y?, x2? | augmentation?: {p, std}, batchSize?, shuffle?, seed?} (and the
   * optional validation set of the same form); returns [{epoch, trainLoss, validationLoss (null without one), learningRate, steps}].
   */
  fit(train, validation) {
    if (train === undefined || train === null) throw error("TypeError", "train must be an options object {x, y, x2 | augmentation, ...}, got " + describe(train));
    const t = YAwareContrastiveLearning._batches(train, "train");
    const v = validation === undefined || validation === null ? null : YAwareContrastiveLearning._batches(validation, "validation");
    const epochs = call(() => this._java.fit(t, v, this.seed));
    return Array.from(epochs, (e) => ({
      epoch: e.epoch(), trainLoss: e.trainLoss(), validationLoss: Number.isNaN(e.validationLoss()) ? null : e.validationLoss(),
      learningRate: e.learningRate(), steps: e.steps(),
    }));
  }

  /** Encoder features (N, outFeatures) of x (N, inFeatures), without the projection head. */
  transform(x, batchSize = 256) {
    const hx = hostTensor(x, "x");
    checkInt("batchSize", batchSize);
    return new Tensor(call(() => this._java.transform(hx, batchSize)));
  }

  close() {
    this._java.close();
    this._module.close();
  }
}
// ======================================================================================
// pyagc: INCClusterHead (dev.sslheads.bindings.HostIncClusterHead over dev.sslheads.inc.IncClusterHead)
// ======================================================================================

const HostIncClusterHead = Java.type("dev.sslheads.bindings.HostIncClusterHead");

/**
 * pyagc's INC cluster head: learnable centres (K, F), W = 2 alpha normalize(C), loss
 * (1/alpha) mean_i (2 alpha - W_c(i) . normalize(z_i)) = 2 (1 - mean max cos). Same methods as
 * Python's pyagc.clusters.INCClusterHead in camelCase; errors as everywhere in this module.
 */
export class INCClusterHead {
  /**
   * @param nClusters K
   * @param nFeatures F, the embedding size
   * @param alpha scale of W (pyagc's default 0.001)
   * @param options.seed seed of the Xavier-uniform init (default 0); the head lives on the toolkit's device
   */
  constructor(nClusters, nFeatures, alpha = 0.001, options) {
    checkInt("nClusters", nClusters);
    checkInt("nFeatures", nFeatures);
    checkNumber("alpha", alpha);
    const { seed = 0 } = checkOptions("options", options);
    checkInt("seed", seed);
    this._host = call(() => HostIncClusterHead.create(nClusters, nFeatures, alpha, seed));
  }

  /** The dev.sslheads.bindings.HostIncClusterHead; ValueError once closed. */
  get host() {
    if (this._host === null) throw error("ValueError", "INCClusterHead is closed");
    return this._host;
  }

  get nClusters() {
    return this.host.nClusters();
  }

  get nFeatures() {
    return this.host.nFeatures();
  }

  get alpha() {
    return this.host.alpha();
  }

  /** The centres parameter (K, F): a live view, with .grad after a backward pass. */
  get clusterCenters() {
    const head = this.host;
    return new Tensor(call(() => head.clusterCenters()));
  }

  parameters() {
    return [this.clusterCenters];
  }

  /** Row-normalised copy of centers (K, F) into the centres, or fresh Xavier centres without an argument. */
  resetClusterCenters(centers = null) {
    const head = this.host;
    const c = centers === null || centers === undefined ? null : hostTensor(centers, "clusterCenters");
    call(() => head.resetClusterCenters(c));
  }

  normalizeClusterCenters() {
    const head = this.host;
    call(() => head.normalizeClusterCenters());
  }

  /** (0.5 / alpha) W: the unit-norm centres (K, F). */
  computeClusterCenter() {
    const head = this.host;
    return new Tensor(call(() => head.computeClusterCenter()));
  }

  /** The INC loss (a differentiable scalar tensor) of z (N, F). */
  forward(z) {
    const head = this.host;
    const x = hostTensor(z, "z");
    return new Tensor(call(() => head.forward(x)));
  }

  /** Hard labels (N) int64, or with soft = true the soft assignments (N, K). */
  cluster(z, soft = false) {
    const head = this.host;
    const x = hostTensor(z, "z");
    checkBool("soft", soft);
    return new Tensor(call(() => head.cluster(x, soft)));
  }

  /** pyagc's predict: the same as cluster. */
  predict(z, soft = false) {
    return this.cluster(z, soft);
  }

  /** Each row of the centres' gradient rescaled to norm rowNorm (default 0.2 alpha, as pyagc). */
  gradientNormalize(rowNorm) {
    const head = this.host;
    if (rowNorm === undefined || rowNorm === null) {
      call(() => head.gradientNormalize());
    } else {
      checkNumber("rowNorm", rowNorm);
      call(() => head.gradientNormalize(rowNorm));
    }
  }

  /** Frees the head's native memory; later calls throw ValueError. */
  close() {
    if (this._host !== null) {
      this._host.close();
      this._host = null;
    }
  }

  get isClosed() {
    return this._host === null;
  }

  toString() {
    return this._host === null ? "INCClusterHead(<closed>)" : String(this._host.toString());
  }
}
// ====================================================================== lightly / fmcib SwaV
// lightly's SwaVLoss, SwaVPrototypes, MemoryBankModule and fmcib's SwaV (camelCase options, the
// seeds' defaults), over the host classes HostSwavLoss, HostSwavPrototypes, HostMemoryBank and
// HostSwavModel; the Python packages lightly / fmcib mirror the same calls.

const HostSwavLoss = Java.type("dev.sslheads.bindings.HostSwavLoss");
const HostSwavPrototypes = Java.type("dev.sslheads.bindings.HostSwavPrototypes");
const HostMemoryBank = Java.type("dev.sslheads.bindings.HostMemoryBank");
const HostSwavModel = Java.type("dev.sslheads.bindings.HostSwavModel");

function optionalInt(name, v) {
  return v === undefined || v === null ? null : checkInt(name, v);
}

function tensors(hosts) {
  return hosts === null ? null : Array.from(hosts, (h) => new Tensor(h));
}

/** An MLP backbone (B, inFeatures) -> (B, outFeatures) (lib's MlpEncoder) for SwaV; a host module. */
export function mlpBackbone(inFeatures, hiddenFeatures, outFeatures) {
  return call(() => HostModule.mlp(checkInt("inFeatures", inFeatures), checkInt("hiddenFeatures", hiddenFeatures),
    checkInt("outFeatures", outFeatures)));
}

/** lightly's SwaVLoss({temperature = 0.1, sinkhornIterations = 3, sinkhornEpsilon = 0.05}). */
export class SwaVLoss {
  constructor(options) {
    const { temperature = 0.1, sinkhornIterations = 3, sinkhornEpsilon = 0.05 } = checkOptions("options", options);
    this._java = call(() => HostSwavLoss.create(checkNumber("temperature", temperature), checkInt("sinkhornIterations", sinkhornIterations),
      checkNumber("sinkhornEpsilon", sinkhornEpsilon)));
  }

  /** The scalar loss of the high- and low-resolution scores (arrays of (B, K)), queue scores (or null) in the equipartition only. */
  forward(highResolutionOutputs, lowResolutionOutputs, queueOutputs = null) {
    const high = hostList(highResolutionOutputs, "highResolutionOutputs");
    const low = hostList(lowResolutionOutputs, "lowResolutionOutputs");
    const queue = queueOutputs === null || queueOutputs === undefined ? null : hostList(queueOutputs, "queueOutputs");
    return new Tensor(call(() => this._java.forward(high, low, queue)));
  }
}

/** lightly's SwaVPrototypes({inputDim = 128, nPrototypes = 3000 (or an array), nStepsFrozenPrototypes = 0, bias = true}). */
export class SwaVPrototypes {
  constructor(options) {
    const { inputDim = 128, nPrototypes = 3000, nStepsFrozenPrototypes = 0, bias = true } = checkOptions("options", options);
    this._multi = Array.isArray(nPrototypes);
    const sizes = checkIntArray("nPrototypes", this._multi ? nPrototypes : [nPrototypes]);
    this._java = call(() => HostSwavPrototypes.create(checkInt("inputDim", inputDim), sizes, checkBool("bias", bias), "steps",
      checkInt("nStepsFrozenPrototypes", nStepsFrozenPrototypes)));
  }

  /** Scores (B, K) (an array of them for several heads); step is required while freezing applies. */
  forward(x, step = null) {
    const scores = tensors(call(() => this._java.forward(hostTensor(x, "x"), null, optionalInt("step", step))));
    return this._multi ? scores : scores[0];
  }

  normalize() {
    call(() => this._java.normalize());
  }

  parameters() {
    return tensors(call(() => this._java.parameters()));
  }
}

/** lightly v1.4.19's MemoryBankModule({size = 65536}): forward returns [output, bank copied before the update (or null)]. */
export class MemoryBankModule {
  constructor(options) {
    const { size = 65536 } = checkOptions("options", options);
    this._java = call(() => HostMemoryBank.create(checkInt("size", size)));
  }

  forward(output, update = false) {
    const bank = call(() => this._java.forward(hostTensor(output, "output"), checkBool("update", update)));
    return [output, bank === null ? null : new Tensor(bank)];
  }

  get bankPtr() {
    return call(() => this._java.pointer());
  }
}

/**
 * fmcib's SwaV(backbone, {numFtrs, outDim, nPrototypes, nQueues, queueLength = 0, startQueueAtEpoch = 0,
 * nStepsFrozenPrototypes = 0}); backbone is a host module (mlpBackbone). forward([high, low], epoch, step)
 * returns [highScores, lowScores, queueScores or null]; prototypes freeze for the first nStepsFrozenPrototypes EPOCHS.
 */
export class SwaV {
  constructor(backbone, options) {
    if (!(Java.isJavaObject(backbone) && backbone instanceof HostModule)) {
      throw error("TypeError", `backbone must be a host module such as mlpBackbone(...), got ${describe(backbone)}`);
    }
    const o = checkOptions("options", options);
    const { queueLength = 0, startQueueAtEpoch = 0, nStepsFrozenPrototypes = 0 } = o;
    this._backbone = backbone;
    this._java = call(() => HostSwavModel.create(backbone, checkInt("numFtrs", o.numFtrs), checkInt("outDim", o.outDim),
      checkInt("nPrototypes", o.nPrototypes), checkInt("nQueues", o.nQueues), checkInt("queueLength", queueLength),
      checkInt("startQueueAtEpoch", startQueueAtEpoch), checkInt("nStepsFrozenPrototypes", nStepsFrozenPrototypes)));
    this._frozen = false;
  }

  forward(input, epoch = null, step = null) {
    if (!Array.isArray(input) || input.length !== 2) {
      throw error("TypeError", `input must be a pair [highResolution, lowResolution] of arrays of tensors, got ${describe(input)}`);
    }
    const high = hostList(input[0], "highResolution");
    const low = hostList(input[1], "lowResolution");
    const e = optionalInt("epoch", epoch);
    const s = optionalInt("step", step);
    const out = call(() => this._java.forward(high, low, e, s));
    this._frozen = call(() => this._java.prototypesFrozen(e, s));
    return [tensors(out[0]), tensors(out[1]), out[2] === null ? null : tensors(out[2])];
  }

  /** Whether the prototypes were frozen at the last forward (an optimizer should skip them then). */
  get prototypesFrozen() {
    return this._frozen;
  }

  get numFeaturesQueued() {
    return Number(call(() => this._java.numFeaturesQueued()));
  }

  /** Backbone, projection head and prototype parameters (live). */
  parameters() {
    return [...tensors(call(() => this._backbone.parameters())), ...tensors(call(() => this._java.projectionHeadParameters())),
      ...this.prototypeParameters()];
  }

  prototypeParameters() {
    return tensors(call(() => this._java.prototypeParameters()));
  }

  close() {
    this._java.close();
  }
}
// ====================================================================== end of lightly / fmcib SwaV

// ====================================================================== anndata
// AnnData over dev.sslheads.anndata.AnnData, as in Python's `anndata` package: readH5ad,
// AnnData#writeH5ad, concat; obs/var are the AnnData's own Tablesaw tables (no copy), dense
// matrices come back as Tensors (one bulk copy), sparse ones as SparseMatrix.
const HostAnnData = Java.type("dev.sslheads.bindings.HostAnnData");
const HostArrays = Java.type("dev.sslheads.bindings.HostArrays");
const JavaAnnData = Java.type("dev.sslheads.anndata.AnnData");
const JavaMatrix = Java.type("dev.sslheads.anndata.Matrix");
const JavaSparseMatrix = Java.type("dev.sslheads.anndata.SparseMatrix");
const JavaDenseArray = Java.type("dev.sslheads.anndata.DenseArray");

function jsMatrix(matrix) {
  return matrix instanceof JavaSparseMatrix ? new SparseMatrix(matrix) : new Tensor(call(() => HostArrays.toTensor(matrix)));
}

function hostMatrix(value, name, dtype) {
  if (value instanceof SparseMatrix) return value.host;
  if (Java.isJavaObject(value) && value instanceof JavaMatrix) return value;
  const plain = Array.isArray(value);
  return call(() => HostAnnData.dense(hostTensor(value, name, plain ? dtype : undefined)));
}

/** scipy's csr_matrix / csc_matrix of an AnnData (X, a layer, an obsp graph): shape, nnz, parts, toArray(). */
export class SparseMatrix {
  constructor(host) {
    this.host = host;
  }

  get shape() {
    return Array.from(this.host.shape(), Number);
  }

  get nnz() {
    return Number(this.host.nnz());
  }

  get dtype() {
    return String(this.host.dtype().numpyName());
  }

  get format() {
    return String(this.host.format().name()).toLowerCase();
  }

  get data() {
    return new Tensor(call(() => HostArrays.toTensor(this.host.values())));
  }

  get indices() {
    return new Tensor(call(() => HostArrays.toTensor(JavaDenseArray.of(this.host.indices(), Java.to([this.nnz], "long[]")))));
  }

  get indptr() {
    const ptr = this.host.indptr();
    return new Tensor(call(() => HostArrays.toTensor(JavaDenseArray.of(ptr, Java.to([ptr.length], "long[]")))));
  }

  toArray() {
    return new Tensor(call(() => HostArrays.matrixToTensor(this.host)));
  }
}

/** obsm, varm, obsp, varp or layers: get/set/has/delete/keys, checked for alignment by the host. */
export class AxisArrays {
  constructor(host, dtype) {
    this._host = host;
    this._dtype = dtype;
  }

  get(key) {
    if (!this.has(key)) {
      throw error("KeyError", `${JSON.stringify(key)}; ${this._host.alignment().field()} keys are ${JSON.stringify(this.keys())}`);
    }
    return jsMatrix(this._host.get(key));
  }

  set(key, value) {
    const field = String(this._host.alignment().field());
    call(() => this._host.put(checkString("key", key), hostMatrix(value, `${field}[${JSON.stringify(key)}]`, this._dtype)));
    return this;
  }

  has(key) {
    return typeof key === "string" && Boolean(this._host.containsKey(key));
  }

  delete(key) {
    return this._host.remove(key) !== null;
  }

  keys() {
    return Array.from(this._host.keySet(), String);
  }
}

function selection(host, index, axis) {
  if (index === undefined || index === null) return host;
  const values = index instanceof Tensor ? index.toArray() : Array.from(index);
  if (values.length > 0 && values.every((v) => typeof v === "boolean")) {
    return call(() => (axis === "obs" ? HostAnnData.selectObsMask : HostAnnData.selectVarsMask)(host, Java.to(values, "boolean[]")));
  }
  let positions = values;
  if (values.every((v) => typeof v === "string")) {
    const names = axis === "obs" ? host.obsNames() : host.varNames();
    positions = Array.from(call(() => HostAnnData.namePositions(names, values, `${axis}_names`)), Number);
  } else if (!values.every((v) => Number.isInteger(v))) {
    throw error("TypeError", `${axis} index must hold only booleans, only integers or only names`);
  }
  return call(() => (axis === "obs" ? HostAnnData.selectObs : HostAnnData.selectVars)(host, Java.to(positions, "long[]")));
}

/** An annotated data matrix (Python's anndata.AnnData in camelCase). */
export class AnnData {
  /** new AnnData({ X, obsm, layers, obsp, uns }) or new AnnData(hostAnnData). */
  constructor(options = {}) {
    if (Java.isJavaObject(options) && options instanceof JavaAnnData) {
      this.host = options;
      return;
    }
    const { X = null, obs = null, var: vars = null, obsm = {}, varm = {}, layers = {}, obsp = {}, varp = {}, uns = {} } = options;
    const x = X === null ? null : hostMatrix(X, "X", "float32");
    this.host = call(() => HostAnnData.create(x, obs, null, vars, null));
    for (const [field, mapping] of [["obsm", obsm], ["varm", varm], ["layers", layers], ["obsp", obsp], ["varp", varp]]) {
      for (const [key, value] of Object.entries(mapping)) this[field].set(key, value);
    }
    for (const [key, value] of Object.entries(uns)) this.uns.put(key, value);
  }

  get nObs() {
    return Number(this.host.nObs());
  }

  get nVars() {
    return Number(this.host.nVars());
  }

  get shape() {
    return [this.nObs, this.nVars];
  }

  get obsNames() {
    return Array.from(this.host.obsNames(), String);
  }

  set obsNames(names) {
    call(() => this.host.obsFrame().setIndex(Array.from(names, String)));
  }

  get varNames() {
    return Array.from(this.host.varNames(), String);
  }

  set varNames(names) {
    call(() => this.host.varFrame().setIndex(Array.from(names, String)));
  }

  get X() {
    const x = this.host.X();
    return x === null ? null : jsMatrix(x);
  }

  set X(value) {
    call(() => this.host.setX(value === null ? null : hostMatrix(value, "X", "float32")));
  }

  /** The cell annotations: the AnnData's Tablesaw Table (live). */
  get obs() {
    return this.host.obs();
  }

  get var() {
    return this.host.var();
  }

  get obsm() {
    return new AxisArrays(this.host.obsm(), "float64");
  }

  get varm() {
    return new AxisArrays(this.host.varm(), "float64");
  }

  get obsp() {
    return new AxisArrays(this.host.obsp(), "float64");
  }

  get varp() {
    return new AxisArrays(this.host.varp(), "float64");
  }

  get layers() {
    return new AxisArrays(this.host.layers(), "float32");
  }

  /** The unstructured annotations: the AnnData's java.util.Map (live). */
  get uns() {
    return this.host.uns();
  }

  /** Python's adata[obs, vars]: masks, positions or names (null = all); a copy. */
  select(obs = null, vars = null) {
    const host = selection(selection(this.host, obs, "obs"), vars, "var");
    return new AnnData(host === this.host ? this.host.copy() : host);
  }

  copy() {
    return new AnnData(this.host.copy());
  }

  /** Writes an .h5ad file; { compression: "gzip", compressionOpts: 4 } compresses numeric datasets. */
  writeH5ad(path, { compression = null, compressionOpts = null } = {}) {
    if (compression !== null && compression !== "gzip") {
      throw error("ValueError", `compression must be null or "gzip", got ${JSON.stringify(compression)}`);
    }
    const spec = compression === null ? null : compressionOpts === null ? "gzip" : `gzip:${compressionOpts}`;
    call(() => HostAnnData.write(this.host, checkString("path", path), spec));
  }

  toString() {
    return String(this.host.toString());
  }
}

/** Reads an .h5ad file (anndata's read_h5ad). */
export function readH5ad(path) {
  return new AnnData(call(() => HostAnnData.read(checkString("path", path))));
}

/** anndata's concat along cells: { join: "inner", label, keys, indexUnique }. */
export function concat(adatas, { join = "inner", label = null, keys = null, indexUnique = null } = {}) {
  const hosts = Array.from(adatas, (a, i) => {
    if (!(a instanceof AnnData)) throw error("TypeError", `adatas[${i}] must be an AnnData, got ${describe(a)}`);
    return a.host;
  });
  const keyList = keys === null ? null : Array.from(keys, String);
  return new AnnData(call(() => HostAnnData.concat(hosts, label, keyList, indexUnique, join)));
}
// ---------------------------------------------------------------------- novae's data functions and scanpy.pp
const JavaSpatialNeighbors = Java.type("dev.sslheads.novae.SpatialNeighbors");
const JavaNeighborOptions = Java.type("dev.sslheads.novae.SpatialNeighbors$Options");
const JavaToySettings = Java.type("dev.sslheads.novae.data.ToySettings");
const JavaToyDataset = Java.type("dev.sslheads.novae.data.ToyDataset");
const JavaPp = Java.type("dev.sslheads.preprocessing.AnnDataPreprocessing");
const JavaHvgOptions = Java.type("dev.sslheads.preprocessing.HvgOptions");

function hostsOf(adata) {
  const list = Array.isArray(adata) ? adata : [adata];
  return list.map((a, i) => {
    if (!(a instanceof AnnData)) throw error("TypeError", `adata[${i}] must be an AnnData, got ${describe(a)}`);
    return a.host;
  });
}

/**
 * novae's spatial_neighbors(adata, { slideKey, radius, technology, coordType, nNeighs, delaunay, nRings, percentile,
 * setDiag, resetSlideIds, verbose }); returns novae's warnings (also printed with console.warn when verbose).
 */
export function spatialNeighbors(adata, { slideKey = null, radius = null, technology = null, coordType = null, nNeighs = null,
  delaunay = null, nRings = 1, percentile = null, setDiag = false, resetSlideIds = true, verbose = true } = {}) {
  const r = radius === null ? null : typeof radius === "number" ? [0, radius] : Array.from(radius, Number);
  const options = call(() => new JavaNeighborOptions(slideKey, r === null ? null : Java.to(r, "double[]"), technology, coordType,
    nNeighs, delaunay, checkInt("nRings", nRings), percentile, setDiag, resetSlideIds, verbose));
  const warnings = Array.from(call(() => JavaSpatialNeighbors.compute(hostsOf(adata), options)), String);
  if (verbose) warnings.forEach((w) => console.warn(w));
  return warnings;
}

/** novae's toy_dataset({ nPanels: 3, nDomains: 4, ..., seed: 0 }): one AnnData per panel. */
export function toyDataset({ nPanels = 3, nDomains = 4, nSlidesPerPanel = 1, xmax = 500, nVars = 100, nDrop = 20, step = 20,
  panelShiftLambda = 5, slideShiftLambda = 1.5, domainShiftLambda = 2.0, slideIdsUnique = true, computeSpatialNeighbors = false,
  mergeLastDomainEvenSlide = false, seed = 0 } = {}) {
  const settings = call(() => new JavaToySettings(nPanels, nDomains, nSlidesPerPanel, xmax, nVars, nDrop, step, panelShiftLambda,
    slideShiftLambda, domainShiftLambda, slideIdsUnique, computeSpatialNeighbors, mergeLastDomainEvenSlide, seed));
  return Array.from(call(() => JavaToyDataset.generate(settings)), (host) => new AnnData(host));
}

/** scanpy's pp on an AnnData's X, in place: normalizeTotal(adata, { targetSum }), log1p(adata, { base }), highlyVariableGenes(...). */
export const pp = Object.freeze({
  normalizeTotal(adata, { targetSum = null } = {}) {
    call(() => JavaPp.normalizeTotal(hostsOf(adata)[0], targetSum));
  },
  log1p(adata, { base = null } = {}) {
    call(() => JavaPp.log1p(hostsOf(adata)[0], base));
  },
  highlyVariableGenes(adata, { minMean = 0.0125, maxMean = 3, minDisp = 0.5, maxDisp = Infinity, nTopGenes = null, nBins = 20,
    flavor = "seurat" } = {}) {
    if (flavor !== "seurat") throw error("ValueError", `flavor must be "seurat" (the only flavour implemented), got ${JSON.stringify(flavor)}`);
    const options = call(() => JavaHvgOptions.defaults().withMeanRange(minMean, maxMean).withDispersionRange(minDisp, maxDisp)
      .withNTopGenes(nTopGenes).withNBins(nBins));
    call(() => JavaPp.highlyVariableGenes(hostsOf(adata)[0], options));
  },
});
// ---------------------------------------------------------------------- novae's model (Python's novae.Novae in camelCase)
const HostNovae = Java.type("dev.sslheads.bindings.novae.HostNovae");
const JavaNovaeConfig = Java.type("dev.sslheads.novae.model.NovaeConfig");
const JavaReference = Java.type("dev.sslheads.novae.model.Reference");
const HostNovaeModel = Java.type("dev.sslheads.novae.model.Novae");

// ---------------------------------------------------------------------- novae.plot (Python's novae.plot in camelCase)
const HostPlots = Java.type("dev.sslheads.bindings.novae.HostPlots");
const JavaFiles = Java.type("java.nio.file.Files");
const JavaPaths = Java.type("java.nio.file.Path");

/**
 * Where a figure goes: in the sslheads kernel (a global display) it is shown (when show); in a script it is written
 * to save, else to figures/<name>.png in the working directory (scanpy's figdir). Returns the path written, or null.
 */
function plotOutput(figure, name, show, save) {
  const inKernel = typeof globalThis.display === "function";
  let path = null;
  if (save !== null) {
    path = String(call(() => HostPlots.save(figure, checkString("save", save))));
  } else if (!inKernel) {
    path = String(call(() => {
      JavaFiles.createDirectories(JavaPaths.of("figures"));
      return HostPlots.save(figure, JavaPaths.of("figures", `${name}.png`).toAbsolutePath().toString());
    }));
  }
  if (show && inKernel) globalThis.display(figure.image());
  return path;
}

function sizePair(name, value) {
  if (!Array.isArray(value) || value.length !== 2) throw error("TypeError", `${name} must be a [width, height] pair, got ${describe(value)}`);
  return value.map((v) => checkNumber(name, v));
}

/**
 * novae's plots: domains(adata, { obsKey, slideNameKey, cellSize, ncols: 4, figSizePerSlide: [5, 5], show, save }) and
 * domainsProportions(adata, { obsKey, slideNameKey, figsize: [2, 5], show, save }); the model's plotDomainsHierarchy and
 * plotPrototypeWeights. Drawn in Java (dev.sslheads.novae.plot), as Python's novae.plot.
 */
export const novaePlot = Object.freeze({
  domains(adata, { obsKey = null, slideNameKey = null, cellSize = null, ncols = 4, figSizePerSlide = [5, 5], show = true, save = null } = {}) {
    return plotOutput(call(() => HostPlots.domains(hostsOf(adata), obsKey === null ? null : checkString("obsKey", obsKey),
      slideNameKey === null ? null : checkString("slideNameKey", slideNameKey), cellSize === null ? null : checkNumber("cellSize", cellSize),
      checkInt("ncols", ncols), sizePair("figSizePerSlide", figSizePerSlide))), "domains", show, save);
  },
  domainsProportions(adata, { obsKey = null, slideNameKey = null, figsize = [2, 5], show = true, save = null } = {}) {
    return plotOutput(call(() => HostPlots.domainsProportions(hostsOf(adata), obsKey === null ? null : checkString("obsKey", obsKey),
      slideNameKey === null ? null : checkString("slideNameKey", slideNameKey), sizePair("figsize", figsize))), "domains_proportions", show, save);
  },
});

/** novae.settings: autoPreprocessing, scaleToMicrons, warmupEpochs (read when a model is created or trained). */
export const novaeSettings = { autoPreprocessing: true, scaleToMicrons: 1.0, warmupEpochs: 1 };

function referenceOf(reference) {
  if (reference === null || reference === undefined) return null;
  if (reference === "all") return JavaReference.ALL;
  if (reference === "largest") return JavaReference.LARGEST;
  const refs = Array.isArray(reference) ? reference : [reference];
  if (refs.length > 0 && refs.every((r) => typeof r === "string")) return call(() => JavaReference.slides(refs));
  if (refs.length > 0 && refs.every((r) => Number.isInteger(r))) return call(() => JavaReference.adatas(refs));
  throw error("TypeError", `reference must be "all", "largest", a slide id, an AnnData index, or a non-empty array of slide ids or of indices, got ${describe(reference)}`);
}

function optionalHosts(adata) {
  return adata === null || adata === undefined ? null : hostsOf(adata);
}

function epochs(history) {
  return Array.from(history, (r) => ({ epoch: r.epoch(), loss: r.loss(), entropy: r.entropy(), steps: r.steps() }));
}

/**
 * novae's Novae(adata, { embeddingSize, minPrototypesRatio, nHopsLocal, nHopsView, temperature, outputSize, heads, hiddenSize,
 * numLayers, batchSize, numPrototypes, panelSubsetSize, backgroundNoiseLambda, sensitivityNoiseStd, dropoutRate,
 * histoEmbeddingSize, pcaInitReferenceIndex, varNames, seed: 0, device }), computed in Java like Python's novae.Novae.
 */
export class Novae {
  constructor(adata, { embeddingSize = 100, minPrototypesRatio = 0.3, nHopsLocal = 2, nHopsView = 2, temperature = 0.1, outputSize = 64,
    heads = 8, hiddenSize = 128, numLayers = 10, batchSize = 256, numPrototypes = 512, panelSubsetSize = 0.8, backgroundNoiseLambda = 8.0,
    sensitivityNoiseStd = 0.05, dropoutRate = 0.0, histoEmbeddingSize = 50, pcaInitReferenceIndex = null, varNames = null, seed = 0,
    device = null } = {}) {
    if (Java.isJavaObject(adata) && adata instanceof HostNovaeModel) {
      this.host = adata;
      return;
    }
    if (adata === null || adata === undefined) {
      throw error("ValueError", "adata is required here: use Novae.fromPretrained(path) to load a model without data");
    }
    const config = call(() => new JavaNovaeConfig(checkInt("embeddingSize", embeddingSize), checkNumber("minPrototypesRatio", minPrototypesRatio),
      checkInt("nHopsLocal", nHopsLocal), checkInt("nHopsView", nHopsView), checkNumber("temperature", temperature),
      checkInt("outputSize", outputSize), checkInt("heads", heads), checkInt("hiddenSize", hiddenSize), checkInt("numLayers", numLayers),
      checkInt("batchSize", batchSize), checkInt("numPrototypes", numPrototypes), checkNumber("panelSubsetSize", panelSubsetSize),
      checkNumber("backgroundNoiseLambda", backgroundNoiseLambda), checkNumber("sensitivityNoiseStd", sensitivityNoiseStd),
      checkNumber("dropoutRate", dropoutRate), checkInt("histoEmbeddingSize", histoEmbeddingSize),
      pcaInitReferenceIndex === null ? null : checkInt("pcaInitReferenceIndex", pcaInitReferenceIndex),
      varNames === null ? null : Array.from(varNames, String)));
    this.host = call(() => HostNovae.create(hostsOf(adata), config, checkBool("novaeSettings.autoPreprocessing", novaeSettings.autoPreprocessing),
      checkNumber("novaeSettings.scaleToMicrons", novaeSettings.scaleToMicrons), checkInt("seed", seed), device));
  }

  /** Novae.fromPretrained(path, { seed, device }): a model saved by savePretrained (Python's from_pretrained). */
  static fromPretrained(path, { seed = 0, device = null } = {}) {
    return new Novae(call(() => HostNovae.fromPretrained(checkString("path", path), novaeSettings.autoPreprocessing,
      novaeSettings.scaleToMicrons, checkInt("seed", seed), device)));
  }

  /** The saved hyper-parameters (Python's hparams). */
  get hparams() {
    return JSON.parse(String(this.host.config().toJson()));
  }

  /** Warnings novae would log (data preparation, training, inference). */
  get warnings() {
    return Array.from(this.host.warnings(), String);
  }

  /** fit(adata, { maxEpochs: 20, accelerator, lr: 1e-3, minDelta: 0.1, patience: 3 }); returns each epoch's loss and entropy. */
  fit(adata = null, { maxEpochs = 20, accelerator = null, lr = 1e-3, minDelta = 0.1, patience = 3 } = {}) {
    this.history = epochs(call(() => HostNovae.fit(this.host, optionalHosts(adata), checkInt("maxEpochs", maxEpochs), accelerator,
      checkNumber("lr", lr), checkNumber("minDelta", minDelta), checkInt("patience", patience),
      checkInt("novaeSettings.warmupEpochs", novaeSettings.warmupEpochs))));
    return this.history;
  }

  /** fineTune(adata, { reference: null, maxEpochs: 20, accelerator, lr: 5e-4, minDelta: 0.1, patience: 3, minPrototypesRatio: 0.3 }). */
  fineTune(adata, { reference = null, maxEpochs = 20, accelerator = null, lr = 5e-4, minDelta = 0.1, patience = 3, minPrototypesRatio = 0.3 } = {}) {
    if (adata === null || adata === undefined) throw error("ValueError", "fineTune needs adata: give the AnnData to fine-tune on");
    this.history = epochs(call(() => HostNovae.fineTune(this.host, hostsOf(adata), referenceOf(reference), checkInt("maxEpochs", maxEpochs),
      accelerator, checkNumber("lr", lr), checkNumber("minDelta", minDelta), checkInt("patience", patience),
      checkNumber("minPrototypesRatio", minPrototypesRatio))));
    return this.history;
  }

  /** computeRepresentations(adata, { zeroShot: false, reference: "all", accelerator }): obsm novae_latent, obs novae_leaves. */
  computeRepresentations(adata = null, { zeroShot = false, reference = "all", accelerator = null } = {}) {
    call(() => HostNovae.computeRepresentations(this.host, optionalHosts(adata), checkBool("zeroShot", zeroShot), referenceOf(reference),
      accelerator));
  }

  /** assignDomains(adata, { level: 7, nDomains, keyAdded }): writes obs novae_domains_<level> and returns the key. */
  assignDomains(adata = null, { level = 7, nDomains = null, resolution = null, keyAdded = null } = {}) {
    if (resolution !== null) throw error("ValueError", "Leiden domains (resolution) are not available on the JVM; use level or nDomains");
    return String(call(() => HostNovae.assignDomains(this.host, optionalHosts(adata), level === null ? null : checkInt("level", level),
      nDomains === null ? null : checkInt("nDomains", nDomains), keyAdded === null ? null : checkString("keyAdded", keyAdded))));
  }

  /** batchEffectCorrection(adata, obsKey): obsm novae_latent_corrected. */
  batchEffectCorrection(adata = null, obsKey = null) {
    call(() => HostNovae.batchEffectCorrection(this.host, optionalHosts(adata), obsKey === null ? null : checkString("obsKey", obsKey)));
  }

  /** plotDomainsHierarchy({ maxLevel: 10, hlineLevel, leafFontSize: 8, show, save }): see novaePlot. */
  plotDomainsHierarchy({ maxLevel = 10, hlineLevel = null, leafFontSize = 8, show = true, save = null } = {}) {
    const levels = hlineLevel === null ? [] : Array.isArray(hlineLevel) ? hlineLevel : [hlineLevel];
    return plotOutput(call(() => HostPlots.domainsHierarchy(this.host, checkInt("maxLevel", maxLevel),
      levels.map((l) => checkInt("hlineLevel", l)), checkInt("leafFontSize", leafFontSize))), "domains_hierarchy", show, save);
  }

  /** plotPrototypeWeights({ assignZeros: true, show, save }): the slide queue's weights per slide (see novaePlot). */
  plotPrototypeWeights({ assignZeros = true, show = true, save = null } = {}) {
    return plotOutput(call(() => HostPlots.prototypeWeights(this.host, checkBool("assignZeros", assignZeros))), "prototype_weights", show, save);
  }

  /** savePretrained(directory): config.json, model.safetensors, README.md. */
  savePretrained(directory) {
    call(() => HostNovae.savePretrained(this.host, checkString("directory", directory)));
  }

  close() {
    this.host.close();
  }

  toString() {
    const c = this.hparams;
    return `Novae(numLayers=${c.num_layers}, hiddenSize=${c.hidden_size}, outputSize=${c.output_size}, numPrototypes=${c.num_prototypes}, genes=${(c.var_names ?? []).length})`;
  }
}
// ====================================================================== end of anndata
