package dev.sslheads.anndata.h5ad;

import dev.sslheads.anndata.DType;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.Frame;
import dev.sslheads.anndata.hdf5.H5Dataset;
import dev.sslheads.anndata.hdf5.H5Group;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Reads an anndata {@code dataframe} group into a {@link Frame}. Column types map to Tablesaw as:
 * strings and categoricals to {@link StringColumn} (categories registered on the frame; a missing
 * value, code -1, is ""), bool to {@link BooleanColumn}, int8/int16/uint8 to {@link ShortColumn},
 * int32/uint16 to {@link IntColumn}, int64/uint32/uint64 to {@link LongColumn}, float32 to
 * {@link FloatColumn}, float64 to {@link DoubleColumn}; {@code nullable-integer},
 * {@code nullable-boolean} and {@code nullable-string-array} columns become the same columns with
 * missing values; anndata 0.7's categoricals (codes whose {@code categories} attribute is an object
 * reference to {@code __categories/<column>}) are read too. The index may be a string array, a
 * numeric array (its text) or a {@code nullable-string-array} group.
 */
final class FrameReader {
    private final Path path;
    private final ElementReader elements;

    FrameReader(Path path, ElementReader elements) {
        this.path = path;
        this.elements = elements;
    }

    Frame read(H5Group group, String field) throws IOException {
        String encoding = ElementReader.encodingOf(group);
        if (!encoding.isEmpty() && !encoding.equals(Encoding.DATAFRAME.type)) {
            throw elements.problem(field, "must be a dataframe, got encoding-type '" + encoding + "'");
        }
        String indexKey = group.stringAttribute("_index").orElse("_index");
        if (!group.has(indexKey)) {
            throw elements.problem(field, "has no index '" + indexKey + "' (named by its _index attribute)");
        }
        List<String> index = readIndex(group, indexKey, field);
        List<String> order = group.hasAttribute("column-order") ? group.stringsAttribute("column-order") : null;
        if (order == null) {
            order = new ArrayList<>(group.children());
            order.remove(indexKey);
            order.remove("__categories");
        }
        Table table = Table.create(field);
        Map<String, Frame.Categories> categorical = new LinkedHashMap<>();
        for (String name : order) {
            if (!group.has(name)) {
                throw elements.problem(field, "column-order names '" + name + "', which the dataframe does not hold");
            }
            Column<?> column = readColumn(group, name, field + "/" + name, categorical);
            if (column.size() != index.size()) {
                throw elements.problem(field, "column '" + name + "' has " + column.size() + " values but the index has " + index.size());
            }
            table.addColumns(column);
        }
        Frame frame = new Frame(table, index, indexKey.equals("_index") ? null : indexKey);
        categorical.forEach((name, c) -> frame.setCategorical(name, c.categories(), c.ordered()));
        return frame;
    }

    private List<String> readIndex(H5Group group, String key, String field) throws IOException {
        if (group.isGroup(key)) {
            try (H5Group nullable = group.group(key)) {
                return maskedStrings(nullable, field + "/" + key);
            }
        }
        try (H5Dataset dataset = group.dataset(key)) {
            return ElementReader.readStringsOrNumbers(dataset);
        }
    }

    private Column<?> readColumn(H5Group frame, String name, String field, Map<String, Frame.Categories> categorical)
            throws IOException {
        if (!frame.isGroup(name)) {
            try (H5Dataset dataset = frame.dataset(name)) {
                if (dataset.hasAttribute("categories")) {
                    return legacyCategorical(name, dataset, field, categorical);
                }
                if (dataset.isString()) {
                    return StringColumn.create(name, dataset.readStrings());
                }
                if (dataset.shape().length != 1) {
                    throw elements.problem(field, "a dataframe column must be 1-D, got shape " + Arrays.toString(dataset.shape()));
                }
                return numericColumn(name, dataset.readArray(), null);
            }
        }
        try (H5Group group = frame.group(name)) {
            String encoding = ElementReader.encodingOf(group);
            if (encoding.equals(Encoding.CATEGORICAL.type)) {
                return categoricalColumn(name, group, field, categorical);
            }
            if (encoding.equals(Encoding.NULLABLE_INTEGER.type) || encoding.equals(Encoding.NULLABLE_BOOLEAN.type)) {
                try (H5Dataset values = group.dataset("values"); H5Dataset mask = group.dataset("mask")) {
                    return numericColumn(name, values.readArray(), mask.readArray());
                }
            }
            if (encoding.equals(Encoding.NULLABLE_STRING_ARRAY.type)) {
                return StringColumn.create(name, maskedStrings(group, field));
            }
            throw elements.problem(field, "dataframe column encoding '" + encoding + "' is not supported");
        }
    }

    private List<String> maskedStrings(H5Group group, String field) throws IOException {
        String[] values;
        try (H5Dataset dataset = group.dataset("values")) {
            values = dataset.readStrings();
        }
        try (H5Dataset dataset = group.dataset("mask")) {
            DenseArray mask = dataset.readArray();
            if (mask.size() != values.length) {
                throw elements.problem(field, "mask has " + mask.size() + " entries for " + values.length + " values");
            }
            for (int i = 0; i < values.length; i++) {
                if (mask.getLong(i) != 0) {
                    values[i] = "";
                }
            }
        }
        return Arrays.asList(values);
    }

    private Column<?> categoricalColumn(String name, H5Group group, String field, Map<String, Frame.Categories> categorical)
            throws IOException {
        List<String> categories;
        try (H5Dataset dataset = group.dataset("categories")) {
            categories = ElementReader.readStringsOrNumbers(dataset);
        }
        boolean ordered = group.hasAttribute("ordered") && group.boolAttribute("ordered");
        DenseArray codes;
        try (H5Dataset dataset = group.dataset("codes")) {
            codes = dataset.readArray();
        }
        return decodedColumn(name, codes, categories, ordered, field, categorical);
    }

    /** anndata 0.7's categorical: a codes dataset whose {@code categories} attribute references {@code __categories/<name>}. */
    private Column<?> legacyCategorical(String name, H5Dataset codes, String field, Map<String, Frame.Categories> categorical)
            throws IOException {
        List<String> categories;
        try (H5Dataset dataset = codes.referencedDataset("categories")) {
            categories = ElementReader.readStringsOrNumbers(dataset);
        }
        boolean ordered = codes.hasAttribute("ordered") && codes.boolAttribute("ordered");
        return decodedColumn(name, codes.readArray(), categories, ordered, field, categorical);
    }

    private Column<?> decodedColumn(String name, DenseArray codes, List<String> categories, boolean ordered, String field,
                                    Map<String, Frame.Categories> categorical) throws IOException {
        String[] values = new String[codes.size()];
        for (int i = 0; i < values.length; i++) {
            long code = codes.getLong(i);
            if (code < -1 || code >= categories.size()) {
                throw elements.problem(field, "code " + code + " at row " + i + " is outside the " + categories.size() + " categories");
            }
            values[i] = code < 0 ? "" : categories.get((int) code);
        }
        categorical.put(name, new Frame.Categories(categories, ordered));
        return StringColumn.create(name, values);
    }

    /** A Tablesaw column for a 1-D numeric or bool array; rows where {@code mask} is nonzero are missing. */
    static Column<?> numericColumn(String name, DenseArray values, DenseArray mask) {
        int n = values.size();
        DType dtype = values.dtype();
        Column<?> column = switch (dtype) {
            case BOOL -> {
                BooleanColumn c = BooleanColumn.create(name, n);
                for (int i = 0; i < n; i++) {
                    c.set(i, values.getLong(i) != 0);
                }
                yield c;
            }
            case INT8, INT16, UINT8 -> {
                short[] shorts = new short[n];
                for (int i = 0; i < n; i++) {
                    shorts[i] = (short) values.getLong(i);
                }
                yield ShortColumn.create(name, shorts);
            }
            case INT32, UINT16 -> {
                int[] ints = new int[n];
                for (int i = 0; i < n; i++) {
                    ints[i] = (int) values.getLong(i);
                }
                yield IntColumn.create(name, ints);
            }
            case INT64, UINT32, UINT64 -> {
                long[] longs = new long[n];
                for (int i = 0; i < n; i++) {
                    longs[i] = values.getLong(i);
                }
                yield LongColumn.create(name, longs);
            }
            case FLOAT32 -> FloatColumn.create(name, values.toFloatArray());
            case FLOAT64 -> DoubleColumn.create(name, values.toDoubleArray());
        };
        if (mask != null) {
            for (int i = 0; i < n; i++) {
                if (mask.getLong(i) != 0) {
                    column.setMissing(i);
                }
            }
        }
        return column;
    }
}
