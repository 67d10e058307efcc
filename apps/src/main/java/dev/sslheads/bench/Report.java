package dev.sslheads.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results table: printed row by row as results come in, and written as markdown at the end. */
final class Report {
    private static final String[] HEADER = {"benchmark", "Java median (min)", "reference median (min)", "Java/ref", "Java/ref of mins",
        "target", "status", "background CPU Java / ref"};
    private static final int[] WIDTH = {28, 24, 24, 8, 16, 6, 6, 25};
    private static final int STATUS = 6;

    /**
     * One table row; {@code ratio} is the ratio of the medians (the one the target applies to),
     * {@code status} is PASS, ABOVE (target missed), ERROR or "-" (no reference), {@code background}
     * the CPU other processes used while each side ran (see {@link CpuMonitor}).
     */
    record Row(String name, String java, String reference, String ratio, String ratioOfMins, String target, String status,
            String background) {
        String[] cells() {
            return new String[] {name, java, reference, ratio, ratioOfMins, target, status, background};
        }
    }

    static String percent(double p) {
        return p < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f%%", p);
    }

    static String background(double java, double reference) {
        return percent(java) + " / " + (Double.isNaN(reference) ? "-" : percent(reference));
    }

    private final List<String> header;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Report(List<String> header) {
        this.header = List.copyOf(header);
    }

    static String seconds(double s) {
        if (s >= 1) {
            return String.format(Locale.ROOT, "%.2f s", s);
        }
        if (s >= 1e-3) {
            return String.format(Locale.ROOT, "%.2f ms", s * 1e3);
        }
        return String.format(Locale.ROOT, "%.1f us", s * 1e6);
    }

    static String timing(Stats stats) {
        return seconds(stats.medianS()) + " (" + seconds(stats.minS()) + ")";
    }

    /** A timed row: ratio of the medians against the target {@code <= 1.0} (reference null: not run). */
    static Row timed(String name, Stats java, Stats reference, String background) {
        if (reference == null) {
            return new Row(name, timing(java), "not run", "-", "-", "<= 1.0", "-", background);
        }
        double ratio = java.medianS() / reference.medianS();
        return new Row(name, timing(java), timing(reference), String.format(Locale.ROOT, "%.2f", ratio),
                String.format(Locale.ROOT, "%.2f", java.minS() / reference.minS()), "<= 1.0", ratio <= 1.0 ? "PASS" : "ABOVE",
                background);
    }

    void add(Row row) {
        rows.add(row);
        System.out.println(line(row.cells()));
        System.out.flush();
    }

    void note(String note) {
        notes.add(note);
        System.out.println("  note: " + note);
        System.out.flush();
    }

    void printHeader() {
        header.forEach(System.out::println);
        System.out.println();
        System.out.println(line(HEADER));
        StringBuilder rule = new StringBuilder();
        for (int w : WIDTH) {
            rule.append("-".repeat(w)).append("  ");
        }
        System.out.println(rule.toString().stripTrailing());
        System.out.flush();
    }

    private static String line(String[] cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i];
            b.append(cell).append(" ".repeat(Math.max(1, WIDTH[i] - cell.length() + 2)));
        }
        return b.toString().stripTrailing();
    }

    /** Summary line: how many rows passed, missed the target or failed. */
    String summary() {
        long pass = rows.stream().filter(r -> r.status().equals("PASS")).count();
        long above = rows.stream().filter(r -> r.status().equals("ABOVE")).count();
        long error = rows.stream().filter(r -> r.status().equals("ERROR")).count();
        return String.format(Locale.ROOT, "%d rows: %d PASS, %d ABOVE target, %d ERROR", rows.size(), pass, above, error);
    }

    void writeMarkdown(Path file, String title, List<String> preamble) throws IOException {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        for (String p : preamble) {
            md.append(p).append("\n");
        }
        md.append("\n## Machine\n\n");
        for (String h : header) {
            md.append("- ").append(h).append("\n");
        }
        md.append("\n## Results\n\n| ").append(String.join(" | ", HEADER)).append(" |\n|");
        for (int i = 0; i < HEADER.length; i++) {
            md.append(i == 0 ? "---|" : "---:|");
        }
        md.append("\n");
        for (Row row : rows) {
            String[] cells = row.cells();
            if (!row.status().equals("PASS") && !row.status().equals("-")) {
                cells[STATUS] = "**" + cells[STATUS] + "**";
            }
            md.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        md.append("\n").append(summary()).append("\n");
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            for (String n : notes) {
                md.append("- ").append(n).append("\n");
            }
        }
        md.append(otherSections(file));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
    }

    /** Sections of this report, rewritten on every run; any other "## " section of the file belongs to another bench. */
    private static final List<String> OWN_SECTIONS = List.of("## Machine", "## Results", "## Notes");

    /** The sections of {@code file} that other benches wrote ({@code bench bindings}, {@code bench kernel}), kept as they are. */
    private static String otherSections(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        StringBuilder kept = new StringBuilder();
        boolean keeping = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                keeping = !OWN_SECTIONS.contains(line.strip());
            } else if (line.startsWith("# ")) {
                keeping = false;
            }
            if (keeping) {
                kept.append(line).append("\n");
            }
        }
        return kept.isEmpty() ? "" : "\n" + kept;
    }
}
