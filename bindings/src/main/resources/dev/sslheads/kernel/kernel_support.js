// The GraalJS side of the sslheads Jupyter kernel: completion of the dotted name before the cursor.
// Evaluates to a function (code, cursor) -> [matches, cursorStart].
(function (code, cursor) {
  const before = code.slice(0, cursor);
  const token = (before.match(/[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*\.?$/) || [""])[0];
  const dot = token.lastIndexOf(".");
  const base = dot < 0 ? "" : token.slice(0, dot);
  const prefix = dot < 0 ? token : token.slice(dot + 1);
  let target = globalThis;
  if (base) {
    try {
      target = base.split(".").reduce((object, key) => object[key], globalThis);
    } catch (e) {
      return [[], cursor];
    }
  }
  const names = new Set();
  for (let o = target; o !== null && o !== undefined; o = Object.getPrototypeOf(o)) {
    try {
      Object.getOwnPropertyNames(o).forEach((n) => names.add(n));
    } catch (e) {
      break;
    }
  }
  const matches = [...names].filter((n) => n.startsWith(prefix) && /^[A-Za-z_$][\w$]*$/.test(n)).sort()
    .map((n) => (base ? base + "." + n : n));
  return [matches, cursor - token.length];
})
