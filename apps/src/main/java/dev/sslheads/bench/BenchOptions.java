package dev.sslheads.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line of {@link Benchmarks}: benchmark names (default all), {@code --quick} (fewer
 * repetitions, a smoke test), {@code --write FILE} (the markdown report; default: BENCHMARKS.md at
 * the repository root), {@code --no-reference} (Java side only).
 */
record BenchOptions(List<String> names, boolean quick, Path write, boolean reference) {
    static final String USAGE = "usage: scripts/sslheads bench [--threads N] [names...] [--quick] [--write FILE=BENCHMARKS.md]"
            + " [--no-reference]\n  names: " + String.join(" ", Benchmarks.NAMES);

    /** Parses {@code args}; null after printing the usage for --help. */
    static BenchOptions parse(String[] args) {
        List<String> names = new ArrayList<>();
        boolean quick = false;
        boolean reference = true;
        Path write = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return null;
                }
                case "--quick" -> quick = true;
                case "--no-reference" -> reference = false;
                case "--write" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--write needs a file name");
                    }
                    write = Path.of(args[++i]);
                }
                default -> {
                    if (arg.startsWith("--write=")) {
                        write = Path.of(arg.substring("--write=".length()));
                    } else if (Benchmarks.NAMES.contains(arg)) {
                        if (!names.contains(arg)) {
                            names.add(arg);
                        }
                    } else {
                        throw new IllegalArgumentException("unknown benchmark or option '" + arg + "'\n" + USAGE);
                    }
                }
            }
        }
        return new BenchOptions(names.isEmpty() ? Benchmarks.NAMES : List.copyOf(names), quick, write, reference);
    }
}
