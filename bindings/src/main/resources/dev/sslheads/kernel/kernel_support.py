"""The GraalPy side of the sslheads Jupyter kernel (dev.sslheads.kernel.PolyglotSession).

Loaded once into its own module; cells run in ``__main__``'s namespace. Defines the ``display``
and ``clear_output`` builtins and what the kernel asks of Python: run a cell (the value of its last
expression, or a readable traceback), completion, inspection, is_complete, and mime bundles.
"""
import ast
import base64
import builtins
import inspect as _inspect
import linecache
import re
import rlcompleter
import sys
import traceback

import __main__

_NAMESPACE = __main__.__dict__
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\.?$")
_host = None  # set by the kernel: display(value), clear_output(wait)


def _init(host):
    global _host
    _host = host
    builtins.display = display
    builtins.clear_output = clear_output


def display(*objs):
    """Show each object as a rich output (HTML tables, PNG charts, text) below the cell."""
    for obj in objs:
        _host.display(obj)


def clear_output(wait=False):
    """Clear the cell's output (with wait=True, when the next output arrives)."""
    _host.clearOutput(bool(wait))


def run_cell(code, filename):
    """Runs ``code``; returns ("ok", value of the last expression (none when the cell ends with ";"), has_value)
    or ("error", ename, evalue, traceback lines)."""
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    try:
        tree = ast.parse(code, filename, "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr) and not code.rstrip().endswith(";"):  # ";" hides the value
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, filename, "exec"), _NAMESPACE)
        if last is None:
            return ("ok", None, False)
        value = eval(compile(last, filename, "eval"), _NAMESPACE)
        if value is not None:
            _NAMESPACE["_"] = value
        return ("ok", value, value is not None)
    except BaseException as error:  # everything the cell raised, SystemExit included, is shown
        return ("error", type(error).__name__, str(error), _traceback(error, filename))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def _traceback(error, filename):
    if isinstance(error, SyntaxError) and error.filename == filename:
        return [line.rstrip("\n") for line in traceback.format_exception_only(type(error), error)]
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    lines = traceback.format_exception(type(error), error, tb)
    return [line.rstrip("\n") for line in lines]


def bundle(value):
    """A value's mime bundle: a dict of mime type -> str, or the Tablesaw object to render for the
    sslheads.pandas DataFrame and Series wrappers."""
    kind = type(value)
    if kind.__module__ == "sslheads.pandas" and kind.__name__ in ("DataFrame", "Series"):
        return value.table if kind.__name__ == "DataFrame" else value.column
    data = {"text/plain": repr(value)}
    for method, mime in (("_repr_html_", "text/html"), ("_repr_markdown_", "text/markdown"),
                         ("_repr_svg_", "image/svg+xml"), ("_repr_png_", "image/png"), ("_repr_latex_", "text/latex")):
        if _inspect.isclass(value) or not callable(getattr(value, method, None)):
            continue
        try:
            shown = getattr(value, method)()
        except Exception:  # a broken repr hook must not lose the text/plain form
            continue
        if shown is None:
            continue
        if mime == "image/png" and isinstance(shown, (bytes, bytearray)):
            shown = base64.b64encode(shown).decode("ascii")
        data[mime] = str(shown)
    return data


def complete(code, cursor):
    """(matches, cursor_start, cursor_end) for the dotted name ending at ``cursor``."""
    match = _TOKEN.search(code[:cursor])
    token = match.group(0) if match else ""
    namespace = _NAMESPACE
    root = token.split(".")[0]
    if "." in token and root not in namespace and root in sys.modules:  # a loaded module not imported here yet
        namespace = dict(namespace, **{root: sys.modules[root]})
    completer = rlcompleter.Completer(namespace)
    matches = []
    while True:
        found = completer.complete(token, len(matches))
        if found is None or len(matches) >= 500:
            break
        matches.append(found)
    matches = sorted(set(m.removesuffix("()").removesuffix("(") for m in matches))
    return (matches, cursor - len(token), cursor)


def _name_at(code, cursor):
    start = cursor
    while start > 0 and (code[start - 1].isalnum() or code[start - 1] in "_."):
        start -= 1
    end = cursor
    while end < len(code) and (code[end].isalnum() or code[end] == "_"):
        end += 1
    return code[start:end].strip(".")


def inspect(code, cursor, detail_level):
    """Help text for the name at ``cursor``, or None when it names nothing."""
    name = _name_at(code, cursor)
    if not name:
        return None
    parts = name.split(".")
    if parts[0] in _NAMESPACE:
        obj = _NAMESPACE[parts[0]]
    elif hasattr(builtins, parts[0]):
        obj = getattr(builtins, parts[0])
    else:
        return None
    for part in parts[1:]:
        try:
            obj = getattr(obj, part)
        except Exception:
            return None
    lines = [f"{name}: {type(obj).__name__}"]
    if callable(obj):
        try:
            lines.append(f"Signature: {parts[-1]}{_inspect.signature(obj)}")
        except (TypeError, ValueError):
            pass
    doc = _inspect.getdoc(obj)
    if doc:
        lines.append("")
        lines.append(doc if detail_level else doc.split("\n\n")[0])
    if detail_level:
        try:
            lines.append("")
            lines.append(_inspect.getsource(obj))
        except (OSError, TypeError):
            pass
    return "\n".join(lines)


_INCOMPLETE = ("expected an indented block", "unexpected EOF", "was never closed", "incomplete input",
               "EOF while scanning", "unterminated triple-quoted string")


def is_complete(code):
    """("complete" | "incomplete" | "invalid", indent): incomplete when the code could still become
    valid by adding lines (an open block, bracket or triple-quoted string)."""
    try:
        compile(code, "<cell>", "exec", dont_inherit=True)
    except SyntaxError as error:
        if not any(hint in str(error.msg) for hint in _INCOMPLETE):
            return ("invalid", "")
        last = code.rstrip("\n").split("\n")[-1]
        indent = last[:len(last) - len(last.lstrip())]
        if last.rstrip().endswith(":"):
            indent += "    "
        return ("incomplete", indent)
    except (OverflowError, ValueError):
        return ("invalid", "")
    return ("complete", "")
