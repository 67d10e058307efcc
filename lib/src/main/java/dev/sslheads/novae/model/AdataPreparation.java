package dev.sslheads.novae.model;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.novae.module.PcaInitialization;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.Matrix;
import dev.sslheads.anndata.SparseMatrix;
import dev.sslheads.novae.SpatialNeighbors;
import dev.sslheads.novae.data.PreparedAnnData;
import dev.sslheads.preprocessing.AnnDataPreprocessing;
import dev.sslheads.preprocessing.HvgOptions;
import dev.sslheads.preprocessing.HvgResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * novae's {@code prepare_adatas} (spec §1.7, §2.2): checks, auto-preprocessing of counts, highly variable
 * genes, known genes and the used genes ({@code var["novae_use_gene"]} = HVG ∧ known). Every check runs and
 * every result is computed before the first AnnData is changed, so an error leaves all of them as they were.
 * Without a vocabulary the model's is the union of the used genes, lower-cased, in order of first
 * appearance (novae: Python set order, which differs between processes).
 */
final class AdataPreparation {
    static final int MIN_GENES = 20;
    static final int MIN_GENES_FOR_HVG = 100;
    static final int N_HVG_THRESHOLD = 500;
    static final String HIGHLY_VARIABLE = "highly_variable";
    static final String IN_VOCABULARY = "in_vocabulary";
    static final String COUNTS_LAYER = "counts";

    /** The prepared AnnData, the vocabulary (the given one, or the union of used genes) and the warnings. */
    record Result(List<String> vocabulary, List<int[]> usedColumns, List<String> warnings) {}

    /** What will be written to one AnnData once every AnnData passed its checks. */
    private record Plan(AnnData adata, Matrix preprocessedX, Matrix counts, HvgResult hvg, boolean[] known, boolean[] use) {}

    private AdataPreparation() {}

    /**
     * @param vocabulary the model's genes, or null to take the union of the used genes
     * @param autoPreprocessing novae's {@code settings.auto_preprocessing}
     */
    static Result prepare(List<AnnData> adatas, List<String> vocabulary, boolean autoPreprocessing, double scaleToMicrons) {
        if (adatas == null || adatas.isEmpty()) {
            throw new IllegalArgumentException("adata must be an AnnData or a non-empty list of AnnData, got "
                    + (adatas == null ? "None" : "an empty list"));
        }
        List<String> warnings = new ArrayList<>();
        for (int a = 0; a < adatas.size(); a++) {
            checkGraph(adatas.get(a), a);
        }
        distanceWarning(adatas, scaleToMicrons, warnings);
        Set<String> known = vocabulary == null ? null : new LinkedHashSet<>(lower(vocabulary));
        List<Plan> plans = new ArrayList<>();
        boolean multiPanel = adatas.size() == 1 || isMultiPanel(adatas);
        for (int a = 0; a < adatas.size(); a++) {
            plans.add(plan(adatas.get(a), a, known, autoPreprocessing, multiPanel, warnings));
        }
        if (autoPreprocessing && !multiPanel) {
            plans = sharedPanelHvg(plans, warnings);
        }
        List<int[]> used = new ArrayList<>();
        Set<String> union = new LinkedHashSet<>();
        for (int a = 0; a < plans.size(); a++) {
            Plan plan = plans.get(a);
            int[] columns = indicesOf(plan.use());
            if (columns.length < MIN_GENES) {
                throw new IllegalArgumentException("adata " + a + ": too few genes (" + columns.length + ") are both known by the model"
                        + " and highly variable; novae needs at least " + MIN_GENES);
            }
            used.add(columns);
            List<String> names = plan.adata().varNames();
            for (int c : columns) {
                union.add(names.get(c).toLowerCase(Locale.ROOT));
            }
        }
        plans.forEach(AdataPreparation::write);
        return new Result(vocabulary == null ? List.copyOf(union) : lower(vocabulary), used, warnings);
    }

    private static void checkGraph(AnnData adata, int a) {
        if (!adata.obsp().containsKey(PreparedAnnData.DISTANCES) || !adata.obs().containsColumn(SpatialNeighbors.SLIDE_ID)) {
            throw new IllegalArgumentException("adata " + a + " has no obsp['" + PreparedAnnData.DISTANCES + "'] or obs['"
                    + SpatialNeighbors.SLIDE_ID + "']: run novae.spatial_neighbors first");
        }
        if (adata.X() == null) {
            throw new IllegalArgumentException("adata " + a + ": X is None; novae needs expression in X");
        }
    }

    /** {min, max, row of the first NaN} over the stored values (NaN min when one is NaN). */
    private static double[] minMax(Matrix x) {
        DenseArray values = x instanceof SparseMatrix s ? s.values() : (DenseArray) x;
        int rowLength = x instanceof SparseMatrix ? 1 : Math.max(1, values.rowLength());
        double min = x instanceof SparseMatrix s && (long) s.nnz() < (long) s.rows() * s.cols() ? 0 : Double.POSITIVE_INFINITY;
        double max = min == 0 ? 0 : Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.size(); i++) {
            double v = values.getDouble(i);
            if (Double.isNaN(v)) {
                long row = x instanceof SparseMatrix s ? rowOfEntry(s, i) : i / rowLength;
                return new double[] {Double.NaN, Double.NaN, row};
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new double[] {min, max, -1};
    }

    private static long rowOfEntry(SparseMatrix s, int entry) {
        int row = Arrays.binarySearch(s.indptr(), entry);
        if (row < 0) {
            return -row - 2;
        }
        while (row + 1 < s.indptr().length && s.indptr()[row + 1] == entry) {
            row++;
        }
        return row;
    }

    private static void distanceWarning(List<AnnData> adatas, double scale, List<String> warnings) {
        double sum = 0;
        for (AnnData adata : adatas) {
            double[] d = ((SparseMatrix) adata.obsp().get(PreparedAnnData.DISTANCES)).values().toDoubleArray();
            Arrays.sort(d);
            double median = d.length == 0 ? Double.NaN : d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
            sum += median * scale;
        }
        double mean = sum / adatas.size();
        if (mean > 60) {
            warnings.add(String.format(Locale.ROOT, "The average median distance between neighboring cells seems high (%.2f). If your"
                    + " coordinates are not in microns, set novae.settings.scale_to_microns to the conversion factor to microns.", mean));
        }
    }

    private static Plan plan(AnnData adata, int a, Set<String> vocabulary, boolean autoPreprocessing, boolean ownHvg,
                             List<String> warnings) {
        double[] range = minMax(adata.X());
        if (Double.isNaN(range[0])) {
            throw new IllegalArgumentException("adata " + a + ": X holds NaN values (row " + (long) range[2] + "); novae needs finite expression");
        }
        if (range[0] < 0) {
            warnings.add("Found some negative values in adata.X. We recommended having unscaled data (raw counts or log1p)");
        }
        AnnData work = null;
        Matrix counts = null;
        if (autoPreprocessing && range[1] >= 10) {
            if (Math.rint(range[1]) == range[1]) {
                counts = adata.X().copy();
                work = AnnData.of(adata.X().copy(), adata.obsNames(), adata.varNames());
                AnnDataPreprocessing.normalizeTotal(work, null);
                AnnDataPreprocessing.log1p(work, null);
                if (minMax(work.X())[1] >= 10) {
                    throw new IllegalArgumentException("after normalize_total and log1p, X should be in log scale with a max < 10");
                }
            } else {
                warnings.add("adata.X has high values. We recommend processing the data before running the model"
                        + " (e.g., with sc.pp.normalize_total and sc.pp.log1p).");
            }
        }
        Matrix x = work == null ? adata.X() : work.X();
        HvgResult hvg = autoPreprocessing && ownHvg ? hvg(adata, x, warnings) : null;
        boolean[] known = vocabulary == null ? null : knownGenes(adata, vocabulary, warnings);
        return new Plan(adata, work == null ? null : x, counts, hvg, known, use(adata, hvg, known));
    }

    /** scanpy's seurat HVG as novae calls it; null when the column exists or there are too few genes. */
    private static HvgResult hvg(AnnData adata, Matrix x, List<String> warnings) {
        if (adata.var().containsColumn(HIGHLY_VARIABLE) || adata.nVars() <= MIN_GENES_FOR_HVG) {
            return null;
        }
        AnnData work = AnnData.of(x, adata.obsNames(), adata.varNames());
        work.uns().putAll(adata.uns());
        HvgResult result = AnnDataPreprocessing.highlyVariableGenes(work, HvgOptions.defaults());
        int n = result.count();
        if (n < MIN_GENES) {
            warnings.add("Only " + n + " highly variable genes were found.");
        }
        if (n < N_HVG_THRESHOLD && n < adata.nVars() / 2) {
            result = AnnDataPreprocessing.highlyVariableGenes(work, HvgOptions.defaults().withNTopGenes(adata.nVars() / 2));
        }
        return result;
    }

    /** One panel in several AnnData: HVG once over their concatenation (novae), every gene kept at ≤ 100 genes. */
    private static List<Plan> sharedPanelHvg(List<Plan> plans, List<String> warnings) {
        AnnData first = plans.get(0).adata();
        if (plans.stream().anyMatch(p -> !p.adata().varNames().equals(first.varNames()))) {
            throw new IllegalArgumentException("the AnnData share one panel but their gene names differ in case or order: "
                    + "use the same var_names in every AnnData");
        }
        if (plans.stream().allMatch(p -> p.adata().var().containsColumn(HIGHLY_VARIABLE))) {
            return plans;
        }
        boolean[] flags = new boolean[first.nVars()];
        if (first.nVars() <= MIN_GENES_FOR_HVG) {
            Arrays.fill(flags, true);
        } else {
            List<Matrix> parts = plans.stream().map(p -> p.preprocessedX() == null ? p.adata().X() : p.preprocessedX()).toList();
            Matrix all = concatRows(parts);
            flags = hvg(AnnData.of(all), all, warnings).highlyVariable();
        }
        List<Plan> updated = new ArrayList<>();
        for (Plan p : plans) {
            HvgResult shared = new HvgResult(flags.clone(), null, null, null);
            updated.add(new Plan(p.adata(), p.preprocessedX(), p.counts(), shared, p.known(), use(p.adata(), shared, p.known())));
        }
        return updated;
    }

    private static Matrix concatRows(List<Matrix> parts) {
        if (parts.stream().allMatch(m -> m instanceof SparseMatrix)) {
            return SparseMatrix.concatRows(parts.stream().map(m -> ((SparseMatrix) m).toFormat(SparseMatrix.Format.CSR)).toList());
        }
        return DenseArray.concatRows(parts.stream().map(m -> m instanceof SparseMatrix s ? s.toDense() : (DenseArray) m).toList());
    }

    private static boolean[] knownGenes(AnnData adata, Set<String> vocabulary, List<String> warnings) {
        List<String> names = adata.varNames();
        boolean[] known = new boolean[names.size()];
        int n = 0;
        for (int j = 0; j < known.length; j++) {
            known[j] = vocabulary.contains(names.get(j).toLowerCase(Locale.ROOT));
            n += known[j] ? 1 : 0;
        }
        if (n < MIN_GENES) {
            throw new IllegalArgumentException("too few genes (" + n + ") of the AnnData are known by the model; novae needs at least " + MIN_GENES);
        }
        if (n < 0.5 * known.length && n < 100) {
            warnings.add("Only " + n + " genes are known/used by the model.");
        }
        return known;
    }

    /** {@code highly_variable ∧ in_vocabulary}, each true when absent. */
    private static boolean[] use(AnnData adata, HvgResult hvg, boolean[] known) {
        boolean[] use = new boolean[adata.nVars()];
        Column<?> existing = adata.var().containsColumn(HIGHLY_VARIABLE) ? adata.var().column(HIGHLY_VARIABLE) : null;
        for (int j = 0; j < use.length; j++) {
            boolean variable = hvg != null ? hvg.highlyVariable()[j] : existing == null || Boolean.TRUE.equals(existing.get(j));
            use[j] = variable && (known == null || known[j]);
        }
        return use;
    }

    private static void write(Plan plan) {
        AnnData adata = plan.adata();
        if (plan.preprocessedX() != null) {
            adata.layers().put(COUNTS_LAYER, plan.counts());
            adata.setX(plan.preprocessedX());
            adata.uns().put("log1p", new java.util.LinkedHashMap<String, Object>());
        }
        Table var = adata.var();
        if (plan.hvg() != null) {
            replace(var, BooleanColumn.create(HIGHLY_VARIABLE, plan.hvg().highlyVariable()));
        }
        if (plan.known() != null) {
            replace(var, BooleanColumn.create(IN_VOCABULARY, plan.known()));
        }
        replace(var, BooleanColumn.create(PcaInitialization.USE_GENE, plan.use()));
    }

    /** Adds {@code column} to {@code table}, replacing a column of the same name. */
    static void replace(Table table, Column<?> column) {
        if (table.containsColumn(column.name())) {
            table.replaceColumn(column.name(), column);
        } else {
            table.addColumns(column);
        }
    }

    private static boolean isMultiPanel(List<AnnData> adatas) {
        List<String> first = lower(adatas.get(0).varNames()).stream().sorted().toList();
        return adatas.stream().skip(1).anyMatch(a -> !lower(a.varNames()).stream().sorted().toList().equals(first));
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }

    private static int[] indicesOf(boolean[] flags) {
        return java.util.stream.IntStream.range(0, flags.length).filter(j -> flags[j]).toArray();
    }
}
