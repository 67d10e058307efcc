package dev.sslheads.novae.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.Matrix;
import dev.sslheads.cluster.KMeans;
import dev.sslheads.cluster.KMeansResult;
import dev.sslheads.metrics.ClusteringScores;
import dev.sslheads.ndarray.OwnedArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.columns.Column;

/**
 * Two training-free baselines for spatial domains over several panels, to set a model's domains
 * against: k-means with {@code nDomains} clusters (a) on the expression and (b) on the
 * neighbour-averaged expression, both restricted to the genes every panel has (names compared exactly,
 * in the first panel's order), on {@code X} as stored (log1p-normalised for novae's data).
 *
 * <p>The neighbour average of a cell is the mean of its own shared-gene row and those of its
 * {@value #NEIGHBOURS} nearest cells of the same slide ({@code obsm["spatial"]}), 11 rows, so a cell
 * counts in its own neighbourhood as it does in novae's local subgraph.
 *
 * <p>Each baseline clusters the cells of all panels pooled (one labelling, as one model trained on all
 * panels gives) and, for comparison with per-panel figures, each panel alone. k-means is the project's
 * {@link KMeans} (float32, on the CPU) with scikit-learn 1.2's default {@code n_init=10}: seeds 0 to 9,
 * the fit of lowest inertia kept (the earliest on ties). Scores are scikit-learn's ARI and NMI
 * ({@link ClusteringScores}) against the true domains, every cell counted.
 */
public final class DomainBaselines {
    /** Nearest cells averaged with each cell. */
    public static final int NEIGHBOURS = 10;
    /** k-means restarts (seeds 0 to N_INIT - 1). */
    public static final int N_INIT = 10;

    private DomainBaselines() {}

    /** Adjusted Rand index and normalized mutual information of a labelling against the true domains. */
    public record Scores(double ari, double nmi) {}

    /**
     * One baseline's outcome.
     *
     * @param labels (sum of n_obs) the pooled labelling, cells of panel 0 first, then panel 1, ...
     * @param pooled scores of {@code labels} over all cells
     * @param perPanel scores of {@code labels} restricted to each panel's cells
     * @param fittedPerPanel scores of k-means fitted on each panel alone
     */
    public record Baseline(int[] labels, Scores pooled, List<Scores> perPanel, List<Scores> fittedPerPanel) {}

    /**
     * @param sharedGenes the genes used, in the first panel's order
     * @param expression k-means on the shared-gene expression
     * @param neighbourhood k-means on its neighbour average
     */
    public record Result(List<String> sharedGenes, Baseline expression, Baseline neighbourhood) {}

    /**
     * Runs both baselines.
     *
     * @param panels AnnData with {@code X}, {@code obsm["spatial"]} (n_obs, 2) and the obs columns named here
     * @param domainKey obs column of the true domains (compared as strings)
     * @param slideKey obs column of the slides, or null when each AnnData is one slide
     * @param nDomains clusters, >= 1 and at most each panel's n_obs
     * @throws IllegalArgumentException on a missing column or field, too few cells, or no shared gene
     */
    public static Result evaluate(List<AnnData> panels, String domainKey, String slideKey, int nDomains) {
        check(panels, domainKey, slideKey, nDomains);
        List<String> shared = sharedGenes(panels);
        int width = shared.size();
        List<int[]> truth = codes(panels, domainKey);
        List<float[]> expression = new ArrayList<>();
        List<float[]> smoothed = new ArrayList<>();
        for (AnnData panel : panels) {
            float[] x = panel.X().selectColumns(columns(panel, shared)).toFloatArray();
            expression.add(x);
            double[] xy = panel.obsm().get("spatial").toDoubleArray();
            smoothed.add(NeighbourMeans.of(x, width, xy, slides(panel, slideKey), NEIGHBOURS));
        }
        return new Result(List.copyOf(shared), baseline(expression, truth, width, nDomains),
                baseline(smoothed, truth, width, nDomains));
    }

    /**
     * A model's embedding scored like the baselines: k-means with {@code nDomains} clusters on the rows of
     * {@code obsm[obsmKey]} (n_obs, d) of every panel pooled, e.g. novae's {@code novae_latent}.
     *
     * @throws IllegalArgumentException on a missing column or embedding, or widths that differ between panels
     */
    public static Baseline onEmbedding(List<AnnData> panels, String domainKey, String obsmKey, int nDomains) {
        check(panels, domainKey, null, nDomains);
        List<float[]> rows = new ArrayList<>();
        long width = -1;
        for (int p = 0; p < panels.size(); p++) {
            AnnData panel = panels.get(p);
            Matrix embedding = panel.obsm().containsKey(obsmKey) ? panel.obsm().get(obsmKey) : null;
            long[] shape = embedding == null ? null : embedding.shape();
            if (shape == null || shape.length != 2 || shape[0] != panel.nObs() || (width >= 0 && shape[1] != width)) {
                throw new IllegalArgumentException("panels[" + p + "] must have obsm['" + obsmKey + "'] of shape (" + panel.nObs()
                        + ", " + (width >= 0 ? width : "d") + "), got " + (shape == null ? "none" : Arrays.toString(shape)));
            }
            width = shape[1];
            rows.add(embedding.toFloatArray());
        }
        return baseline(rows, codes(panels, domainKey), (int) width, nDomains);
    }

    /**
     * An existing labelling {@code obs[labelKey]} (e.g. a model's domains; a missing value counts as one more
     * label) scored over the cells of all panels pooled.
     *
     * @throws IllegalArgumentException on a missing column
     */
    public static Scores ofLabels(List<AnnData> panels, String domainKey, String labelKey) {
        check(panels, domainKey, labelKey, 1);
        return scores(pooled(codes(panels, domainKey)), pooled(codes(panels, labelKey)));
    }

    private static Baseline baseline(List<float[]> features, List<int[]> truth, int width, int k) {
        int total = truth.stream().mapToInt(t -> t.length).sum();
        float[] pooledFeatures = new float[total * width];
        int at = 0;
        for (int p = 0; p < truth.size(); p++) {
            System.arraycopy(features.get(p), 0, pooledFeatures, at * width, features.get(p).length);
            at += truth.get(p).length;
        }
        int[] labels = kMeans(pooledFeatures, width, k);
        List<Scores> perPanel = new ArrayList<>();
        List<Scores> fitted = new ArrayList<>();
        at = 0;
        for (int p = 0; p < truth.size(); p++) {
            int n = truth.get(p).length;
            perPanel.add(scores(truth.get(p), Arrays.copyOfRange(labels, at, at + n)));
            fitted.add(scores(truth.get(p), kMeans(features.get(p), width, k)));
            at += n;
        }
        return new Baseline(labels, scores(pooled(truth), labels), List.copyOf(perPanel), List.copyOf(fitted));
    }

    /** Each panel's {@code obs[key]} as integer codes (n_obs), one code per distinct string over all panels. */
    private static List<int[]> codes(List<AnnData> panels, String key) {
        Map<String, Integer> codes = new HashMap<>();
        return panels.stream().map(panel -> encode(panel.obs().column(key), codes)).toList();
    }

    /** The panels' codes one after the other. */
    private static int[] pooled(List<int[]> perPanel) {
        int[] out = new int[perPanel.stream().mapToInt(c -> c.length).sum()];
        int at = 0;
        for (int[] codes : perPanel) {
            System.arraycopy(codes, 0, out, at, codes.length);
            at += codes.length;
        }
        return out;
    }

    private static Scores scores(int[] truth, int[] labels) {
        return new Scores(ClusteringScores.adjustedRandIndex(truth, labels), ClusteringScores.normalizedMutualInfo(truth, labels));
    }

    /** The labels (n) of the lowest-inertia fit over seeds 0 to N_INIT - 1 of the rows of {@code rows} (n, width). */
    static int[] kMeans(float[] rows, int width, int k) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = OwnedArrays.of(manager, rows, new Shape(rows.length / width, width));
            long[] best = null;
            double bestInertia = Double.POSITIVE_INFINITY;
            for (int seed = 0; seed < N_INIT; seed++) {
                try (KMeansResult fit = new KMeans(k, seed).fit(x)) {
                    if (fit.inertia() < bestInertia) {
                        bestInertia = fit.inertia();
                        best = fit.labels().toLongArray();
                    }
                }
            }
            int[] labels = new int[best.length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = (int) best[i];
            }
            return labels;
        }
    }

    /** Integer codes of a column's values (as strings), shared across panels through {@code codes}. */
    private static int[] encode(Column<?> column, Map<String, Integer> codes) {
        int[] out = new int[column.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = codes.computeIfAbsent(column.getString(i), key -> codes.size());
        }
        return out;
    }

    private static String[] slides(AnnData panel, String slideKey) {
        String[] out = new String[panel.nObs()];
        Column<?> column = slideKey == null ? null : panel.obs().column(slideKey);
        for (int i = 0; i < out.length; i++) {
            out[i] = column == null ? "" : column.getString(i);
        }
        return out;
    }

    private static List<String> sharedGenes(List<AnnData> panels) {
        List<String> shared = new ArrayList<>(panels.get(0).varNames());
        for (AnnData panel : panels.subList(1, panels.size())) {
            Set<String> names = new HashSet<>(panel.varNames());
            shared.removeIf(g -> !names.contains(g));
        }
        if (shared.isEmpty()) {
            throw new IllegalArgumentException("panels must share at least one gene, got none in common");
        }
        return shared;
    }

    private static int[] columns(AnnData panel, List<String> genes) {
        Map<String, Integer> position = new HashMap<>();
        List<String> names = panel.varNames();
        for (int j = names.size() - 1; j >= 0; j--) {
            position.put(names.get(j), j);
        }
        return genes.stream().mapToInt(position::get).toArray();
    }

    private static void check(List<AnnData> panels, String domainKey, String slideKey, int nDomains) {
        if (panels == null || panels.isEmpty()) {
            throw new IllegalArgumentException("panels must hold at least one AnnData, got " + (panels == null ? "null" : "none"));
        }
        if (nDomains < 1) {
            throw new IllegalArgumentException("nDomains must be >= 1, got " + nDomains);
        }
        for (int p = 0; p < panels.size(); p++) {
            AnnData panel = panels.get(p);
            String where = "panels[" + p + "]";
            if (panel.X() == null) {
                throw new IllegalArgumentException(where + " must have X, got none");
            }
            for (String key : slideKey == null ? List.of(domainKey) : List.of(domainKey, slideKey)) {
                if (!panel.obs().containsColumn(key)) {
                    throw new IllegalArgumentException(where + " must have obs column '" + key + "', got columns "
                            + panel.obs().columnNames());
                }
            }
            Matrix spatial = panel.obsm().containsKey("spatial") ? panel.obsm().get("spatial") : null;
            long[] shape = spatial == null ? null : spatial.shape();
            if (shape == null || shape.length != 2 || shape[1] != 2) {
                throw new IllegalArgumentException(where + " must have obsm['spatial'] of shape (n_obs, 2), got "
                        + (shape == null ? "none" : Arrays.toString(shape)));
            }
            if (panel.nObs() < nDomains) {
                throw new IllegalArgumentException(where + " must have at least nDomains=" + nDomains + " cells, got "
                        + panel.nObs());
            }
        }
    }
}
