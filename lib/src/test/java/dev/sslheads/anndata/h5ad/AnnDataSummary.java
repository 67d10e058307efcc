package dev.sslheads.anndata.h5ad;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.AxisArrays;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.Frame;
import dev.sslheads.anndata.Matrix;
import dev.sslheads.anndata.SparseMatrix;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/**
 * The content summary of {@code scripts/reference/h5ad_fixtures.py} ({@code summary}) computed from
 * a Java {@link AnnData}, with pandas' names for each column kind, so Java's reading of a file can
 * be compared with anndata's reading of it field by field. A string column with missing values
 * counts as categorical over its sorted values: that is how any .h5ad writer stores it.
 */
final class AnnDataSummary {
    private AnnDataSummary() {}

    static JsonObject of(AnnData adata) {
        JsonObject out = new JsonObject();
        out.add("X", adata.X() == null ? JsonNull.INSTANCE : matrix(adata.X()));
        out.add("obs", frame(adata.obsFrame()));
        out.add("var", frame(adata.varFrame()));
        out.add("uns", uns(adata.uns()));
        for (AxisArrays.Alignment a : AxisArrays.Alignment.values()) {
            JsonObject m = new JsonObject();
            new TreeMap<>(adata.arrays(a)).forEach((k, v) -> m.add(k, matrix(v)));
            out.add(a.field(), m);
        }
        return out;
    }

    static JsonObject matrix(Matrix matrix) {
        JsonObject out = new JsonObject();
        if (matrix instanceof SparseMatrix s) {
            out.addProperty("kind", s.format() == SparseMatrix.Format.CSR ? "csr" : "csc");
            out.addProperty("dtype", s.dtype().numpyName());
            out.add("shape", longs(s.shape()));
            out.add("data", numbers(s.values()));
            JsonArray indices = new JsonArray();
            for (int i : s.indices()) {
                indices.add(i);
            }
            out.add("indices", indices);
            out.add("indptr", longs(s.indptr()));
            return out;
        }
        DenseArray d = (DenseArray) matrix;
        out.addProperty("kind", "dense");
        out.addProperty("dtype", d.dtype().numpyName());
        out.add("shape", longs(d.shape()));
        out.add("values", numbers(d));
        return out;
    }

    private static JsonArray longs(long[] values) {
        JsonArray out = new JsonArray();
        for (long v : values) {
            out.add(v);
        }
        return out;
    }

    private static JsonArray numbers(DenseArray values) {
        JsonArray out = new JsonArray();
        for (int i = 0; i < values.size(); i++) {
            double v = values.getDouble(i);
            out.add(Double.isNaN(v) ? JsonNull.INSTANCE : new JsonPrimitive(v));
        }
        return out;
    }

    static JsonObject frame(Frame frame) {
        JsonObject out = new JsonObject();
        JsonArray index = new JsonArray();
        frame.index().forEach(index::add);
        out.add("index", index);
        out.add("index_name", frame.indexName() == null ? JsonNull.INSTANCE : new JsonPrimitive(frame.indexName()));
        JsonArray columns = new JsonArray();
        JsonObject values = new JsonObject();
        for (Column<?> column : frame.table().columns()) {
            columns.add(column.name());
            values.add(column.name(), column(frame, column));
        }
        out.add("columns", columns);
        out.add("values", values);
        return out;
    }

    private static JsonObject column(Frame frame, Column<?> column) {
        JsonObject out = new JsonObject();
        JsonArray values = new JsonArray();
        boolean missing = column.countMissing() > 0;
        switch (column) {
            case StringColumn s -> {
                Frame.Categories categories = frame.categoriesOf(s.name()).orElse(
                        missing ? new Frame.Categories(Frame.sortedCategories(s), false) : null);
                if (categories != null) {
                    out.addProperty("kind", "categorical");
                    JsonArray names = new JsonArray();
                    categories.categories().forEach(names::add);
                    out.add("categories", names);
                    out.addProperty("ordered", categories.ordered());
                    s.forEach(v -> values.add(v.isEmpty() ? JsonNull.INSTANCE : new JsonPrimitive(v)));
                } else {
                    out.addProperty("kind", "string");
                    s.forEach(values::add);
                }
            }
            case BooleanColumn b -> {
                out.addProperty("kind", missing ? "nullable-boolean" : "bool");
                for (int i = 0; i < b.size(); i++) {
                    values.add(b.isMissing(i) ? JsonNull.INSTANCE : new JsonPrimitive(b.get(i)));
                }
            }
            case LongColumn l -> integers(out, values, l, missing ? "nullable-Int64" : "int64", missing);
            case IntColumn l -> integers(out, values, l, missing ? "nullable-Int32" : "int32", missing);
            case ShortColumn l -> integers(out, values, l, "int16", missing);
            case FloatColumn f -> {
                out.addProperty("kind", "float32");
                for (int i = 0; i < f.size(); i++) {
                    values.add(f.isMissing(i) ? JsonNull.INSTANCE : new JsonPrimitive((double) f.getFloat(i)));
                }
            }
            case DoubleColumn f -> {
                out.addProperty("kind", "float64");
                for (int i = 0; i < f.size(); i++) {
                    values.add(f.isMissing(i) ? JsonNull.INSTANCE : new JsonPrimitive(f.getDouble(i)));
                }
            }
            default -> throw new AssertionError("unexpected column type " + column.type());
        }
        out.add("values", values);
        return out;
    }

    private static void integers(JsonObject out, JsonArray values, Column<?> column, String kind, boolean nullable) {
        out.addProperty("kind", kind);
        for (int i = 0; i < column.size(); i++) {
            Number v = (Number) column.get(i);
            values.add(column.isMissing(i) ? JsonNull.INSTANCE : nullable ? new JsonPrimitive(v.longValue()) : new JsonPrimitive(v.doubleValue()));
        }
    }

    @SuppressWarnings("unchecked")
    static JsonObject uns(Object value) {
        JsonObject out = new JsonObject();
        switch (value) {
            case Map<?, ?> map -> {
                out.addProperty("kind", "dict");
                JsonObject items = new JsonObject();
                new TreeMap<>((Map<String, Object>) map).forEach((k, v) -> items.add(k, uns(v)));
                out.add("items", items);
            }
            case String s -> {
                out.addProperty("kind", "str");
                out.addProperty("value", s);
            }
            case Boolean b -> {
                out.addProperty("kind", "bool");
                out.addProperty("value", b);
            }
            case Long l -> {
                out.addProperty("kind", "int");
                out.addProperty("value", l);
            }
            case Double d -> {
                out.addProperty("kind", "float");
                out.add("value", d.isNaN() ? JsonNull.INSTANCE : new JsonPrimitive(d));
            }
            case List<?> list -> {
                out.addProperty("kind", "strings");
                JsonArray values = new JsonArray();
                list.forEach(v -> values.add((String) v));
                out.add("values", values);
            }
            case Frame f -> {
                out.addProperty("kind", "dataframe");
                out.add("frame", frame(f));
            }
            case Matrix m -> {
                out.addProperty("kind", "array");
                out.add("matrix", matrix(m));
            }
            default -> throw new AssertionError("unexpected uns value " + value.getClass());
        }
        return out;
    }

    /** The path of the first difference between two summaries, or null when they are equal. */
    static String firstDifference(JsonElement expected, JsonElement actual, String at) {
        if (expected.isJsonObject() && actual.isJsonObject()) {
            JsonObject e = expected.getAsJsonObject();
            JsonObject a = actual.getAsJsonObject();
            for (String key : new java.util.TreeSet<>(union(e.keySet(), a.keySet()))) {
                if (!e.has(key) || !a.has(key)) {
                    return at + "." + key + ": present only in " + (e.has(key) ? "expected" : "actual");
                }
                String d = firstDifference(e.get(key), a.get(key), at + "." + key);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (expected.isJsonArray() && actual.isJsonArray()) {
            JsonArray e = expected.getAsJsonArray();
            JsonArray a = actual.getAsJsonArray();
            if (e.size() != a.size()) {
                return at + ": length " + e.size() + " != " + a.size();
            }
            for (int i = 0; i < e.size(); i++) {
                String d = firstDifference(e.get(i), a.get(i), at + "[" + i + "]");
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (expected.isJsonPrimitive() && actual.isJsonPrimitive() && expected.getAsJsonPrimitive().isNumber()
                && actual.getAsJsonPrimitive().isNumber()) {
            return expected.getAsDouble() == actual.getAsDouble() ? null : at + ": expected " + expected + ", got " + actual;
        }
        return expected.equals(actual) ? null : at + ": expected " + expected + ", got " + actual;
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return out;
    }
}
