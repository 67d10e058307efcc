package dev.sslheads.novae.data;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.Concat;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.Frame;
import dev.sslheads.anndata.SparseMatrix;
import dev.sslheads.novae.SpatialNeighbors;
import dev.sslheads.preprocessing.AnnDataPreprocessing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * novae's {@code toy_dataset}: concentric ring domains on a disc of grid cells, with counts drawn
 * from exponentials whose means add a domain, a panel and a slide shift, one AnnData per gene
 * panel. The generative model, the draw order and every shape follow novae (spec §1.6); the
 * random stream is this port's ({@link SplittableRandom} seeded by {@link ToySettings#seed()}),
 * so values differ from novae's while their distribution is the same. Coordinates are float64
 * (novae's are int64 grid points).
 */
public final class ToyDataset {
    private static final List<String> GENE_NAMES = loadGeneNames();

    private ToyDataset() {}

    /**
     * One AnnData per panel: {@code layers["counts"]} the counts (float64), {@code X} their
     * {@code normalize_total} + {@code log1p} (float32), obs {@code domain} and {@code slide_key}
     * (categorical), obsm {@code spatial}.
     */
    public static List<AnnData> generate(ToySettings s) {
        double[][] grid = grid(s.xmax(), s.step());
        int nObs = grid.length;
        String[] domain = new String[nObs];
        String[] merged = new String[nObs];
        int[] ring = new int[nObs];
        for (int i = 0; i < nObs; i++) {
            double r = Math.sqrt(grid[i][0] * grid[i][0] + grid[i][1] * grid[i][1]);
            ring[i] = (int) Math.floor(r / ((double) s.xmax() / s.nDomains() + 1e-8));
            domain[i] = "domain_" + ring[i];
            merged[i] = "domain_" + Math.min(ring[i], s.nDomains() - 2);
        }
        List<String> genes = geneNames(s.nVars());
        SplittableRandom random = new SplittableRandom(s.seed());
        double[][] domainShift = exponentials(random, s.domainShiftLambda(), s.nDomains(), s.nVars());
        List<AnnData> panels = new ArrayList<>();
        for (int p = 0; p < s.nPanels(); p++) {
            double[] panelShift = exponentials(random, s.panelShiftLambda(), 1, s.nVars())[0];
            List<AnnData> slides = new ArrayList<>();
            for (int sl = 0; sl < s.nSlidesPerPanel(); sl++) {
                double[] slideShift = exponentials(random, s.slideShiftLambda(), 1, s.nVars())[0];
                boolean merge = s.mergeLastDomainEvenSlide() && sl % 2 == 0;
                String[] labels = merge ? merged : domain;
                double[] x = new double[nObs * s.nVars()];
                for (int d = 0; d < s.nDomains(); d++) {
                    String label = "domain_" + d;
                    for (int i = 0; i < nObs; i++) {
                        if (labels[i].equals(label)) {
                            for (int g = 0; g < s.nVars(); g++) {
                                double mean = domainShift[d][g] + slideShift[g] + panelShift[g];
                                x[i * s.nVars() + g] = Math.floor(mean * random.nextExponential());
                            }
                        }
                    }
                }
                AnnData slide = slide(grid, labels, x, genes, p, sl, s);
                if (s.nDrop() > 0) {
                    slide = slide.selectVars(choiceWithoutReplacement(random, s.nVars(), s.nVars() - s.nDrop() - p));
                }
                int keep = nObs - 1 - p - sl;
                int[] rows = new int[Math.max(keep, 0)];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = i;
                }
                slides.add(slide.selectObs(rows));
            }
            AnnData panel = Concat.concat(slides, null, null, null);
            if (s.computeSpatialNeighbors()) {
                SpatialNeighbors.compute(List.of(panel), SpatialNeighbors.Options.DEFAULTS.withSlideKey("slide_key"));
                for (String key : List.of("spatial_connectivities", "spatial_distances")) {
                    panel.obsp().put(key, withoutEdgesOf((SparseMatrix) panel.obsp().get(key), 3));
                }
            }
            panel.layers().put("counts", panel.X().copy());
            AnnDataPreprocessing.normalizeTotal(panel, null);
            AnnDataPreprocessing.log1p(panel, null);
            panels.add(panel);
        }
        return panels;
    }

    private static AnnData slide(double[][] grid, String[] labels, double[] x, List<String> genes, int p, int s, ToySettings settings) {
        int n = grid.length;
        List<String> names = new ArrayList<>(n);
        double[] spatial = new double[2 * n];
        for (int i = 0; i < n; i++) {
            names.add("c_" + p + "_" + s + "_" + i);
            spatial[2 * i] = grid[i][0] + p + s;
            spatial[2 * i + 1] = grid[i][1] + p + s;
        }
        String slideKey = settings.slideIdsUnique() ? "slide_" + p + "_" + s : "slide_" + s;
        Table obs = Table.create("obs", StringColumn.create("domain", labels), StringColumn.create("slide_key", java.util.Collections.nCopies(n, slideKey)));
        Frame obsFrame = new Frame(obs, names, null);
        obsFrame.setCategorical("domain", Frame.sortedCategories(obs.stringColumn("domain")), false);
        obsFrame.setCategorical("slide_key", List.of(slideKey), false);
        AnnData adata = new AnnData(DenseArray.of(x, n, genes.size()), obsFrame, new Frame(Table.create("var"), genes, null));
        adata.obsm().put("spatial", DenseArray.of(spatial, n, 2));
        return adata;
    }

    /** {@code m} without any edge from or to {@code cell} (novae's toy cuts cell 3 off to have an invalid cell). */
    private static SparseMatrix withoutEdgesOf(SparseMatrix m, int cell) {
        long[] ptr = new long[m.rows() + 1];
        int[] idx = new int[m.nnz()];
        DenseArray values = DenseArray.zeros(m.dtype(), m.nnz());
        int at = 0;
        for (int i = 0; i < m.rows(); i++) {
            for (long k = m.indptr()[i]; k < m.indptr()[i + 1]; k++) {
                int j = m.indices()[(int) k];
                if (i != cell && j != cell) {
                    idx[at] = j;
                    values.setDouble(at++, m.values().getDouble((int) k));
                }
            }
            ptr[i + 1] = at;
        }
        DenseArray kept = DenseArray.zeros(m.dtype(), at);
        System.arraycopy(values.storage(), 0, kept.storage(), 0, at);
        return new SparseMatrix(SparseMatrix.Format.CSR, m.rows(), m.cols(), ptr, java.util.Arrays.copyOf(idx, at), kept);
    }

    /** numpy's {@code mgrid[-xmax:xmax:step, -xmax:xmax:step]} points (x-major) inside the disc of radius xmax. */
    static double[][] grid(int xmax, int step) {
        List<double[]> points = new ArrayList<>();
        for (int x = -xmax; x < xmax; x += step) {
            for (int y = -xmax; y < xmax; y += step) {
                if ((long) x * x + (long) y * y <= (long) xmax * xmax) {
                    points.add(new double[] {x, y});
                }
            }
        }
        return points.toArray(double[][]::new);
    }

    private static double[][] exponentials(SplittableRandom random, double mean, int rows, int cols) {
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r][c] = mean * random.nextExponential();
            }
        }
        return out;
    }

    /** numpy's {@code choice(n, size, replace=False)}: the first {@code size} of a random permutation. */
    static int[] choiceWithoutReplacement(SplittableRandom random, int n, int size) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, size);
    }

    /** The first {@code n} of novae's 500 toy gene symbols, or {@code g0 ... g{n-1}} when {@code n > 500}. */
    static List<String> geneNames(int n) {
        if (n <= GENE_NAMES.size()) {
            return GENE_NAMES.subList(0, n);
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add("g" + i);
        }
        return out;
    }

    private static List<String> loadGeneNames() {
        var in = ToyDataset.class.getResourceAsStream("/dev/sslheads/novae/toy_gene_names.txt");
        if (in == null) {
            throw new IllegalStateException("missing resource dev/sslheads/novae/toy_gene_names.txt");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
