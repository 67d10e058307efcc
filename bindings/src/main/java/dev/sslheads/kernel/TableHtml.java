package dev.sslheads.kernel;

import java.util.List;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tablesaw tables and columns as a plain HTML table (no scripts, so it survives export): the
 * first and last rows of a long table with an ellipsis row between, and the shape below.
 */
final class TableHtml {
    /** Rows shown in full up to this many; a longer table shows the first and last {@link #EDGE_ROWS}. */
    static final int MAX_ROWS = 30;
    static final int EDGE_ROWS = 10;

    private TableHtml() {}

    static String of(Table table) {
        List<Column<?>> columns = table.columns();
        int rows = table.rowCount();
        StringBuilder html = new StringBuilder("<div class=\"sslheads-table\"><table border=\"1\" class=\"dataframe\">\n");
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<caption>").append(escape(table.name())).append("</caption>\n");
        }
        html.append("<thead><tr style=\"text-align: right;\"><th></th>");
        for (Column<?> column : columns) {
            html.append("<th>").append(escape(column.name())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        boolean cut = rows > MAX_ROWS;
        for (int r = 0; r < rows; r++) {
            if (cut && r == EDGE_ROWS) {
                html.append("<tr><th>...</th>").append("<td>...</td>".repeat(columns.size())).append("</tr>\n");
                r = rows - EDGE_ROWS;
            }
            html.append("<tr><th>").append(r).append("</th>");
            for (Column<?> column : columns) {
                html.append("<td>").append(escape(column.getString(r))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n<p>").append(rows).append(" rows \u00d7 ").append(columns.size())
                .append(" columns</p></div>");
        return html.toString();
    }

    static String of(Column<?> column) {
        return of(Table.create(column.name(), column));
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
