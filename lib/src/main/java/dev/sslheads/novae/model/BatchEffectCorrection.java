package dev.sslheads.novae.model;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.Frame;
import dev.sslheads.anndata.Matrix;
import dev.sslheads.novae.SpatialNeighbors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * novae's {@code batch_effect_correction} (spec §4.5): writes {@code obsm["novae_latent_corrected"]}
 * {@code (n_obs, O)} float32 into every AnnData, from {@code obsm["novae_latent"]} {@code (n_obs, O)} and the
 * domains {@code obs[obsKey]}.
 *
 * <p>A slide is one value of {@code obs["novae_sid"]} within one AnnData, in the order of the AnnData and then
 * of that column's categories (sorted values when it is not categorical); the same id in two AnnData names two
 * slides (novae fails there). The reference slide of domain D has the most cells of D, counting every cell
 * (valid or not) whose domain is not missing; ties go to the first slide in that order. Its centroid
 * {@code c_D} is the mean latent of its cells of D. For every other slide s, the valid cells I of s in D
 * (if any) are shifted by {@code c_D − mean(latent[I])}; reference slides, invalid cells and cells without a
 * domain keep their latent. Arithmetic follows numpy on float32 (means rounded to float32, then subtracted
 * and added in float32).
 *
 * <p>Fix of spec §6.2 item 3: the domains are the union of the domain values of every AnnData (categories
 * without cells change nothing), not novae's "all columns of the concatenated count table but the last",
 * which, when the AnnData carry different categories, skips a domain and treats the AnnData-index column as
 * one. The obs key needs no {@code novae_domains_} prefix (novae's function does not ask for one; choosing a
 * default key is the caller's business).
 */
public final class BatchEffectCorrection {
    /** obsm key written. */
    public static final String CORRECTED = "novae_latent_corrected";

    /** One AnnData's inputs: global slide index per cell, domain per cell (null when missing), validity, latent. */
    private record Cells(int[] slide, String[] domain, boolean[] valid, float[] latent, int slides) {}

    /** Per (slide, domain): the count and latent sum over every cell and over the valid ones; the shift of the valid ones. */
    private static final class Group {
        int all;
        int valid;
        final double[] allSum;
        final double[] validSum;
        float[] shift;

        Group(int width) {
            allSum = new double[width];
            validSum = new double[width];
        }
    }

    private BatchEffectCorrection() {}

    /**
     * Writes {@code obsm["novae_latent_corrected"]} into every AnnData; nothing is written when a check fails.
     *
     * @param adatas AnnData with {@code obs["novae_sid"]}, {@code obs["neighborhood_valid"]},
     *     {@code obs[obsKey]} (strings, missing = no domain) and {@code obsm["novae_latent"]} of one width
     * @param obsKey the domains column, e.g. {@code "novae_domains_7"}
     * @throws IllegalArgumentException naming the argument, the expected and the actual value: no AnnData, a
     *     missing or non-string column, a missing latent or one of another width, a slide without valid cells
     */
    public static void correct(List<AnnData> adatas, String obsKey) {
        if (adatas == null || adatas.isEmpty()) {
            throw new IllegalArgumentException("adatas must be a non-empty list of AnnData, got " + (adatas == null ? "null" : "[]"));
        }
        if (obsKey == null || obsKey.isEmpty()) {
            throw new IllegalArgumentException("obsKey must name the obs column of the domains, got "
                    + (obsKey == null ? "null" : "''"));
        }
        int width = -1;
        List<Cells> cells = new ArrayList<>();
        int slides = 0;
        for (int a = 0; a < adatas.size(); a++) {
            Matrix latent = latent(adatas.get(a), a);
            long columns = latent.shape()[1];
            if (width >= 0 && columns != width) {
                throw new IllegalArgumentException("adatas[" + a + "].obsm['" + Novae.LATENT + "'] must have " + width
                        + " columns like adatas[0], got " + columns);
            }
            width = (int) columns;
            Cells c = cells(adatas.get(a), a, obsKey, slides, latent);
            slides += c.slides();
            cells.add(c);
        }
        int o = width;
        Map<String, Group[]> groups = groups(cells, slides, o);
        groups.values().forEach(perSlide -> setShifts(perSlide, o));
        List<float[]> corrected = cells.stream().map(c -> shifted(c, groups, o)).toList();
        for (int a = 0; a < adatas.size(); a++) {
            adatas.get(a).obsm().put(CORRECTED, DenseArray.of(corrected.get(a), adatas.get(a).nObs(), o));
        }
    }

    private static Matrix latent(AnnData adata, int a) {
        if (!adata.obsm().containsKey(Novae.LATENT)) {
            throw new IllegalArgumentException("adatas[" + a + "].obsm['" + Novae.LATENT + "'] is missing: expected the"
                    + " representations of compute_representations, got obsm keys " + adata.obsm().keySet());
        }
        Matrix latent = adata.obsm().get(Novae.LATENT);
        if (latent.shape().length != 2) {
            throw new IllegalArgumentException("adatas[" + a + "].obsm['" + Novae.LATENT + "'] must be 2-D (n_obs, O), got shape "
                    + Arrays.toString(latent.shape()));
        }
        return latent;
    }

    /** The inputs of AnnData {@code a}; its slides get indices from {@code firstSlide} on, in table order. */
    private static Cells cells(AnnData adata, int a, String obsKey, int firstSlide, Matrix latent) {
        StringColumn sid = stringColumn(adata, a, SpatialNeighbors.SLIDE_ID, "the slide ids of spatial_neighbors");
        StringColumn domains = stringColumn(adata, a, obsKey, "the domains of assign_domains");
        Column<?> validColumn = column(adata, a, Novae.VALID, "the valid cells of compute_representations");
        if (!(validColumn instanceof BooleanColumn validFlags)) {
            throw new IllegalArgumentException("adatas[" + a + "].obs['" + Novae.VALID + "'] must be a boolean column, got "
                    + validColumn.type().name());
        }
        List<String> order = adata.obsFrame().categoriesOf(SpatialNeighbors.SLIDE_ID).map(Frame.Categories::categories)
                .orElse(Frame.sortedCategories(sid));
        Set<String> present = new HashSet<>(sid.asList());
        Map<String, Integer> local = new HashMap<>();
        for (String s : order) {
            if (present.contains(s)) {
                local.put(s, local.size());
            }
        }
        int n = adata.nObs();
        int[] slide = new int[n];
        String[] domain = new String[n];
        boolean[] valid = new boolean[n];
        int[] validPerSlide = new int[local.size()];
        for (int i = 0; i < n; i++) {
            if (sid.isMissing(i)) {
                throw new IllegalArgumentException("adatas[" + a + "].obs['" + SpatialNeighbors.SLIDE_ID + "'] must have no missing"
                        + " value, got one at row " + i);
            }
            int s = local.get(sid.get(i));
            slide[i] = firstSlide + s;
            domain[i] = domains.isMissing(i) ? null : domains.get(i);
            valid[i] = Boolean.TRUE.equals(validFlags.get(i));
            validPerSlide[s] += valid[i] ? 1 : 0;
        }
        for (Map.Entry<String, Integer> s : local.entrySet()) {
            if (validPerSlide[s.getValue()] == 0) {
                throw new IllegalArgumentException("adatas[" + a + "]: slide '" + s.getKey() + "' must have at least 1 valid cell"
                        + " (obs['" + Novae.VALID + "']), got 0");
            }
        }
        return new Cells(slide, domain, valid, latent.toFloatArray(), local.size());
    }

    private static StringColumn stringColumn(AnnData adata, int a, String name, String expected) {
        Column<?> column = column(adata, a, name, expected);
        if (!(column instanceof StringColumn strings)) {
            throw new IllegalArgumentException("adatas[" + a + "].obs['" + name + "'] must be a string (categorical) column, got "
                    + column.type().name());
        }
        return strings;
    }

    private static Column<?> column(AnnData adata, int a, String name, String expected) {
        Table obs = adata.obs();
        if (!obs.containsColumn(name)) {
            throw new IllegalArgumentException("adatas[" + a + "].obs['" + name + "'] is missing: expected " + expected
                    + ", got obs columns " + obs.columnNames());
        }
        return obs.column(name);
    }

    /** Per domain (first appearance), per global slide index: the cell counts and latent sums. */
    private static Map<String, Group[]> groups(List<Cells> cells, int slides, int width) {
        Map<String, Group[]> groups = new LinkedHashMap<>();
        for (Cells c : cells) {
            for (int i = 0; i < c.slide().length; i++) {
                if (c.domain()[i] == null) {
                    continue;
                }
                Group[] perSlide = groups.computeIfAbsent(c.domain()[i], d -> new Group[slides]);
                Group g = perSlide[c.slide()[i]];
                if (g == null) {
                    g = perSlide[c.slide()[i]] = new Group(width);
                }
                g.all++;
                g.valid += c.valid()[i] ? 1 : 0;
                for (int o = 0; o < width; o++) {
                    g.allSum[o] += c.latent()[i * width + o];
                    if (c.valid()[i]) {
                        g.validSum[o] += c.latent()[i * width + o];
                    }
                }
            }
        }
        return groups;
    }

    /** Sets the shift of every non-reference slide with valid cells of the domain: {@code c_D − mean(latent[I])} in float32. */
    private static void setShifts(Group[] perSlide, int width) {
        int ref = -1;
        for (int s = 0; s < perSlide.length; s++) {
            if (perSlide[s] != null && (ref < 0 || perSlide[s].all > perSlide[ref].all)) {
                ref = s;
            }
        }
        for (int s = 0; s < perSlide.length; s++) {
            Group g = perSlide[s];
            if (s == ref || g == null || g.valid == 0) {
                continue;
            }
            g.shift = new float[width];
            for (int o = 0; o < width; o++) {
                g.shift[o] = (float) (perSlide[ref].allSum[o] / perSlide[ref].all) - (float) (g.validSum[o] / g.valid);
            }
        }
    }

    /** The corrected latent of one AnnData, row-major. */
    private static float[] shifted(Cells c, Map<String, Group[]> groups, int width) {
        float[] out = c.latent().clone();
        for (int i = 0; i < c.slide().length; i++) {
            if (c.domain()[i] == null || !c.valid()[i]) {
                continue;
            }
            float[] shift = groups.get(c.domain()[i])[c.slide()[i]].shift;
            for (int o = 0; shift != null && o < width; o++) {
                out[i * width + o] += shift[o];
            }
        }
        return out;
    }
}
