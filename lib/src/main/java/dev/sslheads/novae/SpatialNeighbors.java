package dev.sslheads.novae;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.Frame;
import dev.sslheads.anndata.Matrix;
import dev.sslheads.anndata.SparseMatrix;
import dev.sslheads.spatial.NeighborSettings;
import dev.sslheads.spatial.SlideGraph;
import dev.sslheads.spatial.SlideGraphs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/**
 * novae's {@code spatial_neighbors} (spec §1.1) on AnnData: slide ids in {@code obs["novae_sid"]},
 * one graph per slide (no edges across slides), {@code obsp["spatial_connectivities"]} and
 * {@code obsp["spatial_distances"]} (CSR float64), {@code uns["spatial_neighbors"]} and novae's sanity
 * checks. Every graph is built and checked before anything is written, so an error leaves the
 * AnnData as it was. Differences from novae, each because anndata 0.8 or the JVM needs it: parameters that are
 * None are left out of {@code uns["spatial_neighbors"]["params"]} (anndata 0.8 cannot write None);
 * without {@code slide_key} each AnnData's slide id is its identity hash in hex (novae: Python's
 * {@code id(adata)}).
 */
public final class SpatialNeighbors {
    /** The column novae keeps slide ids in. */
    public static final String SLIDE_ID = "novae_sid";
    /** The obsp key of the graph's distances (CSR float64). */
    public static final String DISTANCES = "spatial_distances";
    private static final double CELLS_RATIO_WARNING = 8;
    private static final double MEAN_NEIGHBOURS_WARNING = 3.5;

    /** novae's keyword arguments; null means novae's default. */
    public record Options(String slideKey, double[] radius, String technology, String coordType, Integer nNeighs, Boolean delaunay,
                          int nRings, Double percentile, boolean setDiag, boolean resetSlideIds, boolean verbose) {
        /** Every argument at novae's default. */
        public static final Options DEFAULTS = new Options(null, null, null, null, null, null, 1, null, false, true, true);

        public Options withSlideKey(String key) {
            return new Options(key, radius, technology, coordType, nNeighs, delaunay, nRings, percentile, setDiag, resetSlideIds, verbose);
        }

        public Options withRadius(double... r) {
            double[] value = r == null ? null : r.length == 1 ? new double[] {0, r[0]} : r;
            return new Options(slideKey, value, technology, coordType, nNeighs, delaunay, nRings, percentile, setDiag, resetSlideIds, verbose);
        }
    }

    private SpatialNeighbors() {}

    /**
     * Builds the graphs of every AnnData (slide ids first, over all of them together).
     *
     * @return novae's warnings (empty when {@code verbose} is false)
     * @throws IllegalArgumentException naming the AnnData's field for a missing {@code obsm["spatial"]},
     *     a missing slide key, bad options, or a graph without any edge
     */
    public static List<String> compute(List<AnnData> adatas, Options options) {
        if (adatas.isEmpty()) {
            throw new IllegalArgumentException("spatial_neighbors needs at least one AnnData, got an empty list");
        }
        List<String> warnings = new ArrayList<>();
        List<List<String>> slideIds = options.resetSlideIds() ? uniqueSlideIds(adatas, options.slideKey(), warnings) : null;
        List<Runnable> writes = new ArrayList<>();
        for (int a = 0; a < adatas.size(); a++) {
            AnnData adata = adatas.get(a);
            writes.add(build(adata, slideIds == null ? existingSlideIds(adata) : slideIds.get(a), options, warnings));
        }
        for (int a = 0; a < adatas.size(); a++) {
            if (slideIds != null) {
                setSlideIds(adatas.get(a), slideIds.get(a));
            }
            writes.get(a).run();
        }
        return warnings;
    }

    private static List<String> existingSlideIds(AnnData adata) {
        if (!adata.obs().containsColumn(SLIDE_ID)) {
            throw new IllegalArgumentException("obs['" + SLIDE_ID + "'] is missing: run with reset_slide_ids=True first");
        }
        return adata.obs().column(SLIDE_ID).asStringColumn().asList();
    }

    /** Builds one AnnData's graphs and checks them; the returned action writes them (nothing is written on an error). */
    private static Runnable build(AnnData adata, List<String> slideIds, Options o, List<String> warnings) {
        String technology = o.technology() == null ? null : o.technology().toLowerCase(Locale.ROOT);
        String coordType = o.coordType();
        Boolean delaunay = o.delaunay();
        Integer nNeighs = o.nNeighs();
        DenseArray spatial;
        if ("visium".equals(technology) || "visium_hd".equals(technology)) {
            coordType = "grid";
            delaunay = false;
            nNeighs = nNeighs != null ? nNeighs : technology.equals("visium") ? 6 : 8;
            spatial = spatial(adata);
        } else if (technology != null) {
            spatial = technologyCoordinates(adata, technology);
        } else {
            spatial = spatial(adata);
        }
        String type = coordType == null ? "generic" : coordType;
        if (!type.equals("generic") && !type.equals("grid")) {
            throw new IllegalArgumentException("coord_type must be 'generic' or 'grid', got '" + type + "'");
        }
        boolean useDelaunay = delaunay == null || delaunay;
        int neighbours = nNeighs != null ? nNeighs : useDelaunay ? 0 : 6;
        boolean grid = type.equals("grid");
        NeighborSettings settings = new NeighborSettings(grid, !grid && useDelaunay, grid ? null : o.radius(), neighbours, o.nRings(),
                grid ? null : o.percentile(), o.setDiag());
        int n = adata.nObs();
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = spatial.getDouble(2 * i);
            y[i] = spatial.getDouble(2 * i + 1);
        }
        SlideGraph graph = SlideGraphs.build(x, y, slideIds.toArray(String[]::new), settings);
        sanityCheck(graph.distances(), o.verbose(), warnings);
        Map<String, Object> params = new LinkedHashMap<>();
        if (o.radius() != null) {
            params.put("radius", List.of(settings.radius()[0], settings.radius()[1]));
        }
        params.put("set_diag", o.setDiag());
        if (neighbours > 0) {
            params.put("n_neighbors", (long) neighbours);
        }
        params.put("coord_type", type);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("connectivities_key", "spatial_connectivities");
        record.put("distances_key", DISTANCES);
        record.put("params", params);
        return () -> {
            if (technology != null && !grid) {
                adata.obsm().put("spatial", spatial);
            }
            adata.obsp().put("spatial_connectivities", graph.connectivities());
            adata.obsp().put(DISTANCES, graph.distances());
            adata.uns().put("spatial_neighbors", record);
        };
    }

    private static DenseArray spatial(AnnData adata) {
        if (!adata.obsm().containsKey("spatial")) {
            throw new IllegalArgumentException("obsm['spatial'] is missing: it must hold the (n_obs, 2) coordinates of the cells;"
                    + " obsm keys are " + adata.obsm().keySet());
        }
        Matrix m = adata.obsm().get("spatial");
        long[] shape = m.shape();
        if (!(m instanceof DenseArray dense) || shape.length != 2 || shape[1] != 2) {
            throw new IllegalArgumentException("obsm['spatial'] must be a dense (n_obs, 2) array, got "
                    + (m instanceof SparseMatrix ? "a sparse matrix" : "shape " + java.util.Arrays.toString(shape)));
        }
        return dense;
    }

    private static DenseArray technologyCoordinates(AnnData adata, String technology) {
        String[] columns;
        double factor = 1.0;
        switch (technology) {
            case "cosmx" -> {
                columns = new String[] {"CenterX_global_px", "CenterY_global_px"};
                factor = 0.120280945;
            }
            case "merscope" -> columns = new String[] {"center_x", "center_y"};
            case "xenium" -> columns = new String[] {"x_centroid", "y_centroid"};
            default -> throw new IllegalArgumentException("technology must be one of cosmx, merscope, xenium, visium, visium_hd;"
                    + " got '" + technology + "'");
        }
        if (adata.obsm().containsKey("spatial")) {
            throw new IllegalArgumentException("technology='" + technology + "' builds obsm['spatial'] from obs columns, but"
                    + " obsm['spatial'] already exists");
        }
        int n = adata.nObs();
        double[] xy = new double[2 * n];
        for (int c = 0; c < 2; c++) {
            if (!adata.obs().containsColumn(columns[c]) || !(adata.obs().column(columns[c]) instanceof NumericColumn<?> col)) {
                throw new IllegalArgumentException("technology='" + technology + "' needs numeric obs columns "
                        + java.util.Arrays.toString(columns) + "; obs has " + adata.obs().columnNames());
            }
            for (int i = 0; i < n; i++) {
                xy[2 * i + c] = col.getDouble(i) * factor;
            }
        }
        return DenseArray.of(xy, n, 2);
    }

    /** novae's {@code _set_unique_slide_ids}: each AnnData's {@code obs["novae_sid"]} values, unique across them. */
    static List<List<String>> uniqueSlideIds(List<AnnData> adatas, String slideKey, List<String> warnings) {
        List<List<String>> out = new ArrayList<>();
        if (slideKey == null) {
            Set<String> used = new HashSet<>();
            for (AnnData adata : adatas) {
                String id = Integer.toHexString(System.identityHashCode(adata));
                while (!used.add(id)) {
                    id = id + "_";
                }
                out.add(java.util.Collections.nCopies(adata.nObs(), id));
            }
            return out;
        }
        List<List<String>> values = new ArrayList<>();
        int total = 0;
        Set<String> union = new HashSet<>();
        for (AnnData adata : adatas) {
            if (!adata.obs().containsColumn(slideKey)) {
                throw new NoSuchElementException("slide_key='" + slideKey + "' must be a column of every adata.obs; obs has "
                        + adata.obs().columnNames());
            }
            Column<?> column = adata.obs().column(slideKey);
            List<String> ids = new ArrayList<>(adata.nObs());
            for (int i = 0; i < adata.nObs(); i++) {
                ids.add(column.getString(i));
            }
            values.add(ids);
            Set<String> distinct = new HashSet<>(ids);
            total += distinct.size();
            union.addAll(distinct);
        }
        boolean disjoint = union.size() == total;
        if (!disjoint) {
            warnings.add("Some slides may have the same `slide_key` values. We add an AnnData id to the slide IDs.");
        }
        for (int a = 0; a < adatas.size(); a++) {
            String prefix = disjoint ? "" : Integer.toHexString(System.identityHashCode(adatas.get(a))) + "_";
            out.add(values.get(a).stream().map(v -> prefix + v).toList());
        }
        return out;
    }

    private static void setSlideIds(AnnData adata, List<String> ids) {
        if (adata.obs().containsColumn(SLIDE_ID)) {
            adata.obs().removeColumns(SLIDE_ID);
        }
        StringColumn column = StringColumn.create(SLIDE_ID, ids);
        adata.obs().addColumns(column);
        Frame frame = adata.obsFrame();
        frame.setCategorical(SLIDE_ID, Frame.sortedCategories(column), false);
    }

    private static void sanityCheck(SparseMatrix distances, boolean verbose, List<String> warnings) {
        if (distances.nnz() == 0) {
            throw new IllegalArgumentException("No neighbors found. Please check your `radius` parameter.");
        }
        if (!verbose) {
            return;
        }
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < distances.nnz(); k++) {
            double d = distances.values().getDouble(k);
            sum += d;
            max = Math.max(max, d);
        }
        double mean = sum / distances.nnz();
        if (max / mean > CELLS_RATIO_WARNING) {
            warnings.add(String.format(Locale.ROOT, "The maximum distance between neighbors is %.1f, which is very high compared to"
                    + " the mean distance of %.1f. Consider re-running `novae.spatial_neighbors` with a different `radius` threshold.",
                    max, mean));
        }
        double meanNeighbours = (double) distances.nnz() / distances.rows();
        if (meanNeighbours <= MEAN_NEIGHBOURS_WARNING) {
            warnings.add("The mean number of neighbors is " + meanNeighbours + ", which is very low. Consider re-running"
                    + " `novae.spatial_neighbors` with a different `radius` threshold.");
        }
    }
}
