package dev.sslheads.bindings;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs a guest script through {@link ScriptMain} in this JVM, capturing its exit status and stderr. */
record GuestRun(int exitStatus, String stderr) {

    static GuestRun of(String language, Path script, String... args) {
        String[] argv = new String[args.length + 2];
        argv[0] = language;
        argv[1] = script.toString();
        System.arraycopy(args, 0, argv, 2, args.length);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = ScriptMain.run(argv, stream);
        }
        return new GuestRun(status, err.toString(StandardCharsets.UTF_8));
    }

    /** Repository root, from the test's working directory (the bindings module). */
    static Path repository() {
        return Path.of("").toAbsolutePath().getParent();
    }
}
