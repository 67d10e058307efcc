package dev.sslheads.anndata;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Reads a plain CSV of cells, one row per cell, into an {@link AnnData}: the coordinate columns
 * become {@code obsm["spatial"]} (float64, {@code (n_obs, 2)}), the slide column (if named and
 * present) a categorical obs column of the same name, an optional cell-id column the obs names
 * (else "0", "1", ...), every other numeric column a gene of {@code X} (float32, dense, in file
 * order) and every other non-numeric column an obs column. Parsing and type inference are
 * Tablesaw's CSV reader's.
 */
public final class CellsCsv {
    /**
     * @param x column of the x coordinate
     * @param y column of the y coordinate
     * @param slide column of the slide id (null: none)
     * @param cellId column of the cell names (null: "0", "1", ...)
     */
    public record Options(String x, String y, String slide, String cellId) {
        /** Columns {@code x}, {@code y}, {@code slide}; no cell ids. */
        public static final Options DEFAULT = new Options("x", "y", "slide", null);
    }

    private CellsCsv() {}

    /**
     * @throws FileNotFoundException if the file does not exist
     * @throws IllegalArgumentException naming the file and the column when a coordinate column is
     *     missing or not numeric, or no gene column remains
     */
    public static AnnData read(Path path, Options options) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new FileNotFoundException(path + " does not exist or is not a regular file");
        }
        Table table = Table.read().csv(CsvReadOptions.builder(path.toFile()).maxNumberOfColumns(100_000).build());
        double[] xs = coordinate(table, options.x(), path);
        double[] ys = coordinate(table, options.y(), path);
        int n = table.rowCount();
        double[] spatial = new double[2 * n];
        for (int i = 0; i < n; i++) {
            spatial[2 * i] = xs[i];
            spatial[2 * i + 1] = ys[i];
        }
        List<String> cellNames = cellNames(table, options.cellId(), path);
        Table obs = Table.create("obs");
        List<NumericColumn<?>> genes = new ArrayList<>();
        for (Column<?> column : table.columns()) {
            String name = column.name();
            if (name.equals(options.x()) || name.equals(options.y()) || name.equals(options.cellId())) {
                continue;
            }
            if (name.equals(options.slide())) {
                obs.addColumns(column.asStringColumn().setName(name));
            } else if (column instanceof NumericColumn<?> numeric) {
                genes.add(numeric);
            } else {
                obs.addColumns(column);
            }
        }
        if (genes.isEmpty()) {
            throw new IllegalArgumentException(path + ": no numeric gene column besides the coordinates; columns are "
                    + table.columnNames());
        }
        float[] x = new float[n * genes.size()];
        for (int g = 0; g < genes.size(); g++) {
            NumericColumn<?> gene = genes.get(g);
            for (int i = 0; i < n; i++) {
                x[i * genes.size() + g] = gene.isMissing(i) ? Float.NaN : (float) gene.getDouble(i);
            }
        }
        Frame obsFrame = new Frame(obs, cellNames, options.cellId());
        if (options.slide() != null && obs.containsColumn(options.slide())) {
            obsFrame.setCategorical(options.slide(), Frame.sortedCategories(obs.stringColumn(options.slide())), false);
        }
        Frame var = new Frame(Table.create("var"), genes.stream().map(Column::name).toList(), null);
        AnnData adata = new AnnData(DenseArray.of(x, n, genes.size()), obsFrame, var);
        adata.obsm().put("spatial", DenseArray.of(spatial, n, 2));
        return adata;
    }

    private static double[] coordinate(Table table, String name, Path path) {
        if (name == null || !table.containsColumn(name)) {
            throw new IllegalArgumentException(path + ": coordinate column '" + name + "' is missing; columns are " + table.columnNames());
        }
        if (!(table.column(name) instanceof NumericColumn<?> column)) {
            throw new IllegalArgumentException(path + ": coordinate column '" + name + "' must be numeric, got "
                    + table.column(name).type().name());
        }
        if (column.countMissing() > 0) {
            throw new IllegalArgumentException(path + ": coordinate column '" + name + "' has " + column.countMissing() + " empty cells");
        }
        return column.asDoubleArray();
    }

    private static List<String> cellNames(Table table, String cellId, Path path) {
        if (cellId == null) {
            return Frame.withDefaultIndex(table.rowCount()).index();
        }
        if (!table.containsColumn(cellId)) {
            throw new IllegalArgumentException(path + ": cell-id column '" + cellId + "' is missing; columns are " + table.columnNames());
        }
        StringColumn names = table.column(cellId).asStringColumn();
        return names.asList();
    }
}
