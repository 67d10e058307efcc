"""sslheads.pandas: the pandas-like facade over Tablesaw tables and columns."""
import math
import os
import tempfile
import unittest

import java

import sslheads as sh
from sslheads import pandas as pd

StringColumn = java.type("tech.tablesaw.api.StringColumn")
IntColumn = java.type("tech.tablesaw.api.IntColumn")
Table = java.type("tech.tablesaw.api.Table")


class SeriesTest(unittest.TestCase):
    def test_column_type_follows_the_values(self):
        self.assertEqual("STRING", pd.Series(["a", None, "b"]).dtype)
        self.assertEqual("INTEGER", pd.Series([1, None, 3]).dtype)
        self.assertEqual("LONG", pd.Series([1, 2 ** 40]).dtype)
        self.assertEqual("DOUBLE", pd.Series([1, 2.5, math.nan]).dtype)
        self.assertEqual("BOOLEAN", pd.Series([True, None, False]).dtype)
        self.assertEqual("STRING", pd.Series([]).dtype)
        self.assertEqual("DOUBLE", pd.Series([1, 2], dtype=float).dtype)
        self.assertEqual([1.0, None, None], pd.Series([1, None, math.nan]).tolist())
        s = pd.Series(range(4), name="n")
        self.assertEqual("n", s.name)
        self.assertIsNone(pd.Series([1]).name)
        self.assertEqual(4, len(s))
        self.assertEqual(3, s[-1])
        self.assertEqual([1, 2], s[1:3].tolist())
        self.assertEqual([0, 1, 2, 3], list(s))
        with self.assertRaises(IndexError):
            s[4]

    def test_missing_values(self):
        s = pd.Series(["a", None, "b", "a"], name="s")
        self.assertIsNone(s[1])
        self.assertEqual(["a", None, "b", "a"], s.tolist())
        self.assertEqual(s.tolist(), s.to_list())
        self.assertEqual([False, True, False, False], s.isna().tolist())
        self.assertEqual("BOOLEAN", s.isna().dtype)
        self.assertEqual([True, False, True, True], s.notna().tolist())
        self.assertEqual([None, 2, None], pd.Series([None, 2, None]).tolist())
        self.assertEqual([1.5, None], pd.Series([1.5, None]).tolist())

    def test_string_set_missing_reads_as_missing(self):
        # Tablesaw 0.44.4 stores "" after setMissing(i), and isMissing(i) may stay false.
        column = StringColumn.create("c", ["x", "y", "z"])
        column.setMissing(1)
        s = pd.Series.from_column(column)
        self.assertEqual(["x", None, "z"], s.tolist())
        self.assertIsNone(s[1])
        self.assertEqual([False, True, False], s.isna().tolist())
        self.assertEqual(["X", None, "Z"], s.map(str.upper).tolist())
        self.assertEqual(["X", None, "Z"], s.map(str.upper, dtype=str).tolist())

    def test_map(self):
        s = pd.Series(["a", None, "b", "c"], name="k")
        mapped = s.map({"a": 1, "b": 2})
        self.assertEqual("INTEGER", mapped.dtype)
        self.assertEqual([1, None, 2, None], mapped.tolist())  # missing stays missing, unknown keys too
        self.assertEqual("k", mapped.name)
        self.assertEqual([1.0, None, None, 0.5], s.map({"a": 1, "c": 0.5}).tolist())
        self.assertEqual(["A", None, None, "C"], s.map(lambda v: None if v == "b" else v.upper(), dtype="str").tolist())
        self.assertEqual([2, None, 2, 2], s.map(len, dtype=int).map(lambda n: n * 2).tolist())
        self.assertEqual([3.0, None], pd.Series([1, None]).map(lambda v: v + 2, dtype=float).tolist())
        with self.assertRaisesRegex(TypeError, "map result"):
            s.map(lambda v: 1.5, dtype=int)
        with self.assertRaisesRegex(TypeError, "dict or a function"):
            s.map(3)
        with self.assertRaisesRegex(ValueError, "boom"):
            s.map(lambda v: (_ for _ in ()).throw(ValueError("boom")), dtype=str)

    def test_unique_and_value_counts(self):
        s = pd.Series(["b", "a", None, "b", "b", "a", "c"], name="label")
        self.assertEqual({"a", "b", "c", None}, set(s.unique().tolist()))
        self.assertEqual("label", s.unique().name)
        counts = s.value_counts()
        self.assertIsInstance(counts, pd.DataFrame)
        self.assertEqual(["label", "count"], counts.columns)
        self.assertEqual(["b", "a", "c"], counts["label"].tolist())
        self.assertEqual([3, 2, 1], counts["count"].tolist())
        ints = pd.Series([7, 7, None, 3]).value_counts()
        self.assertEqual(["value", "count"], ints.columns)
        self.assertEqual([7, 3], ints["value"].tolist())  # values keep their type
        self.assertEqual([2, 1], ints["count"].tolist())
        with self.assertRaisesRegex(TypeError, "astype\\(str\\)"):
            pd.Series([1.5, 2.5]).value_counts()
        self.assertEqual(["1.5"], pd.Series([1.5, 1.5]).astype(str).value_counts()["value"].tolist())

    def test_astype(self):
        self.assertEqual(["1", None], pd.Series([1, None], name="n").astype(str).tolist())
        self.assertEqual("n", pd.Series([1, None], name="n").astype(str).name)
        self.assertEqual([1.0, 2.0], pd.Series([1, 2]).astype(float).tolist())
        self.assertEqual([1, 2], pd.Series([1.7, 2.2]).astype(int).tolist())
        self.assertEqual([1.5, None], pd.Series(["1.5", None]).astype("float").tolist())
        self.assertEqual([3], pd.Series(["3"]).astype(int).tolist())
        with self.assertRaises(ValueError):
            pd.Series(["x"]).astype(int)
        with self.assertRaisesRegex(TypeError, "dtype must be"):
            pd.Series([1]).astype(complex)
        with self.assertRaisesRegex(TypeError, "cannot become bool"):
            pd.Series([1]).astype(bool)

    def test_wraps_tablesaw_columns(self):
        column = getattr(IntColumn, "create(java.lang.String,int[])")("counts", [4, 5, 6])
        s = pd.Series(column)
        self.assertIs(column, s.column)
        self.assertEqual("counts", s.name)
        self.assertEqual([4, 5, 6], s.tolist())
        self.assertEqual("other", pd.Series(column, name="other").name)
        self.assertEqual("counts", column.name())  # renaming copies
        renamed = pd.Series.from_column(column)
        renamed.name = "n"
        self.assertEqual("counts", column.name())
        self.assertIs(column, pd.as_column(s))
        self.assertEqual("STRING", pd.as_column(["a"], "x").type().name())

    def test_tensors_become_columns(self):
        s = pd.Series(sh.tensor([0.5, 1.5]), name="t")
        self.assertEqual("DOUBLE", s.dtype)
        self.assertEqual([0.5, 1.5], s.tolist())
        labels = pd.Series(sh.tensor([1, 2], dtype="int32"))
        self.assertEqual("INTEGER", labels.dtype)
        self.assertEqual([1, 2], labels.tolist())
        with self.assertRaisesRegex(ValueError, "1-D"):
            pd.Series(sh.tensor([[1.0]]))

    def test_unsupported_values_raise_type_error(self):
        with self.assertRaisesRegex(TypeError, r"data\[1\] is a dict"):
            pd.Series([1, {"a": 1}])
        with self.assertRaisesRegex(TypeError, "mixes int and str"):
            pd.Series([1, "a"])
        with self.assertRaisesRegex(TypeError, "got str"):
            pd.Series("abc")
        with self.assertRaisesRegex(TypeError, "got dict"):
            pd.Series({"a": 1})
        with self.assertRaisesRegex(TypeError, "integers or slices"):
            pd.Series([1])["a"]
        with self.assertRaisesRegex(TypeError, "float column cannot hold"):
            pd.Series(["a"], dtype=float)
        with self.assertRaisesRegex(TypeError, "Tablesaw column"):
            pd.Series.from_column([1, 2])


class DataFrameTest(unittest.TestCase):
    def frame(self):
        return pd.DataFrame({"cell": ["c0", "c1", "c2"], "x": [0.5, 1.5, None], "k": [1, 2, 3]})

    def test_build_and_describe(self):
        df = self.frame()
        self.assertEqual(["cell", "x", "k"], df.columns)
        self.assertEqual(3, len(df))
        self.assertEqual((3, 3), df.shape)
        self.assertIn("x", df)
        self.assertNotIn("y", df)
        self.assertEqual(["cell", "x", "k"], list(df))
        self.assertTrue(java.instanceof(df.table, Table))
        self.assertIn("c1", repr(df))
        self.assertTrue(df._repr_html_().startswith("<pre>"))
        self.assertEqual(["c0", "c1"], df.head(2)["cell"].tolist())
        self.assertEqual(["c2"], df.tail(1)["cell"].tolist())
        self.assertEqual(["c0"], df.head(-2)["cell"].tolist())
        self.assertEqual((0, 0), pd.DataFrame().shape)
        wrapped = pd.DataFrame(df.table)
        self.assertIs(df.table, wrapped.table)
        self.assertEqual(["x", "cell"], df[["x", "cell"]].columns)

    def test_unequal_lengths_raise_value_error(self):
        with self.assertRaises(ValueError):
            pd.DataFrame({"a": [1, 2], "b": [1]})

    def test_get_unknown_column_is_a_key_error_listing_columns(self):
        df = self.frame()
        with self.assertRaises(KeyError) as caught:
            df["y"]
        message = str(caught.exception)
        self.assertIn("'y'", message)
        self.assertIn("['cell', 'x', 'k']", message)
        with self.assertRaisesRegex(KeyError, "'nope'"):
            df[["x", "nope"]]
        with self.assertRaisesRegex(TypeError, "must be str"):
            df[0]

    def test_set_columns(self):
        df = self.frame()
        df["label"] = ["a", "b", None]
        self.assertEqual(["a", "b", None], df["label"].tolist())
        df["k"] = pd.Series([9, 8, 7], name="ignored")
        self.assertEqual([9, 8, 7], df["k"].tolist())
        self.assertEqual(["cell", "x", "k", "label"], df.columns)
        column = StringColumn.create("domains", ["D1", "D2", "D1"])
        df["domains_2"] = column  # e.g. what head.map_leaves_domains returns
        self.assertEqual(["D1", "D2", "D1"], df["domains_2"].tolist())
        self.assertEqual("domains", column.name())  # the caller's column is copied, not renamed
        df["t"] = sh.tensor([1.0, 2.0, 3.0])
        self.assertEqual([1.0, 2.0, 3.0], df["t"].tolist())
        df["batch"] = "s1"
        self.assertEqual(["s1"] * 3, df["batch"].tolist())
        s = df["cell"]
        s.name = "renamed"
        self.assertIn("cell", df.columns)
        del df["batch"]
        self.assertNotIn("batch", df)

    def test_set_length_mismatch_is_a_value_error_and_keeps_the_frame(self):
        df = self.frame()
        with self.assertRaisesRegex(ValueError, r"length of values \(2\) does not match the length of the frame \(3\)"):
            df["k"] = [1, 2]
        with self.assertRaises(ValueError):
            df["new"] = StringColumn.create("n", ["a"])
        self.assertEqual(["cell", "x", "k"], df.columns)
        self.assertEqual([1, 2, 3], df["k"].tolist())

    def test_set_unsupported_values_raise_type_error(self):
        df = self.frame()
        with self.assertRaisesRegex(TypeError, "got object"):
            df["o"] = object()
        with self.assertRaisesRegex(TypeError, "got dict"):
            df["o"] = {"a": 1}
        with self.assertRaisesRegex(TypeError, "must be str"):
            df[1] = [1, 2, 3]
        with self.assertRaisesRegex(TypeError, "DataFrame data"):
            pd.DataFrame([1, 2])
        with self.assertRaisesRegex(TypeError, "scalar"):
            pd.DataFrame({"a": 1})

    def test_csv_round_trip(self):
        df = self.frame()
        df["label"] = ["a", None, "b"]
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "frame.csv")
            self.assertIsNone(df.to_csv(path, index=False))
            back = pd.read_csv(path)
            self.assertEqual(df.columns, back.columns)
            self.assertEqual(["c0", "c1", "c2"], back["cell"].tolist())
            self.assertEqual([0.5, 1.5, None], back["x"].tolist())
            self.assertEqual([1, 2, 3], back["k"].tolist())
            self.assertEqual(["a", None, "b"], back["label"].tolist())
            tsv = os.path.join(tmp, "frame.tsv")
            df.to_csv(tsv, sep="\t")
            with open(tsv) as f:
                self.assertEqual("cell\tx\tk\tlabel", f.readline().strip())
            self.assertEqual(["a", None, "b"], pd.read_csv(tsv, sep="\t")["label"].tolist())
            with self.assertRaises(FileNotFoundError):
                pd.read_csv(os.path.join(tmp, "missing.csv"))
            with self.assertRaises(FileNotFoundError):
                df.to_csv(os.path.join(tmp, "no", "such", "dir.csv"))
        self.assertTrue(df.to_csv().startswith("cell,x,k,label\nc0,0.5,1,a\n"))
        with self.assertRaisesRegex(ValueError, "index"):
            df.to_csv(index=True)


if __name__ == "__main__":
    unittest.main()
