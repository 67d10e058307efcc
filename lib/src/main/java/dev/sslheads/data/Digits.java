package dev.sslheads.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The UCI optical handwritten digits as shipped by scikit-learn (1797 images of 8x8 pixels with
 * values 0-16, and their labels 0-9), bundled with the library as {@code digits.csv.gz}.
 *
 * @param pixels {@code (1797, 64)} row-major pixel values
 * @param labels the digit of each image
 */
public record Digits(float[][] pixels, int[] labels) {
    public static final int FEATURES = 64;
    private static final String RESOURCE = "/dev/sslheads/data/digits.csv.gz";

    /** Reads the bundled data set. */
    public static Digits load() {
        try (InputStream raw = Digits.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("missing bundled resource " + RESOURCE);
            }
            Table table = Table.read().csv(CsvReadOptions.builder(new GZIPInputStream(raw)).header(false).build());
            int rows = table.rowCount();
            float[][] pixels = new float[rows][FEATURES];
            int[] labels = new int[rows];
            for (int c = 0; c < FEATURES; c++) {
                tech.tablesaw.api.NumericColumn<?> column = table.numberColumn(c);
                for (int r = 0; r < rows; r++) {
                    pixels[r][c] = (float) column.getDouble(r);
                }
            }
            tech.tablesaw.api.NumericColumn<?> labelColumn = table.numberColumn(FEATURES);
            for (int r = 0; r < rows; r++) {
                labels[r] = (int) labelColumn.getDouble(r);
            }
            return new Digits(pixels, labels);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public int size() {
        return labels.length;
    }
}
