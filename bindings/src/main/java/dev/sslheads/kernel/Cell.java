package dev.sslheads.kernel;

import dev.sslheads.bindings.GraalEngine;

/**
 * A cell's language and code: Python, unless its first line is the cell magic {@code %%js} (or
 * {@code %%javascript}); {@code %%python} is accepted too. The magic line is blanked, not removed,
 * so that line numbers in errors match the cell.
 */
record Cell(String language, String code) {

    static Cell parse(String text) {
        String trimmed = text.stripLeading();
        int skipped = text.length() - trimmed.length();
        if (trimmed.startsWith("%%")) {
            int end = trimmed.indexOf('\n');
            String magic = (end < 0 ? trimmed : trimmed.substring(0, end)).strip();
            String rest = end < 0 ? "" : trimmed.substring(end);
            String blank = "\n".repeat((int) text.substring(0, skipped).chars().filter(c -> c == '\n').count());
            switch (magic) {
                case "%%js", "%%javascript" -> {
                    return new Cell(GraalEngine.JS, blank + rest);
                }
                case "%%python" -> {
                    return new Cell(GraalEngine.PYTHON, blank + rest);
                }
                default -> { }
            }
        }
        return new Cell(GraalEngine.PYTHON, text);
    }

    boolean isJs() {
        return language.equals(GraalEngine.JS);
    }
}
