package dev.sslheads.demo;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Command-line options of {@link NovaeDemo}, with defaults.
 *
 * @param input a {@code .h5ad} file to run on, or null for the toy slides
 * @param slideKey obs column of the slides in {@code input} (null: the file is one slide)
 * @param radius {@code spatial_neighbors}' radius (null: novae's default, no pruning)
 * @param nDomains domains to assign (null: the toy's true count, or novae's {@code level=7} on a file)
 * @param epochs {@code fit(max_epochs=...)}, novae's early stopping applies
 * @param seed seeds the toy data, the model and k-means
 * @param out the output folder
 */
record NovaeDemoOptions(Path input, String slideKey, Double radius, Integer nDomains, int epochs, long seed, Path out) {
    static final String USAGE = "usage: scripts/sslheads demo [--input FILE.h5ad [--slide-key KEY] [--radius R]]"
            + " [--n-domains N] [--epochs N=6] [--seed S=0] [--out DIR=out/novae_demo]\n"
            + "       scripts/sslheads demo digits [--help]   (the SwAV head on the UCI digits)";

    /**
     * @throws IllegalArgumentException naming the option: unknown, without a value, not a number, out of range, or
     *     a file option without {@code --input}
     */
    static NovaeDemoOptions parse(String[] args) {
        Path input = null;
        String slideKey = null;
        Double radius = null;
        Integer nDomains = null;
        int epochs = 6;
        long seed = 0;
        Path out = Path.of("out", "novae_demo");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                System.out.println(USAGE);
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (flag) {
                case "--input" -> input = Path.of(value);
                case "--slide-key" -> slideKey = value;
                case "--radius" -> radius = positiveReal(flag, value);
                case "--n-domains" -> nDomains = atLeast(flag, value, 2);
                case "--epochs" -> epochs = atLeast(flag, value, 1);
                case "--seed" -> seed = parseLong(flag, value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        if (input == null && (slideKey != null || radius != null)) {
            throw new IllegalArgumentException((slideKey != null ? "--slide-key" : "--radius")
                    + " applies to --input FILE.h5ad; the toy slides use their own");
        }
        if (input != null && !input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".h5ad")) {
            throw new IllegalArgumentException("--input must be an .h5ad file, got '" + input + "'");
        }
        return new NovaeDemoOptions(input, slideKey, radius, nDomains, epochs, seed, out);
    }

    private static int atLeast(String flag, String value, int min) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be an integer >= " + min + ", got '" + value + "'");
    }

    private static double positiveReal(String flag, String value) {
        try {
            double r = Double.parseDouble(value);
            if (r > 0 && Double.isFinite(r)) {
                return r;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a positive number, got '" + value + "'");
    }

    private static long parseLong(String flag, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be an integer, got '" + value + "'");
        }
    }
}
