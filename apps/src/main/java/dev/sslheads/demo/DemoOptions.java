package dev.sslheads.demo;

import java.nio.file.Path;

/** Command-line options of {@link DigitsDemo}, with defaults. */
record DemoOptions(int epochs, int prototypes, int outputSize, long seed, Path out) {

    static DemoOptions parse(String[] args) {
        int epochs = 150;
        int prototypes = 64;
        int outputSize = 32;
        long seed = 0;
        Path out = Path.of("out", "digits_domains.csv");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                System.out.println("usage: scripts/sslheads demo [--epochs N=150] [--prototypes K=64] [--output-size O=32] [--seed S=0] [--out FILE=out/digits_domains.csv]");
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--epochs" -> epochs = positive(flag, value);
                case "--prototypes" -> prototypes = positive(flag, value);
                case "--output-size" -> outputSize = positive(flag, value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + flag + " (expected --epochs, --prototypes, --output-size, --seed, --out)");
            }
        }
        return new DemoOptions(epochs, prototypes, outputSize, seed, out);
    }

    private static int positive(String flag, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException(flag + " must be a positive integer, got '" + value + "'");
    }
}
