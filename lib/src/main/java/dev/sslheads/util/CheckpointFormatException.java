package dev.sslheads.util;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a readable sslheads checkpoint or model: foreign, truncated, corrupted or of an unknown version. */
public final class CheckpointFormatException extends IOException {
    public CheckpointFormatException(Path path, String problem) {
        super("cannot load " + path + ": " + problem);
    }
}
