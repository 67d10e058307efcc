package dev.sslheads.anndata.h5ad;

import dev.sslheads.anndata.DType;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.Frame;
import dev.sslheads.anndata.hdf5.Compression;
import dev.sslheads.anndata.hdf5.H5Dataset;
import dev.sslheads.anndata.hdf5.H5Group;
import dev.sslheads.anndata.hdf5.H5Object;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/**
 * Writes a {@link Frame} as an anndata {@code dataframe} 0.2.0 group, the way anndata 0.8 does:
 * a string-array index, a {@code column-order} attribute, and per column: a categorical for a
 * string column with categories (registered on the frame, or, like anndata's
 * {@code strings_to_categoricals}, its sorted distinct values when it has fewer of them than
 * rows, as any column with a missing value has), else a string array; bool columns as h5py's ENUM bools; integer columns as int16/int32/
 * int64 arrays, or {@code nullable-integer} / {@code nullable-boolean} groups when values are
 * missing; float columns as float32/float64 arrays (missing = NaN).
 */
final class FrameWriter {
    private final Compression compression;

    FrameWriter(Compression compression) {
        this.compression = compression;
    }

    void write(H5Group parent, String name, Frame frame, String field) throws IOException {
        String indexKey = frame.indexName() == null ? "_index" : frame.indexName();
        List<String> columns = frame.table().columnNames();
        if (columns.contains(indexKey)) {
            throw new IllegalArgumentException(field + " column '" + indexKey + "' has the name of the index; rename one of them");
        }
        try (H5Group group = parent.createGroup(name)) {
            group.writeEncoding(Encoding.DATAFRAME.type, Encoding.DATAFRAME.version);
            group.writeStringAttribute("_index", indexKey);
            group.writeStringsAttribute("column-order", columns);
            try (H5Dataset index = group.writeStrings(indexKey, frame.index().toArray(String[]::new))) {
                encode(index, Encoding.STRING_ARRAY);
            }
            for (Column<?> column : frame.table().columns()) {
                if (column.name().contains("/")) {
                    throw new IllegalArgumentException(field + " column name '" + column.name() + "' must not contain '/'");
                }
                writeColumn(group, column, frame, field + "/" + column.name());
            }
        }
    }

    private void writeColumn(H5Group group, Column<?> column, Frame frame, String field) throws IOException {
        String name = column.name();
        switch (column) {
            case StringColumn strings -> writeStrings(group, strings, frame);
            case BooleanColumn bools -> writeMaybeNullable(group, name, bools, Encoding.NULLABLE_BOOLEAN);
            case ShortColumn shorts -> writeMaybeNullable(group, name, shorts, Encoding.NULLABLE_INTEGER);
            case IntColumn ints -> writeMaybeNullable(group, name, ints, Encoding.NULLABLE_INTEGER);
            case LongColumn longs -> writeMaybeNullable(group, name, longs, Encoding.NULLABLE_INTEGER);
            case FloatColumn floats -> writeArray(group, name, DenseArray.of(floats.asFloatArray(), floats.size()));
            case DoubleColumn doubles -> writeArray(group, name, DenseArray.of(doubles.asDoubleArray(), doubles.size()));
            default -> throw new IllegalArgumentException(field + " has Tablesaw type " + column.type().name()
                    + "; .h5ad columns must be string, boolean, short, int, long, float or double");
        }
    }

    private void writeStrings(H5Group group, StringColumn column, Frame frame) throws IOException {
        Frame.Categories categories = frame.categoriesOf(column.name()).orElse(null);
        if (categories == null) {
            List<String> distinct = Frame.sortedCategories(column);
            if (distinct.size() < column.size()) {
                categories = new Frame.Categories(distinct, false);
            }
        }
        if (categories == null) {
            try (H5Dataset dataset = group.writeStrings(column.name(), column.asObjectArray())) {
                encode(dataset, Encoding.STRING_ARRAY);
            }
            return;
        }
        writeCategorical(group, column, categories);
    }

    private void writeCategorical(H5Group group, StringColumn column, Frame.Categories categories) throws IOException {
        List<String> order = categories.categories();
        Map<String, Integer> code = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            code.put(order.get(i), i);
        }
        DType codeType = order.size() < Byte.MAX_VALUE ? DType.INT8 : order.size() < Short.MAX_VALUE ? DType.INT16 : DType.INT32;
        DenseArray codes = DenseArray.zeros(codeType, column.size());
        for (int i = 0; i < column.size(); i++) {
            String value = column.get(i);
            codes.setLong(i, value.isEmpty() ? -1 : code.get(value));
        }
        try (H5Group categorical = group.createGroup(column.name())) {
            categorical.writeEncoding(Encoding.CATEGORICAL.type, Encoding.CATEGORICAL.version);
            categorical.writeBoolAttribute("ordered", categories.ordered());
            writeArray(categorical, "codes", codes);
            try (H5Dataset dataset = categorical.writeStrings("categories", order.toArray(String[]::new))) {
                encode(dataset, Encoding.STRING_ARRAY);
            }
        }
    }

    private void writeMaybeNullable(H5Group group, String name, Column<?> column, Encoding nullable) throws IOException {
        DenseArray values = values(column);
        if (column.countMissing() == 0) {
            writeArray(group, name, values);
            return;
        }
        boolean[] mask = new boolean[column.size()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = column.isMissing(i);
            if (mask[i]) {
                values.setLong(i, 0);
            }
        }
        try (H5Group masked = group.createGroup(name)) {
            masked.writeEncoding(nullable.type, nullable.version);
            writeArray(masked, "values", values);
            writeArray(masked, "mask", DenseArray.of(mask, mask.length));
        }
    }

    private static DenseArray values(Column<?> column) {
        int n = column.size();
        return switch (column) {
            case BooleanColumn b -> {
                DenseArray out = DenseArray.zeros(DType.BOOL, n);
                for (int i = 0; i < n; i++) {
                    out.setLong(i, b.isMissing(i) ? 0 : (b.get(i) ? 1 : 0));
                }
                yield out;
            }
            case ShortColumn s -> {
                DenseArray out = DenseArray.zeros(DType.INT16, n);
                for (int i = 0; i < n; i++) {
                    out.setLong(i, s.getShort(i));
                }
                yield out;
            }
            case IntColumn c -> DenseArray.of(c.asIntArray(), n);
            case LongColumn c -> DenseArray.of(c.asLongArray(), n);
            default -> throw new IllegalStateException("not an integer or bool column: " + column.type());
        };
    }

    private void writeArray(H5Group group, String name, DenseArray values) throws IOException {
        try (H5Dataset dataset = group.writeArray(name, values, compression)) {
            encode(dataset, Encoding.ARRAY);
        }
    }

    static void encode(H5Object element, Encoding encoding) throws IOException {
        element.writeEncoding(encoding.type, encoding.version);
    }
}
