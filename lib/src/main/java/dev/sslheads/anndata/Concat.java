package dev.sslheads.anndata;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * anndata's {@code concat(adatas, axis=0, join="inner", label=..., keys=..., index_unique=...)}
 * along cells: the genes common to all (in the first AnnData's order), {@code X} and the layers
 * and {@code obsm} entries present in all stacked, the obs columns present in all (numbers of
 * mixed widths widened to float64 as pandas does; categories united in order of appearance),
 * {@code var} without columns and empty {@code obsp}/{@code uns} (anndata's defaults:
 * {@code merge=None}, {@code uns_merge=None}, {@code pairwise=False}). Only {@code join="inner"}:
 * an outer join would invent values for absent genes.
 */
public final class Concat {
    private Concat() {}

    /**
     * @param label name of a new categorical obs column holding each cell's key, or null
     * @param keys one key per AnnData (null: "0", "1", ...)
     * @param indexUnique separator: when non-null, cell names become {@code name + indexUnique + key}
     * @throws IllegalArgumentException if there are no AnnData, keys of the wrong number, or an obs
     *     column of the same name holds strings in one AnnData and numbers in another
     */
    public static AnnData concat(List<AnnData> parts, String label, List<String> keys, String indexUnique) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat needs at least one AnnData, got none");
        }
        List<String> names = keys == null ? defaultKeys(parts.size()) : keys;
        if (names.size() != parts.size()) {
            throw new IllegalArgumentException("keys must have one entry per AnnData (" + parts.size() + "), got " + names.size());
        }
        List<String> genes = commonGenes(parts);
        List<AnnData> aligned = parts.stream().map(a -> a.varNames().equals(genes) ? a : a.selectVars(genes)).toList();
        List<String> cellNames = new ArrayList<>();
        for (int p = 0; p < aligned.size(); p++) {
            for (String name : aligned.get(p).obsNames()) {
                cellNames.add(indexUnique == null ? name : name + indexUnique + names.get(p));
            }
        }
        Frame obs = new Frame(concatColumns(aligned), cellNames, aligned.get(0).obsFrame().indexName());
        unifyCategories(obs, aligned);
        if (label != null) {
            StringColumn column = StringColumn.create(label);
            for (int p = 0; p < aligned.size(); p++) {
                for (int i = 0; i < aligned.get(p).nObs(); i++) {
                    column.append(names.get(p));
                }
            }
            if (obs.table().containsColumn(label)) {
                obs.table().removeColumns(label);
            }
            obs.table().addColumns(column);
            obs.setCategorical(label, List.copyOf(new LinkedHashSet<>(names)), false);
        }
        Frame var = new Frame(Table.create(), genes, aligned.get(0).varFrame().indexName());
        boolean allX = aligned.stream().allMatch(a -> a.X() != null);
        AnnData out = new AnnData(allX ? stack(aligned.stream().map(AnnData::X).toList()) : null, obs, var);
        for (String key : commonKeys(aligned, AxisArrays.Alignment.LAYERS)) {
            out.layers().put(key, stack(aligned.stream().map(a -> a.layers().get(key)).toList()));
        }
        for (String key : commonKeys(aligned, AxisArrays.Alignment.OBSM)) {
            out.obsm().put(key, stack(aligned.stream().map(a -> a.obsm().get(key)).toList()));
        }
        return out;
    }

    private static List<String> defaultKeys(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }

    private static List<String> commonGenes(List<AnnData> parts) {
        Set<String> common = new HashSet<>(parts.get(0).varNames());
        for (AnnData part : parts.subList(1, parts.size())) {
            common.retainAll(new HashSet<>(part.varNames()));
        }
        return parts.get(0).varNames().stream().filter(common::contains).distinct().toList();
    }

    private static List<String> commonKeys(List<AnnData> parts, AxisArrays.Alignment alignment) {
        List<String> keys = new ArrayList<>(parts.get(0).arrays(alignment).keySet());
        for (AnnData part : parts) {
            keys.retainAll(part.arrays(alignment).keySet());
        }
        return keys;
    }

    /** Matrices stacked by rows: all dense (same dtype) or, if any is sparse, all as CSR. */
    private static Matrix stack(List<Matrix> matrices) {
        if (matrices.stream().allMatch(m -> m instanceof DenseArray)) {
            return DenseArray.concatRows(matrices.stream().map(m -> (DenseArray) m).toList());
        }
        return SparseMatrix.concatRows(matrices.stream().map(Concat::asSparse).toList());
    }

    private static SparseMatrix asSparse(Matrix m) {
        if (m instanceof SparseMatrix s) {
            return s;
        }
        throw new IllegalArgumentException("cannot stack a dense " + m.dtype().numpyName() + " matrix with sparse ones;"
                + " make them all dense or all sparse first");
    }

    private static Table concatColumns(List<AnnData> parts) {
        List<String> columns = new ArrayList<>(parts.get(0).obs().columnNames());
        for (AnnData part : parts) {
            columns.retainAll(part.obs().columnNames());
        }
        Table out = Table.create("obs");
        for (String name : columns) {
            List<Column<?>> pieces = parts.stream().<Column<?>>map(p -> p.obs().column(name)).toList();
            out.addColumns(append(name, pieces));
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Column<?> append(String name, List<Column<?>> pieces) {
        ColumnType type = pieces.get(0).type();
        if (pieces.stream().allMatch(c -> c.type() == type)) {
            Column out = pieces.get(0).copy();
            for (Column<?> piece : pieces.subList(1, pieces.size())) {
                out.append((Column) piece);
            }
            return out;
        }
        if (pieces.stream().allMatch(c -> c instanceof NumericColumn<?>)) {
            DoubleColumn out = DoubleColumn.create(name);
            for (Column<?> piece : pieces) {
                out.append(((NumericColumn<?>) piece).asDoubleColumn());
            }
            return out;
        }
        throw new IllegalArgumentException("obs column '" + name + "' has types "
                + pieces.stream().map(c -> c.type().name()).toList() + " in the AnnData being concatenated; they must agree");
    }

    private static void unifyCategories(Frame obs, List<AnnData> parts) {
        for (String name : obs.table().columnNames()) {
            LinkedHashSet<String> union = new LinkedHashSet<>();
            boolean anyCategorical = false;
            boolean ordered = true;
            for (AnnData part : parts) {
                var categories = part.obsFrame().categoriesOf(name);
                if (categories.isPresent()) {
                    anyCategorical = true;
                    union.addAll(categories.get().categories());
                    ordered &= categories.get().ordered();
                } else {
                    ordered = false;
                }
            }
            if (anyCategorical && obs.table().column(name) instanceof StringColumn strings) {
                union.addAll(Frame.sortedCategories(strings));
                obs.setCategorical(name, List.copyOf(union), ordered);
            }
        }
    }
}
