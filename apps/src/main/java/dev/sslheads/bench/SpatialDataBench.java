package dev.sslheads.bench;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.h5ad.H5adReader;
import dev.sslheads.anndata.h5ad.H5adWriter;
import dev.sslheads.novae.SpatialNeighbors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Java side of {@code scripts/reference/bench_spatial_data.py} ({@code scripts/sslheads bench
 * spatial}), which times Python's anndata on the same files in the same run and prints the ratios.
 * One JSON line per command on stdout:
 * <ul>
 *   <li>{@code read FILE REPS}: {@code H5adReader.read} of FILE, one warm-up then REPS timed;
 *   <li>{@code write FILE OUT REPS}: reads FILE once, then REPS timed {@code H5adWriter.write} to OUT;
 *   <li>{@code neighbors FILE REPS}: novae's {@code spatial_neighbors(slide_key="slide", radius=80)}
 *       (Delaunay per slide), one warm-up then REPS timed;
 *   <li>{@code rss FILE}: one read in a fresh JVM, after loading the HDF5 library and the reading
 *       code on a tiny file; resident memory before it and its peak ({@code VmHWM}), to compare
 *       with the matrix's decompressed size.
 * </ul>
 */
public final class SpatialDataBench {
    private SpatialDataBench() {}

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "read" -> {
                Path file = Path.of(args[1]);
                int reps = Integer.parseInt(args[2]);
                H5adReader.read(file);
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < reps; i++) {
                    long t = System.nanoTime();
                    H5adReader.read(file);
                    ms.add((System.nanoTime() - t) / 1e6);
                }
                System.out.println(row("read", file, ms));
            }
            case "write" -> {
                Path file = Path.of(args[1]);
                Path out = Path.of(args[2]);
                int reps = Integer.parseInt(args[3]);
                AnnData adata = H5adReader.read(file);
                H5adWriter.write(adata, out);
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < reps; i++) {
                    long t = System.nanoTime();
                    H5adWriter.write(adata, out);
                    ms.add((System.nanoTime() - t) / 1e6);
                }
                System.out.println(row("write", file, ms));
            }
            case "rss" -> {
                Path file = Path.of(args[1]);
                warmUp();
                long before = statusKb("VmRSS");
                AnnData adata = H5adReader.read(file);
                long peak = statusKb("VmHWM");
                System.out.println(String.format(Locale.ROOT, "{\"op\": \"rss\", \"file\": \"%s\", \"rss_before_mb\": %.1f,"
                        + " \"peak_mb\": %.1f, \"growth_mb\": %.1f, \"n_obs\": %d}", file.getFileName(), before / 1024.0,
                        peak / 1024.0, (peak - before) / 1024.0, adata.nObs()));
            }
            case "neighbors" -> {
                Path file = Path.of(args[1]);
                int reps = Integer.parseInt(args[2]);
                AnnData adata = H5adReader.read(file);
                SpatialNeighbors.Options options = SpatialNeighbors.Options.DEFAULTS.withSlideKey("slide").withRadius(0, 80);
                SpatialNeighbors.compute(List.of(adata), options);
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < reps; i++) {
                    long t = System.nanoTime();
                    SpatialNeighbors.compute(List.of(adata), options);
                    ms.add((System.nanoTime() - t) / 1e6);
                }
                System.out.println(row("neighbors", file, ms).replace("}", ", \"edges\": "
                        + ((dev.sslheads.anndata.SparseMatrix) adata.obsp().get("spatial_distances")).nnz() + "}"));
            }
            default -> throw new IllegalArgumentException("command must be read, write, rss or neighbors, got " + args[0]);
        }
    }

    /** Loads the HDF5 library and runs the read path once on a tiny file, so the measured read holds only its data. */
    private static void warmUp() throws IOException {
        Path tiny = Files.createTempFile("sslheads-warmup", ".h5ad");
        try {
            H5adWriter.write(AnnData.of(dev.sslheads.anndata.SparseMatrix.csr(2, 2, new long[] {0, 1, 2}, new int[] {0, 1},
                    new float[] {1, 2})), tiny);
            H5adReader.read(tiny);
        } finally {
            Files.deleteIfExists(tiny);
        }
        System.gc();
    }

    private static String row(String op, Path file, List<Double> ms) {
        List<Double> sorted = ms.stream().sorted().toList();
        double median = sorted.get(sorted.size() / 2);
        return String.format(Locale.ROOT, "{\"op\": \"%s\", \"file\": \"%s\", \"median_ms\": %.1f, \"min_ms\": %.1f, \"reps\": %d}",
                op, file.getFileName(), median, sorted.get(0), ms.size());
    }

    /** A {@code /proc/self/status} field in kB. */
    static long statusKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/self/status");
    }
}
