package dev.sslheads.novae.module;

import dev.sslheads.anndata.AnnData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.columns.Column;

/**
 * novae's PCA initialisation of the gene embedding (spec §3.1, {@code CellEmbedder.pca_init}): which rows of
 * the {@code (V, E)} embedding to overwrite, and with what, from AnnData after {@code prepare_adatas}.
 *
 * <p>Every AnnData is restricted to its used genes ({@code var["novae_use_gene"]}); X is read as it is (log1p,
 * not standardised) as float32. The reference is the given AnnData or the first with the most used genes. With
 * {@code G_ref ≤ E} nothing is written and a warning is returned. Otherwise the E principal axes of the
 * reference's X ({@link PrincipalComponents}: exact, scikit-learn ≥ 1.5's sign rule) give
 * {@code embedding[vocab(g)] = components[:, g]} for each reference gene g. Then, for every other AnnData in
 * order, each used gene that is not a used gene of the reference copies the row of its nearest reference gene
 * among that AnnData's used genes, genes being the columns of its X (points in its cell space), Euclidean
 * distance in float64 (novae: scikit-learn's KD-tree, k=1; equal distances go to the first gene in var order
 * here); a later AnnData overwrites an earlier one's copy. Unlisted vocabulary rows keep their N(0, 1) values.
 *
 * <p>Cost: the exact decomposition is {@code O(G_ref³)} (about 2 s at 500 genes, 9 s at 1000, 80 s at 2000 on one
 * core), where scikit-learn ≥ 1.5 switches to its randomised solver from 1000 genes; the nearest-gene search is
 * brute force, {@code O(G_in · G_out · n)} per AnnData.
 */
public final class PcaInitialization {
    /** var column of the genes in use (written by prepare_adatas). */
    public static final String USE_GENE = "novae_use_gene";

    /**
     * @param rows embedding row (vocabulary index) → its new {@code E} float32 values (unmodifiable)
     * @param warnings what novae would log (the skip when the reference has too few genes)
     */
    public record Result(Map<Integer, float[]> rows, List<String> warnings) {}

    /** One AnnData restricted to its used genes: lower-cased names, vocabulary rows, dense X {@code (n, g)}. */
    private record Panel(int n, List<String> genes, int[] vocabularyRows, float[] x) {
        int g() {
            return genes.size();
        }
    }

    private PcaInitialization() {}

    /**
     * @param adatas AnnData after prepare_adatas: X present, {@code var["novae_use_gene"]} boolean
     * @param vocabulary lower-cased gene name → embedding row
     * @param embeddingSize E
     * @param referenceIndex the reference AnnData, or null for the first with the most used genes
     * @throws IllegalArgumentException naming the argument, the expected and the actual value: no AnnData, E < 1,
     *     a reference index out of range, no X or no use column, a used gene outside the vocabulary, fewer
     *     reference cells than E, an AnnData sharing no used gene with the reference while lacking some
     */
    public static Result rows(List<AnnData> adatas, Map<String, Integer> vocabulary, int embeddingSize, Integer referenceIndex) {
        if (adatas == null || adatas.isEmpty()) {
            throw new IllegalArgumentException("adatas must be a non-empty list of AnnData, got " + (adatas == null ? "null" : "[]"));
        }
        if (embeddingSize < 1) {
            throw new IllegalArgumentException("embeddingSize must be >= 1, got " + embeddingSize);
        }
        if (referenceIndex != null && (referenceIndex < 0 || referenceIndex >= adatas.size())) {
            throw new IllegalArgumentException("referenceIndex must be in [0, " + adatas.size() + "), got " + referenceIndex);
        }
        List<Panel> panels = new ArrayList<>();
        for (int a = 0; a < adatas.size(); a++) {
            panels.add(panel(adatas.get(a), a, vocabulary));
        }
        int r = referenceIndex != null ? referenceIndex : largest(panels);
        Panel reference = panels.get(r);
        if (reference.g() <= embeddingSize) {
            return new Result(Map.of(), List.of("PCA with " + embeddingSize + " components can not be run on shape (" + reference.n()
                    + ", " + reference.g() + ") of adatas[" + r + "]. To use PCA initialization, set a lower embedding_size (< "
                    + reference.g() + ")."));
        }
        if (reference.n() < embeddingSize) {
            throw new IllegalArgumentException("adatas[" + r + "] (the PCA reference) must have at least embeddingSize="
                    + embeddingSize + " cells, got " + reference.n());
        }
        Map<String, Integer> referencePosition = new HashMap<>();
        for (int j = 0; j < reference.g(); j++) {
            referencePosition.put(reference.genes().get(j), j);
        }
        List<int[]> inside = new ArrayList<>();
        for (int a = 0; a < panels.size(); a++) {
            inside.add(inside(panels.get(a), a, referencePosition));
        }
        double[][] components = PrincipalComponents.fit(reference.x(), reference.n(), reference.g(), embeddingSize);
        Map<Integer, float[]> rows = new LinkedHashMap<>();
        for (int j = 0; j < reference.g(); j++) {
            float[] row = new float[embeddingSize];
            for (int c = 0; c < embeddingSize; c++) {
                row[c] = (float) components[c][j];
            }
            rows.put(reference.vocabularyRows()[j], row);
        }
        for (int a = 0; a < panels.size(); a++) {
            copyNearest(panels.get(a), inside.get(a), rows);
        }
        return new Result(Collections.unmodifiableMap(rows), List.of());
    }

    private static Panel panel(AnnData adata, int a, Map<String, Integer> vocabulary) {
        if (adata.X() == null) {
            throw new IllegalArgumentException("adatas[" + a + "].X must hold the log1p expression, got None");
        }
        if (!adata.var().containsColumn(USE_GENE) || !(adata.var().column(USE_GENE) instanceof BooleanColumn)) {
            throw new IllegalArgumentException("adatas[" + a + "].var['" + USE_GENE + "'] must be a boolean column (run prepare_adatas"
                    + " first), got " + (adata.var().containsColumn(USE_GENE) ? adata.var().column(USE_GENE).type().name()
                    : "var columns " + adata.var().columnNames()));
        }
        Column<?> use = adata.var().column(USE_GENE);
        List<String> names = adata.varNames();
        List<String> genes = new ArrayList<>();
        List<Integer> columns = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
            if (Boolean.TRUE.equals(use.get(j))) {
                columns.add(j);
                genes.add(names.get(j).toLowerCase(Locale.ROOT));
            }
        }
        int[] rows = new int[genes.size()];
        for (int j = 0; j < rows.length; j++) {
            Integer row = vocabulary.get(genes.get(j));
            if (row == null) {
                throw new IllegalArgumentException("adatas[" + a + "]: used gene '" + names.get(columns.get(j))
                        + "' must be in the vocabulary (lower-cased), got no entry for '" + genes.get(j) + "'");
            }
            rows[j] = row;
        }
        int[] selected = columns.stream().mapToInt(Integer::intValue).toArray();
        return new Panel(adata.nObs(), List.copyOf(genes), rows, adata.X().selectColumns(selected).toFloatArray());
    }

    private static int largest(List<Panel> panels) {
        int best = 0;
        for (int a = 1; a < panels.size(); a++) {
            if (panels.get(a).g() > panels.get(best).g()) {
                best = a;
            }
        }
        return best;
    }

    /** For each used gene of the panel, its position among the reference's used genes, or -1. */
    private static int[] inside(Panel panel, int a, Map<String, Integer> referencePosition) {
        int[] at = panel.genes().stream().mapToInt(gene -> referencePosition.getOrDefault(gene, -1)).toArray();
        if (at.length > 0 && Arrays.stream(at).allMatch(p -> p < 0)) {
            throw new IllegalArgumentException("adatas[" + a + "] must share at least 1 used gene with the PCA reference to place its"
                    + " other genes, got none of its " + panel.g() + " used genes");
        }
        return at;
    }

    /** Copies, for each gene of the panel outside the reference, the row of its nearest gene inside it. */
    private static void copyNearest(Panel panel, int[] inside, Map<Integer, float[]> rows) {
        int[] in = IntStream.range(0, inside.length).filter(j -> inside[j] >= 0).toArray();
        if (in.length == inside.length) {
            return;
        }
        float[][] genes = columns(panel);
        for (int q = 0; q < inside.length; q++) {
            if (inside[q] >= 0) {
                continue;
            }
            int nearest = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int p : in) {
                double d = squaredDistance(genes[q], genes[p], best);
                if (d < best) {
                    best = d;
                    nearest = p;
                }
            }
            rows.put(panel.vocabularyRows()[q], rows.get(panel.vocabularyRows()[nearest]).clone());
        }
    }

    /** The panel's X by gene: {@code (g, n)}. */
    private static float[][] columns(Panel panel) {
        float[][] out = new float[panel.g()][panel.n()];
        for (int i = 0; i < panel.n(); i++) {
            for (int j = 0; j < panel.g(); j++) {
                out[j][i] = panel.x()[i * panel.g() + j];
            }
        }
        return out;
    }

    /** The squared distance in float64, or any value ≥ {@code bound} once the partial sum reaches it. */
    private static double squaredDistance(float[] a, float[] b, double bound) {
        double sum = 0;
        for (int i = 0; i < a.length && sum < bound; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }
}
