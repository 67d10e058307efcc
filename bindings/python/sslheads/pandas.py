"""A thin pandas-like facade over Tablesaw (``tech.tablesaw``, 0.44.4) for GraalPy.

There is no pandas (nor numpy) under GraalPy. This module gives the small part of the pandas API
that scripts ported from Python (novae-style ``adata.obs[key] = ...``) need, and delegates every
piece of table work to Tablesaw: a :class:`DataFrame` wraps a Tablesaw ``Table`` (``.table``), a
:class:`Series` wraps a Tablesaw column (``.column``). Python code here only converts arguments
and results; counting, uniqueness, mapping, CSV and printing are Tablesaw's.

What exists, and what it is in Tablesaw:

``DataFrame(data)``
    ``data`` is a dict ``{name: values}`` (values as for ``Series``), a Tablesaw ``Table``
    (wrapped, not copied), another DataFrame (same table) or None (empty). Columns of unequal
    length raise ValueError (Tablesaw's check).
``df[name]``
    ``Series`` over ``table.column(name)`` (the same column object); an unknown name raises
    KeyError naming it and listing the columns. ``df[[a, b]]`` is ``table.selectColumns(a, b)``.
``df[name] = values``
    ``values`` is a list/tuple/range, Series, Tablesaw column, 1-D sslheads Tensor, a Java
    array/list, or a scalar (str, int, float, bool, None: repeated). Series and Tablesaw columns
    are copied (``column.copy().setName(name)``), so the frame never renames or shares the
    caller's column. Replaces (``replaceColumn``) or adds (``addColumns``) the column. A length
    other than ``len(df)`` raises ValueError before Tablesaw is touched (Tablesaw's
    ``replaceColumn`` would drop the old column first). ``del df[name]`` is ``removeColumns``.
``df.columns`` (list of str), ``len(df)``, ``df.shape``, ``name in df``, iteration (names),
``df.head(n=5)`` / ``df.tail(n=5)`` (``first``/``last``; negative ``n`` as in pandas),
``df.copy()``, ``repr(df)`` (``table.print()``: head and tail rows), ``_repr_html_``
(the same text in ``<pre>``: Tablesaw's HTML writer lives in a module not on the classpath).
``DataFrame(frame)`` over an AnnData frame (``adata.obs``, ``adata.var``)
    The same Table, not copied; ``len(df)`` is the number of cells/genes even without columns,
    ``df.index`` their names, columns must have that length, and ``df[name] = Categorical(values,
    categories=..., ordered=...)`` keeps the category order (``df[name].cat.categories``), which
    ``write_h5ad`` writes. Other string columns are written as anndata writes them.
``df.to_csv(path=None, index=False, sep=",")``
    Tablesaw's CSV writer (``table.write().csv``); with no path, returns the CSV text. There is
    no index, so ``index=True`` raises ValueError.
``read_csv(path, sep=",")``
    Tablesaw's CSV reader; column types are Tablesaw's inference (a column of ``1.0, 2.0`` comes
    back as INTEGER, empty cells are missing). A missing file raises FileNotFoundError.

``Series(data=None, name=None, dtype=None)``
    From a list (or tuple, range, Java array/list) the column type follows the values: all str
    -> StringColumn, all bool -> BooleanColumn, all int -> IntColumn (LongColumn beyond 32 bits),
    ints and floats -> DoubleColumn; None (and NaN for floats) is missing; an all-None or empty
    list is a StringColumn. Mixed str/number/bool values and other objects raise TypeError: a
    Tablesaw column holds one type. ``dtype`` (``str``, ``float``, ``int``, ``bool`` or their
    names) forces the column type. A Tablesaw column (any type) or a Series is wrapped as is
    (``Series.from_column(col)`` too); ``name`` given for one wraps a renamed copy. A 1-D Tensor
    becomes a DoubleColumn (float tensors, one bulk copy), IntColumn or BooleanColumn.
``s.name`` (None when the column name is ""; assigning renames a copy, never a column shared
with a frame), ``s.dtype`` (Tablesaw's type name, e.g. ``"STRING"``), ``s.column``, ``len(s)``,
``s[i]`` (negative too; missing -> None), ``s[a:b]`` (``inRange``, step 1), iteration,
``s.tolist()`` / ``s.to_list()`` (``asObjectArray``; missing -> None), ``s.head(n)``,
``s.tail(n)``.
``s.isna()`` / ``s.isnull()`` / ``s.notna()``
    BooleanColumn-backed Series from ``column.isMissing()``.
``s.map(func_or_dict, dtype=None)``
    A dict, or a function with ``dtype`` given, goes through Tablesaw's ``column.map``: missing
    cells stay missing (the function is not called on them), keys not in the dict and None
    results become missing. A dict's result type follows its values as in ``Series(list)``.
    A function without ``dtype`` is called on each present value in Python and the results make
    a ``Series(list)`` (the result type is not known before). Results must fit the type (ints
    are fine for float); otherwise TypeError.
``s.unique()``
    ``column.unique()``: missing counts as one value; the order is Tablesaw's (a hash set),
    not necessarily first appearance as in pandas.
``s.value_counts()``
    Not a Series with an index (there is none): a :class:`DataFrame` with two columns, the
    values (named like the Series, ``"value"`` if it has no name, keeping its type) and ``"count"``, most frequent first --
    pandas' ``s.value_counts().reset_index()``. It is Tablesaw's ``countBy`` with missing values
    dropped (pandas' ``dropna=True``); ties come in Tablesaw's order. Tablesaw counts only
    categorical columns (string, int, long, bool...): a DoubleColumn raises TypeError (count
    ``s.astype(str)`` instead).
``s.astype(dtype)``
    ``str`` -> ``asStringColumn()``; ``float`` -> ``asDoubleColumn()`` (``parseDouble()`` for
    strings); ``int`` -> ``asIntColumn()`` (``parseInt()`` for strings, ValueError when one does not
    parse); ``bool`` only for BooleanColumns. The name is kept.

Missing strings: Tablesaw writes "" for a missing string and, in 0.44.4, ``isMissing(i)`` can be
false for such a cell after ``setMissing(i)``; this module treats "" in a string column as missing
everywhere (``tolist``, ``s[i]``, ``isna``, ``map``, ``value_counts``).

``as_column(values, name)`` gives the Tablesaw column for any value ``Series`` accepts; other
binding modules use it to pass a Series (or a list) to Java methods that take a column, and every
Java method returning a Tablesaw column can be used directly: ``adata.obs[key] =
head.map_leaves_domains(series, level)``.

Not here: an index (rows are positions), dtype promotion to object, arithmetic and comparisons
on Series, ``loc``/``iloc``, groupby, merge. Use ``.table`` / ``.column`` for the rest of Tablesaw.
"""
import array
import errno
import html
import math
import numbers
import os

import java

from ._host import call
from .tensor import Tensor

__all__ = ["Categorical", "DataFrame", "Series", "read_csv", "as_column"]

Table = java.type("tech.tablesaw.api.Table")
Column = java.type("tech.tablesaw.columns.Column")
CategoricalColumn = java.type("tech.tablesaw.api.CategoricalColumn")
StringColumn = java.type("tech.tablesaw.api.StringColumn")
DoubleColumn = java.type("tech.tablesaw.api.DoubleColumn")
IntColumn = java.type("tech.tablesaw.api.IntColumn")
LongColumn = java.type("tech.tablesaw.api.LongColumn")
BooleanColumn = java.type("tech.tablesaw.api.BooleanColumn")
CsvReadOptions = java.type("tech.tablesaw.io.csv.CsvReadOptions")
CsvWriteOptions = java.type("tech.tablesaw.io.csv.CsvWriteOptions")
_Frame = java.type("dev.sslheads.anndata.Frame")
_LONG_MISSING = java.type("tech.tablesaw.columns.numbers.LongColumnType").missingValueIndicator()

# Tablesaw's factories are overloaded (double..., float..., int..., Number[], Collection ...), which
# a Python list cannot choose between: pick each overload by its Java signature.
_CREATE = {
    "str": getattr(StringColumn, "create(java.lang.String,java.lang.String[])"),
    "float": getattr(DoubleColumn, "create(java.lang.String,double[])"),
    "int": getattr(IntColumn, "create(java.lang.String,java.lang.Integer[])"),
    "long": getattr(LongColumn, "create(java.lang.String,long[])"),
    "bool": getattr(BooleanColumn, "create(java.lang.String,java.lang.Boolean[])"),
}
_EMPTY = {
    "str": getattr(StringColumn, "create(java.lang.String)"),
    "float": getattr(DoubleColumn, "create(java.lang.String)"),
    "int": getattr(IntColumn, "create(java.lang.String)"),
    "bool": getattr(BooleanColumn, "create(java.lang.String)"),
}
_INT32 = (-(2 ** 31) + 1, 2 ** 31 - 1)  # Integer.MIN_VALUE is Tablesaw's missing int
_DTYPES = {
    str: "str", "str": "str", "string": "str", "object": "str",
    float: "float", "float": "float", "float64": "float", "double": "float",
    int: "int", "int": "int", "int32": "int", "int64": "int",
    bool: "bool", "bool": "bool", "boolean": "bool",
}


# ---------------------------------------------------------------------- conversion helpers

def _is_column(value):
    return java.is_object(value) and java.instanceof(value, Column)


def _is_table(value):
    return java.is_object(value) and java.instanceof(value, Table)


def _is_string_column(column):
    return java.instanceof(column, StringColumn)


def _kind_of_dtype(dtype):
    try:
        return _DTYPES[dtype]
    except (KeyError, TypeError):
        raise TypeError(f"dtype must be str, float, int or bool (or their names), got {dtype!r}") from None


def _kind_of_values(values, what):
    """The column kind ("str", "float", "int", "bool") that holds all of ``values``; None is missing."""
    kinds = set()
    for i, v in enumerate(values):
        if v is None:
            continue
        if isinstance(v, bool):
            kinds.add("bool")
        elif isinstance(v, numbers.Integral):
            kinds.add("int")
        elif isinstance(v, numbers.Real):
            kinds.add("float")
        elif isinstance(v, str):
            kinds.add("str")
        else:
            raise TypeError(f"{what}[{i}] is a {type(v).__name__} ({v!r}); a column holds str, int, float, bool or None")
    if kinds == {"int", "float"}:
        return "float"
    if len(kinds) > 1:
        raise TypeError(f"{what} mixes {' and '.join(sorted(kinds))} values; a Tablesaw column holds one type "
                        "(convert them first, e.g. with str())")
    return kinds.pop() if kinds else "str"


def _check_kind(values, kind, what):
    """Values for a column of ``kind``, converted to what its Tablesaw factory takes."""
    out = []
    for i, v in enumerate(values):
        if v is None:
            out.append(None)
        elif kind == "str" and isinstance(v, str):
            out.append(v)
        elif kind == "bool" and isinstance(v, bool):
            out.append(v)
        elif kind == "int" and isinstance(v, numbers.Integral) and not isinstance(v, bool):
            out.append(int(v))
        elif kind == "float" and isinstance(v, numbers.Real) and not isinstance(v, bool):
            out.append(float(v))
        else:
            raise TypeError(f"{what}[{i}] is a {type(v).__name__} ({v!r}), which a {kind} column cannot hold")
    return out


def _column_of_kind(name, values, kind):
    if kind == "float":
        return call(_CREATE["float"], name, [math.nan if v is None else v for v in values])
    if kind == "int" and any(v is not None and not _INT32[0] <= v <= _INT32[1] for v in values):
        return call(_CREATE["long"], name, [_LONG_MISSING if v is None else v for v in values])
    return call(_CREATE[kind], name, values)


def _tensor_column(tensor, name):
    if tensor.ndim != 1:
        raise ValueError(f"a Tensor must be 1-D to become a column, got shape {tensor.shape}")
    doubles = call(tensor._host.toDoubleArray)  # one bulk copy, exact for ints below 2**53
    if tensor.dtype == "bool":
        return _column_of_kind(name, [v != 0 for v in doubles], "bool")
    if tensor.dtype.startswith(("int", "uint")):
        return _column_of_kind(name, [int(v) for v in doubles], "int")
    return call(_CREATE["float"], name, doubles)


def _renamed_copy(column, name):
    return call(column.copy().setName, name)


def as_column(values, name=None, dtype=None):
    """The Tablesaw column for ``values`` (anything :class:`Series` accepts).

    A Tablesaw column or a Series comes back as is when ``name`` is None or already its name,
    else as a renamed copy.
    """
    if isinstance(values, Series):
        values = values._column
    if _is_column(values):
        if dtype is not None:
            raise TypeError("dtype applies to Python values; convert a column with Series.astype")
        if name is None or str(values.name()) == name:
            return values
        return _renamed_copy(values, name)
    column_name = "" if name is None else name
    if not isinstance(column_name, str):
        raise TypeError(f"a column name must be a str, got {type(name).__name__}")
    if isinstance(values, Tensor):
        column = _tensor_column(values, column_name)
        return column if dtype is None else Series(column).astype(dtype)._column
    if values is None:
        values = []
    if isinstance(values, (str, bytes, dict, set, frozenset)) or not (
            isinstance(values, (list, tuple, range, array.array)) or java.is_object(values)):
        raise TypeError("Series data must be a list, tuple, range, array.array, Series, Tablesaw column, "
                        f"1-D Tensor or Java array/list, got {type(values).__name__}")
    values = list(values)
    kind = _kind_of_values(values, "data") if dtype is None else _kind_of_dtype(dtype)
    return _column_of_kind(column_name, _check_kind(values, kind, "data"), kind)


def _missing_selection(column):
    """Tablesaw's missing cells, with "" counted as missing in string columns (see the module doc)."""
    selection = column.isMissing()
    if _is_string_column(column):
        selection = getattr(selection, "or")(column.isEqualTo(""))
    return selection


def _python_value(value, column_is_string):
    if column_is_string and value == "":
        return None
    return value


# ---------------------------------------------------------------------- Series

class Series:
    """A one-dimensional view of a Tablesaw column (see the module docstring for the subset)."""

    __slots__ = ("_column", "_categories")

    def __init__(self, data=None, name=None, dtype=None):
        if isinstance(data, Categorical):
            self._column = as_column(data.tolist(), name=name, dtype="str")
            self._categories = data
        else:
            self._column = as_column(data, name=name, dtype=dtype)
            self._categories = None

    @property
    def cat(self):
        """pandas' ``.cat`` accessor (``categories``, ``ordered``) for a categorical column of an AnnData frame."""
        if self._categories is None:
            raise AttributeError("Can only use .cat accessor with a 'category' dtype (an AnnData obs/var categorical column)")
        return self._categories

    @classmethod
    def from_column(cls, column):
        """Wraps a Tablesaw column (not copied)."""
        if not _is_column(column):
            raise TypeError(f"from_column needs a Tablesaw column, got {type(column).__name__}")
        return cls(column)

    # ------------------------------------------------------------------ description
    @property
    def column(self):
        """The Tablesaw column."""
        return self._column

    @property
    def name(self):
        name = str(self._column.name())
        return name or None

    @name.setter
    def name(self, name):
        self._column = _renamed_copy(self._column, "" if name is None else str(name))

    @property
    def dtype(self):
        """Tablesaw's column type name: STRING, DOUBLE, INTEGER, LONG, BOOLEAN, ..."""
        return str(self._column.type().name())

    def __len__(self):
        return int(self._column.size())

    def __repr__(self):
        n = len(self)
        shown = self._column if n <= 30 else self._column.first(30)
        text = str(shown.print()).rstrip("\n")
        more = f"\n... ({n - 30} more)" if n > 30 else ""
        return f"{text}{more}\n[{n} values, {self.dtype}]"

    # ------------------------------------------------------------------ values
    def tolist(self):
        """The values as a list; missing cells are None."""
        values = list(self._column.asObjectArray())
        if _is_string_column(self._column):
            return [None if v == "" else v for v in values]
        return values

    to_list = tolist

    def __iter__(self):
        return iter(self.tolist())

    def __getitem__(self, key):
        n = len(self)
        if isinstance(key, slice):
            start, stop, step = key.indices(n)
            if step != 1:
                raise ValueError("Series slices take step 1 only")
            return Series(call(self._column.inRange, start, max(start, stop)))
        if isinstance(key, bool) or not isinstance(key, numbers.Integral):
            raise TypeError(f"Series indices must be integers or slices (positions), got {type(key).__name__}")
        i = int(key) + n if key < 0 else int(key)
        if not 0 <= i < n:
            raise IndexError(f"position {int(key)} is out of bounds for a Series of length {n}")
        if self._column.isMissing(i):
            return None
        return _python_value(call(self._column.get, i), _is_string_column(self._column))

    def head(self, n=5):
        return Series(call(self._column.first, _count(n, len(self))))

    def tail(self, n=5):
        return Series(call(self._column.last, _count(n, len(self))))

    # ------------------------------------------------------------------ missing values
    def isna(self):
        """A boolean Series, True where the value is missing."""
        return Series(call(BooleanColumn.create, self._column.name(), _missing_selection(self._column), len(self)))

    isnull = isna

    def notna(self):
        missing = _missing_selection(self._column).flip(0, len(self))
        return Series(call(BooleanColumn.create, self._column.name(), missing, len(self)))

    # ------------------------------------------------------------------ transformations
    def map(self, arg, dtype=None):
        """Maps each present value through a dict or a function (see the module docstring)."""
        if isinstance(arg, dict):
            kind = _kind_of_values(list(arg.values()), "map values") if dtype is None else _kind_of_dtype(dtype)
            lookup = arg.get
        elif callable(arg):
            if dtype is None:
                values = [None if v is None else arg(v) for v in self.tolist()]
                return Series(values, name=str(self._column.name()))
            kind = _kind_of_dtype(dtype)
            lookup = arg
        else:
            raise TypeError(f"map takes a dict or a function, got {type(arg).__name__}")
        is_string = _is_string_column(self._column)

        def apply(value):
            if is_string and value == "":
                return None
            return _check_kind([lookup(value)], kind, "map result")[0]

        return Series(call(self._column.map, apply, _EMPTY[kind]))

    def unique(self):
        """The distinct values (missing counts once), in Tablesaw's order."""
        return Series(call(self._column.unique().setName, self._column.name()))

    def value_counts(self):
        """A DataFrame of the present values and their ``count``, most frequent first."""
        if not java.instanceof(self._column, CategoricalColumn):
            raise TypeError(f"value_counts needs a categorical Tablesaw column (string, int, bool...), this one is "
                            f"{self.dtype}; count s.astype(str) instead")
        column = self._column if self.name else _renamed_copy(self._column, "value")
        counts = call(Table.create(column).countBy, column)
        counts = counts.dropWhere(_missing_selection(counts.column(0)))
        counts = counts.sortDescendingOn("Count")
        counts.column("Count").setName("count")
        counts.setName(f"{column.name()} value counts")
        return DataFrame(counts)

    def astype(self, dtype):
        """The values as another column type (see the module docstring)."""
        kind = _kind_of_dtype(dtype)
        column = self._column
        name = column.name()
        is_string = _is_string_column(column)
        if kind == "str":
            converted = column.copy() if is_string else call(column.asStringColumn)
        elif kind == "float":
            if java.instanceof(column, DoubleColumn):
                converted = column.copy()
            elif is_string:
                converted = call(column.parseDouble)
            elif hasattr(column, "asDoubleColumn"):
                converted = call(column.asDoubleColumn)
            else:
                raise TypeError(f"a {self.dtype} column cannot become float")
        elif kind == "int":
            if java.instanceof(column, IntColumn):
                converted = column.copy()
            elif is_string:
                converted = call(column.parseInt)
            elif hasattr(column, "asIntColumn"):
                converted = call(column.asIntColumn)
            else:
                raise TypeError(f"a {self.dtype} column cannot become int")
        else:
            if not java.instanceof(column, BooleanColumn):
                raise TypeError(f"a {self.dtype} column cannot become bool (Tablesaw has no such conversion)")
            converted = column.copy()
        return Series(converted.setName(name))


def _count(n, length):
    """pandas' head/tail count: negative n means all but the last/first -n."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"n must be an int, got {type(n).__name__}")
    return max(length + int(n), 0) if n < 0 else min(int(n), length)


# ---------------------------------------------------------------------- DataFrame

_SCALARS = (str, numbers.Real, type(None))


class DataFrame:
    """A table of named columns over a Tablesaw ``Table`` (see the module docstring for the subset)."""

    __slots__ = ("_table", "_frame")

    def __init__(self, data=None):
        self._frame = None
        if data is None:
            self._table = Table.create()
        elif java.is_object(data) and java.instanceof(data, _Frame):
            self._frame = data
            self._table = data.table()
        elif isinstance(data, DataFrame):
            self._table = data._table
        elif _is_table(data):
            self._table = data
        elif isinstance(data, dict):
            columns = []
            for name, values in data.items():
                if not isinstance(name, str):
                    raise TypeError(f"column names must be str, got {type(name).__name__} {name!r}")
                if isinstance(values, _SCALARS):
                    raise TypeError(f"column {name!r} is a scalar ({values!r}); DataFrame(dict) takes sequences "
                                    "(assign scalars with df[name] = value)")
                columns.append(_owned_column(values, name))
            self._table = call(Table.create, columns)
        else:
            raise TypeError(f"DataFrame data must be a dict of columns, a Tablesaw Table or None, got {type(data).__name__}")

    # ------------------------------------------------------------------ description
    @property
    def table(self):
        """The Tablesaw Table."""
        return self._table

    @property
    def columns(self):
        return [str(n) for n in self._table.columnNames()]

    def __len__(self):
        if self._frame is not None:
            return int(self._frame.length())
        return int(self._table.rowCount())

    @property
    def index(self):
        """The row names of an AnnData frame (``obs_names`` / ``var_names``), else positions."""
        if self._frame is not None:
            return [str(n) for n in self._frame.index()]
        return list(range(len(self)))

    @property
    def shape(self):
        return (len(self), int(self._table.columnCount()))

    def __contains__(self, name):
        return isinstance(name, str) and bool(self._table.containsColumn(name))

    def __iter__(self):
        return iter(self.columns)

    def __repr__(self):
        return str(self._table.print())

    def _repr_html_(self):
        return f"<pre>{html.escape(repr(self))}</pre>"

    def copy(self):
        return DataFrame(self._table.copy())

    # ------------------------------------------------------------------ columns
    def _check_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"column names must be str, got {type(name).__name__} {name!r}")
        if not self._table.containsColumn(name):
            raise KeyError(f"{name!r} is not a column; the columns are {self.columns}")

    def __getitem__(self, key):
        if isinstance(key, (list, tuple)):
            for name in key:
                self._check_name(name)
            return DataFrame(call(self._table.selectColumns, *key))
        self._check_name(key)
        series = Series(self._table.column(key))
        if self._frame is not None:
            known = self._frame.categoriesOf(key)
            if known.isPresent():
                series._categories = Categorical._of(known.get())
        return series

    def __setitem__(self, name, values):
        if not isinstance(name, str):
            raise TypeError(f"column names must be str, got {type(name).__name__} {name!r}")
        n = len(self)
        has_columns = self._table.columnCount() > 0 or self._frame is not None
        if isinstance(values, _SCALARS):
            values = [values] * n
        categorical = values if isinstance(values, Categorical) else getattr(values, "_categories", None)
        if isinstance(values, Categorical):
            values = values.tolist()
        column = _owned_column(values, name)
        if has_columns and int(column.size()) != n:
            raise ValueError(f"length of values ({int(column.size())}) does not match the length of the frame ({n})")
        if self._table.containsColumn(name):
            call(self._table.replaceColumn, name, column)
        else:
            call(self._table.addColumns, column)
        if categorical is not None and self._frame is not None:
            call(self._frame.setCategorical, name, list(categorical.categories), bool(categorical.ordered))

    def __delitem__(self, name):
        self._check_name(name)
        call(self._table.removeColumns, name)

    # ------------------------------------------------------------------ rows
    def head(self, n=5):
        return DataFrame(call(self._table.first, _count(n, len(self))))

    def tail(self, n=5):
        return DataFrame(call(self._table.last, _count(n, len(self))))

    # ------------------------------------------------------------------ CSV
    def to_csv(self, path=None, index=False, sep=","):
        """Writes CSV with Tablesaw's writer; returns the text when ``path`` is None."""
        if index:
            raise ValueError("a DataFrame here has no index to write; use index=False")
        _check_sep(sep)
        if path is None:
            if sep != ",":
                raise ValueError("to_csv without a path writes comma-separated text only")
            return str(call(self._table.write().toString, "csv"))
        path = os.fspath(path)
        parent = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(parent):
            raise FileNotFoundError(errno.ENOENT, "No such directory", parent)
        options = CsvWriteOptions.builder(path).separator(sep).build()
        call(self._table.write().csv, options)
        return None


class Categorical:
    """pandas' ``Categorical``: string values with an ordered list of categories (values outside them become
    missing, as in pandas). Assigned to an AnnData frame column, the categories are kept and written to .h5ad."""

    __slots__ = ("_values", "categories", "ordered")

    def __init__(self, values, categories=None, ordered=False):
        values = [None if v is None else str(v) for v in values]
        if categories is None:
            categories = sorted({v for v in values if v is not None})
        categories = [str(c) for c in categories]
        if len(set(categories)) != len(categories):
            raise ValueError(f"Categorical categories must be unique, got {categories}")
        allowed = set(categories)
        self._values = [v if v in allowed else None for v in values]
        self.categories = categories
        self.ordered = bool(ordered)

    @classmethod
    def _of(cls, host_categories):
        out = cls([], [str(c) for c in host_categories.categories()], bool(host_categories.ordered()))
        return out

    def tolist(self):
        return list(self._values)

    def __len__(self):
        return len(self._values)

    def __repr__(self):
        return f"Categorical({self._values!r}, categories={self.categories!r}, ordered={self.ordered})"


def _owned_column(values, name):
    """A column named ``name`` for a frame: a Series' or a Tablesaw column is copied, never shared."""
    if isinstance(values, Series):
        values = values._column
    if _is_column(values):
        return _renamed_copy(values, name)
    return as_column(values, name=name)


def _check_sep(sep):
    if not isinstance(sep, str) or len(sep) != 1:
        raise ValueError(f"sep must be a single character, got {sep!r}")


def read_csv(path, sep=","):
    """A DataFrame from a CSV file, read and typed by Tablesaw's reader."""
    _check_sep(sep)
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(errno.ENOENT, "No such file", path)
    options = call(CsvReadOptions.builder, path)
    return DataFrame(call(Table.read().csv, options.separator(sep).build()))
