package dev.sslheads.anndata.hdf5;

/**
 * How numeric datasets are stored: contiguous and uncompressed ({@link #NONE}, anndata's default),
 * or chunked with deflate ({@code compression="gzip"} in anndata; level 0-9, anndata's default 4).
 */
public record Compression(int gzipLevel) {
    public static final Compression NONE = new Compression(-1);

    public Compression {
        if (gzipLevel < -1 || gzipLevel > 9) {
            throw new IllegalArgumentException("gzip level must be 0-9 (or -1 for none), got " + gzipLevel);
        }
    }

    /** Deflate at {@code level} (0-9). */
    public static Compression gzip(int level) {
        if (level < 0) {
            throw new IllegalArgumentException("gzip level must be 0-9, got " + level);
        }
        return new Compression(level);
    }

    public boolean enabled() {
        return gzipLevel >= 0;
    }
}
