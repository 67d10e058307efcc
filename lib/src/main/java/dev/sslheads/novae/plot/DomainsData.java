package dev.sslheads.novae.plot;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.novae.SpatialNeighbors;
import dev.sslheads.novae.model.Novae;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The domains of one or more AnnData as the domain plots read them: the domains column, its categories (the sorted
 * union over all AnnData, as novae sorts them), their colours, and the slides (each AnnData's {@code obs["novae_sid"]}
 * values in order of first appearance) with their cells and display names.
 *
 * @param obsKey the domains column
 * @param colours category to colour, categories sorted
 * @param slides every slide of every AnnData, AnnData by AnnData
 */
record DomainsData(String obsKey, Map<String, java.awt.Color> colours, List<Slide> slides) {

    /**
     * One slide.
     *
     * @param name its {@code slide_name_key} value, or its {@code novae_sid}
     * @param adata the AnnData holding it
     * @param rows its cells' rows in {@code adata}
     * @param domains each cell's domain, null when missing (invalid cells)
     */
    record Slide(String name, AnnData adata, int[] rows, String[] domains) {}

    /**
     * Reads and checks the columns.
     *
     * @param obsKey a column starting with {@code novae_domains_}, or null for the last such column of the first AnnData
     *     (the latest written; novae takes an arbitrary available one)
     * @param slideNameKey an obs column constant within each slide, or null for {@code novae_sid}
     * @throws IllegalArgumentException naming the argument: no AnnData, no domains column, a key not starting with
     *     {@code novae_domains_}, a missing column, {@code novae_sid} missing, or a slide name not constant per slide
     */
    static DomainsData of(List<AnnData> adatas, String obsKey, String slideNameKey) {
        if (adatas == null || adatas.isEmpty()) {
            throw new IllegalArgumentException("adata must be one AnnData or a non-empty list, got " + (adatas == null ? "None" : "[]"));
        }
        String key = obsKey != null ? obsKey : defaultKey(adatas.get(0));
        if (!key.startsWith(Novae.DOMAINS_PREFIX)) {
            throw new IllegalArgumentException("obs_key must start with '" + Novae.DOMAINS_PREFIX + "', got '" + key + "'");
        }
        TreeSet<String> categories = new TreeSet<>();
        List<Slide> slides = new ArrayList<>();
        for (int a = 0; a < adatas.size(); a++) {
            AnnData adata = adatas.get(a);
            Column<?> domains = column(adata, a, key, "run assign_domains first");
            Column<?> sids = column(adata, a, SpatialNeighbors.SLIDE_ID, "run novae.spatial_neighbors first");
            Column<?> names = slideNameKey == null ? sids : column(adata, a, slideNameKey, "give an existing slide_name_key");
            Map<String, List<Integer>> rows = new LinkedHashMap<>();
            for (int i = 0; i < adata.nObs(); i++) {
                rows.computeIfAbsent(sids.getString(i), s -> new ArrayList<>()).add(i);
            }
            for (Map.Entry<String, List<Integer>> entry : rows.entrySet()) {
                int[] cells = entry.getValue().stream().mapToInt(Integer::intValue).toArray();
                String[] labels = new String[cells.length];
                for (int c = 0; c < cells.length; c++) {
                    labels[c] = domains.isMissing(cells[c]) ? null : domains.getString(cells[c]);
                    if (labels[c] != null && labels[c].isEmpty()) {
                        labels[c] = null;
                    }
                    if (labels[c] != null) {
                        categories.add(labels[c]);
                    }
                }
                slides.add(new Slide(slideName(names, cells, slideNameKey, entry.getKey(), a), adata, cells, labels));
            }
        }
        return new DomainsData(key, Palette.of(List.copyOf(categories)), slides);
    }

    private static String defaultKey(AnnData adata) {
        String last = null;
        for (String name : adata.obs().columnNames()) {
            if (name.startsWith(Novae.DOMAINS_PREFIX)) {
                last = name;
            }
        }
        if (last == null) {
            throw new IllegalArgumentException("obs_key is None and adata.obs has no '" + Novae.DOMAINS_PREFIX
                    + "*' column: run assign_domains first or give obs_key");
        }
        return last;
    }

    private static Column<?> column(AnnData adata, int a, String name, String hint) {
        Table obs = adata.obs();
        if (!obs.containsColumn(name)) {
            throw new IllegalArgumentException("adata[" + a + "].obs has no column '" + name + "': " + hint);
        }
        return obs.column(name);
    }

    private static String slideName(Column<?> names, int[] cells, String slideNameKey, String sid, int a) {
        String first = names.getString(cells[0]);
        for (int cell : cells) {
            if (!names.getString(cell).equals(first)) {
                throw new IllegalArgumentException("slide_name_key '" + slideNameKey + "' must be constant within each slide;"
                        + " slide '" + sid + "' of adata[" + a + "] has '" + first + "' and '" + names.getString(cell) + "'");
            }
        }
        return first;
    }
}
