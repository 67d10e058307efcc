package dev.sslheads.anndata;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * An AnnData annotation frame ({@code obs} or {@code var}): a Tablesaw {@link Table} of columns, a
 * string index ({@code obs_names} / {@code var_names}) and the category order of its categorical
 * columns. pandas' categorical columns are Tablesaw {@link StringColumn}s here (a missing value is
 * Tablesaw's empty string, pandas' NaN); their category list and {@code ordered} flag are kept
 * beside the table, tied to the column object, so a column replaced by a new one loses them and a
 * column edited in place keeps them.
 *
 * <p>The index has the frame's length even when the table has no columns (Tablesaw counts rows
 * through its columns).
 */
public final class Frame {
    /** A categorical column's categories (in order; values outside them are not allowed) and {@code ordered} flag. */
    public record Categories(List<String> categories, boolean ordered) {
        public Categories {
            categories = List.copyOf(categories);
            if (new LinkedHashSet<>(categories).size() != categories.size()) {
                throw new IllegalArgumentException("categories must be unique, got " + categories);
            }
            if (categories.contains("")) {
                throw new IllegalArgumentException("categories must not contain the empty string (it is the missing value)");
            }
        }
    }

    private final Table table;
    private String[] index;
    private String indexName;
    private final Map<Column<?>, Categories> categories = new IdentityHashMap<>();

    /**
     * @param table the columns (kept, not copied; may have none)
     * @param index one name per row
     * @param indexName the index's name ({@code null}: unnamed, stored as {@code "_index"})
     * @throws IllegalArgumentException if a column's length differs from the index's
     */
    public Frame(Table table, List<String> index, String indexName) {
        this.table = table;
        this.index = index.toArray(String[]::new);
        this.indexName = indexName;
        checkColumnLengths("frame");
    }

    /** A frame of {@code length} rows named "0", "1", ... (anndata's default names) and no columns. */
    public static Frame withDefaultIndex(int length) {
        List<String> names = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            names.add(Integer.toString(i));
        }
        return new Frame(Table.create(), names, null);
    }

    /** The columns (live: changes show in this frame). */
    public Table table() {
        return table;
    }

    /** The row names (a copy). */
    public List<String> index() {
        return List.of(index);
    }

    /** The row names, not copied (for bulk writes). */
    String[] indexArray() {
        return index;
    }

    /** The index's name, or null. */
    public String indexName() {
        return indexName;
    }

    /** The number of rows. */
    public int length() {
        return index.length;
    }

    /**
     * Replaces the row names.
     *
     * @throws IllegalArgumentException if {@code names} has another length than the frame
     */
    public void setIndex(List<String> names) {
        if (names.size() != index.length) {
            throw new IllegalArgumentException("index must have length " + index.length + ", got " + names.size());
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) == null) {
                throw new IllegalArgumentException("index[" + i + "] must be a string, got null");
            }
        }
        index = names.toArray(String[]::new);
    }

    /** Names the index ({@code null}: unnamed). */
    public void setIndexName(String name) {
        indexName = name;
    }

    /**
     * Makes the string column {@code name} categorical with these categories, in this order.
     *
     * @throws IllegalArgumentException if the column is not a string column or holds a value outside the categories
     */
    public void setCategorical(String name, List<String> order, boolean ordered) {
        Column<?> column = column(name);
        if (!(column instanceof StringColumn strings)) {
            throw new IllegalArgumentException("categorical column '" + name + "' must be a string column, got " + column.type().name());
        }
        Categories value = new Categories(order, ordered);
        Set<String> allowed = Set.copyOf(value.categories());
        for (int i = 0; i < strings.size(); i++) {
            String s = strings.get(i);
            if (!s.isEmpty() && !allowed.contains(s)) {
                throw new IllegalArgumentException("column '" + name + "' row " + i + " holds '" + s + "', which is not one of its categories "
                        + order);
            }
        }
        categories.put(column, value);
    }

    /**
     * The categories set for string column {@code name} with {@link #setCategorical} (or read from a
     * file), with any value added to the column since appended in sorted order; empty when the
     * column is not categorical.
     */
    public Optional<Categories> categoriesOf(String name) {
        if (!table.containsColumn(name)) {
            return Optional.empty();
        }
        Column<?> column = table.column(name);
        Categories known = categories.get(column);
        if (known == null || !(column instanceof StringColumn strings)) {
            return Optional.empty();
        }
        Set<String> present = new TreeSet<>(strings.unique().asList());
        present.remove("");
        present.removeAll(known.categories());
        if (present.isEmpty()) {
            return Optional.of(known);
        }
        List<String> extended = new ArrayList<>(known.categories());
        extended.addAll(present);
        return Optional.of(new Categories(extended, known.ordered()));
    }

    /** The sorted distinct non-missing values of string column {@code name} (pandas' categories for strings). */
    public static List<String> sortedCategories(StringColumn column) {
        Set<String> values = new TreeSet<>(column.unique().asList());
        values.remove("");
        return List.copyOf(values);
    }

    /**
     * The rows at {@code rows}, in that order (a copy: new columns, categories carried over).
     *
     * @throws IndexOutOfBoundsException for a row outside the frame
     */
    public Frame selectRows(int[] rows) {
        String[] names = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= index.length) {
                throw new IndexOutOfBoundsException("row index " + rows[i] + " is out of range for " + index.length + " rows");
            }
            names[i] = index[rows[i]];
        }
        Table selected = Table.create(table.name());
        for (Column<?> column : table.columns()) {
            selected.addColumns(column.subset(rows));
        }
        Frame out = new Frame(selected, Arrays.asList(names), indexName);
        out.copyCategoriesFrom(this);
        return out;
    }

    /** A copy sharing no column with this frame. */
    public Frame copy() {
        Frame out = new Frame(table.copy(), List.of(index), indexName);
        out.copyCategoriesFrom(this);
        return out;
    }

    /** Registers, for each column of this frame, the categories of the same-named column of {@code source}. */
    void copyCategoriesFrom(Frame source) {
        for (Column<?> column : table.columns()) {
            source.categoriesOf(column.name()).ifPresent(c -> categories.put(column, c));
        }
    }

    /**
     * Checks that every column has one value per row.
     *
     * @param field the frame's name in messages ({@code "obs"}, {@code "var"})
     * @throws IllegalArgumentException naming the column, its length and the expected one
     */
    public void checkColumnLengths(String field) {
        for (Column<?> column : table.columns()) {
            if (column.size() != index.length) {
                throw new IllegalArgumentException(field + " column '" + column.name() + "' has " + column.size()
                        + " values, but " + field + " has " + index.length + " rows (its index)");
            }
        }
    }

    private Column<?> column(String name) {
        if (!table.containsColumn(name)) {
            throw new java.util.NoSuchElementException("no column '" + name + "'; columns are " + table.columnNames());
        }
        return table.column(name);
    }
}
