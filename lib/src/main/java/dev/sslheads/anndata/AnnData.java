package dev.sslheads.anndata;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import tech.tablesaw.api.Table;

/**
 * An annotated data matrix as Python's {@code anndata.AnnData} holds it: {@code X}
 * {@code (n_obs, n_vars)} (dense or sparse, or absent), the cell and gene annotations
 * {@code obs} and {@code var} (Tablesaw tables with a string index, see {@link Frame}),
 * {@code obsm}/{@code varm} (matrices aligned on one axis, e.g. {@code obsm["spatial"]}
 * {@code (n_obs, 2)}), {@code obsp}/{@code varp} (square graphs, e.g.
 * {@code obsp["spatial_distances"]}), {@code layers} (matrices of {@code X}'s shape, e.g.
 * {@code layers["counts"]}) and {@code uns} (nested maps of strings, numbers, booleans, string
 * lists and {@link DenseArray}s).
 *
 * <p>{@code n_obs} and {@code n_vars} are the lengths of the two indexes. Selections
 * ({@link #selectObs}, {@link #selectVars}) return copies, never views: anndata's
 * {@code adata[mask].copy()}. Not thread-safe.
 */
public final class AnnData {
    private Matrix x;
    private final Frame obs;
    private final Frame var;
    private final AxisArrays obsm;
    private final AxisArrays varm;
    private final AxisArrays obsp;
    private final AxisArrays varp;
    private final AxisArrays layers;
    private final Map<String, Object> uns = new LinkedHashMap<>();

    /**
     * @param x {@code (obs.length(), var.length())} or null
     * @throws IllegalArgumentException if {@code x}'s shape does not match the frames
     */
    public AnnData(Matrix x, Frame obs, Frame var) {
        this.obs = obs;
        this.var = var;
        this.obsm = new AxisArrays(AxisArrays.Alignment.OBSM, obs::length, var::length);
        this.varm = new AxisArrays(AxisArrays.Alignment.VARM, obs::length, var::length);
        this.obsp = new AxisArrays(AxisArrays.Alignment.OBSP, obs::length, var::length);
        this.varp = new AxisArrays(AxisArrays.Alignment.VARP, obs::length, var::length);
        this.layers = new AxisArrays(AxisArrays.Alignment.LAYERS, obs::length, var::length);
        setX(x);
    }

    /** An AnnData over {@code x} with anndata's default names ("0", "1", ...) and empty annotations. */
    public static AnnData of(Matrix x) {
        long[] shape = x.shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("X must be 2-D (n_obs, n_vars), got shape " + Arrays.toString(shape));
        }
        return new AnnData(x, Frame.withDefaultIndex((int) shape[0]), Frame.withDefaultIndex((int) shape[1]));
    }

    /** An AnnData over {@code x} with these cell and gene names and no annotation columns. */
    public static AnnData of(Matrix x, List<String> obsNames, List<String> varNames) {
        return new AnnData(x, new Frame(Table.create(), obsNames, null), new Frame(Table.create(), varNames, null));
    }

    /** {@code X}, or null when absent. */
    public Matrix X() {
        return x;
    }

    /**
     * Replaces {@code X} (null removes it).
     *
     * @throws IllegalArgumentException if the shape is not {@code (n_obs, n_vars)}
     */
    public void setX(Matrix value) {
        if (value != null && !Arrays.equals(value.shape(), new long[] {nObs(), nVars()})) {
            throw new IllegalArgumentException("X must have shape (n_obs, n_vars) = (" + nObs() + ", " + nVars() + "), got "
                    + Arrays.toString(value.shape()).replace('[', '(').replace(']', ')'));
        }
        x = value;
    }

    public int nObs() {
        return obs.length();
    }

    public int nVars() {
        return var.length();
    }

    /** {@code (n_obs, n_vars)}. */
    public int[] shape() {
        return new int[] {nObs(), nVars()};
    }

    /** The cell annotations (live). */
    public Table obs() {
        return obs.table();
    }

    /** The gene annotations (live). */
    public Table var() {
        return var.table();
    }

    /** The cell frame: annotations, names, categories. */
    public Frame obsFrame() {
        return obs;
    }

    /** The gene frame: annotations, names, categories. */
    public Frame varFrame() {
        return var;
    }

    public List<String> obsNames() {
        return obs.index();
    }

    public List<String> varNames() {
        return var.index();
    }

    public AxisArrays obsm() {
        return obsm;
    }

    public AxisArrays varm() {
        return varm;
    }

    public AxisArrays obsp() {
        return obsp;
    }

    public AxisArrays varp() {
        return varp;
    }

    public AxisArrays layers() {
        return layers;
    }

    /** Unstructured annotations (live, nested maps). */
    public Map<String, Object> uns() {
        return uns;
    }

    /** The cells whose {@code mask} entry is true, as a copy. */
    public AnnData selectObs(boolean[] mask) {
        return selectObs(positions(mask, nObs(), "obs mask"));
    }

    /** The cells at {@code rows}, in that order, as a copy ({@code obsp} restricted to them on both axes). */
    public AnnData selectObs(int[] rows) {
        AnnData out = new AnnData(x == null ? null : x.selectRows(rows), obs.selectRows(rows), var.copy());
        obsm.forEach((k, m) -> out.obsm.put(k, m.selectRows(rows)));
        obsp.forEach((k, m) -> out.obsp.put(k, m.selectRows(rows).selectColumns(rows)));
        layers.forEach((k, m) -> out.layers.put(k, m.selectRows(rows)));
        varm.forEach((k, m) -> out.varm.put(k, m.copy()));
        varp.forEach((k, m) -> out.varp.put(k, m.copy()));
        out.uns.putAll(Uns.deepCopy(uns));
        return out;
    }

    /** The genes whose {@code mask} entry is true, as a copy. */
    public AnnData selectVars(boolean[] mask) {
        return selectVars(positions(mask, nVars(), "var mask"));
    }

    /**
     * The genes named {@code names}, in that order, as a copy.
     *
     * @throws NoSuchElementException naming the first unknown gene
     */
    public AnnData selectVars(List<String> names) {
        Map<String, Integer> position = new HashMap<>();
        List<String> index = varNames();
        for (int i = index.size() - 1; i >= 0; i--) {
            position.put(index.get(i), i);
        }
        int[] columns = new int[names.size()];
        for (int i = 0; i < columns.length; i++) {
            Integer at = position.get(names.get(i));
            if (at == null) {
                throw new NoSuchElementException("var_names has no '" + names.get(i) + "'");
            }
            columns[i] = at;
        }
        return selectVars(columns);
    }

    /** The genes at {@code columns}, in that order, as a copy. */
    public AnnData selectVars(int[] columns) {
        AnnData out = new AnnData(x == null ? null : x.selectColumns(columns), obs.copy(), var.selectRows(columns));
        varm.forEach((k, m) -> out.varm.put(k, m.selectRows(columns)));
        varp.forEach((k, m) -> out.varp.put(k, m.selectRows(columns).selectColumns(columns)));
        layers.forEach((k, m) -> out.layers.put(k, m.selectColumns(columns)));
        obsm.forEach((k, m) -> out.obsm.put(k, m.copy()));
        obsp.forEach((k, m) -> out.obsp.put(k, m.copy()));
        out.uns.putAll(Uns.deepCopy(uns));
        return out;
    }

    /** A copy sharing nothing with this AnnData. */
    public AnnData copy() {
        AnnData out = new AnnData(x == null ? null : x.copy(), obs.copy(), var.copy());
        for (AxisArrays.Alignment a : AxisArrays.Alignment.values()) {
            out.arrays(a).putAllChecked(copies(arrays(a)));
        }
        out.uns.putAll(Uns.deepCopy(uns));
        return out;
    }

    /** The collection for {@code alignment}. */
    public AxisArrays arrays(AxisArrays.Alignment alignment) {
        return switch (alignment) {
            case OBSM -> obsm;
            case VARM -> varm;
            case OBSP -> obsp;
            case VARP -> varp;
            case LAYERS -> layers;
        };
    }

    /**
     * Checks what a file write needs: every annotation column has one value per row.
     *
     * @throws IllegalArgumentException naming the field
     */
    public void checkConsistent() {
        obs.checkColumnLengths("obs");
        var.checkColumnLengths("var");
    }

    private static Map<String, Matrix> copies(Map<String, Matrix> source) {
        Map<String, Matrix> out = new LinkedHashMap<>();
        source.forEach((k, m) -> out.put(k, m.copy()));
        return out;
    }

    private static int[] positions(boolean[] mask, int length, String name) {
        if (mask.length != length) {
            throw new IllegalArgumentException(name + " must have length " + length + ", got " + mask.length);
        }
        int count = 0;
        for (boolean b : mask) {
            count += b ? 1 : 0;
        }
        int[] out = new int[count];
        for (int i = 0, j = 0; i < mask.length; i++) {
            if (mask[i]) {
                out[j++] = i;
            }
        }
        return out;
    }

    /** anndata's summary: shape, then the keys of each non-empty field. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("AnnData object with n_obs × n_vars = " + nObs() + " × " + nVars());
        appendKeys(s, "obs", obs().columnNames());
        appendKeys(s, "var", var().columnNames());
        appendKeys(s, "uns", new ArrayList<>(uns.keySet()));
        for (AxisArrays.Alignment a : AxisArrays.Alignment.values()) {
            appendKeys(s, a.field(), new ArrayList<>(arrays(a).keySet()));
        }
        return s.toString();
    }

    private static void appendKeys(StringBuilder s, String field, List<String> keys) {
        if (!keys.isEmpty()) {
            s.append("\n    ").append(field).append(": ");
            s.append(String.join(", ", keys.stream().map(k -> "'" + k + "'").toList()));
        }
    }
}
