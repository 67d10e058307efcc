package dev.sslheads.yaware;

import java.util.Arrays;

/**
 * The bandwidth {@code H} of a {@link KernelMetric}: a {@code (p, p)} matrix over the label features
 * (nidl's "sigma^2"; heads-spec 7.3). Weights are {@code K(||H^{-1/2} (y_i - y_j)||)}.
 *
 * <ul>
 *   <li>{@link #scalar}: {@code H = b I}, so a Gaussian weight is {@code exp(-||dy||^2 / (2 b))};</li>
 *   <li>{@link #perFeature}: {@code H = diag(b_1, ..., b_p)} (length checked against p at fit);</li>
 *   <li>{@link #matrix}: a full symmetric positive definite {@code (p, p)} matrix (symmetric within
 *       1e-8 as nidl, eigenvalues > 0); roots by eigendecomposition;</li>
 *   <li>{@link #scott} / {@link #silverman}: data rules on the diagonal of the sample covariance
 *       (ddof 1) of the fitted labels, {@code H^{1/2} = diag(sigma) f} with Scott's
 *       {@code f = n^(-1/(p+4))} or Silverman's {@code f = (n (p+2) / 4)^(-1/(p+4))}; a feature with
 *       zero variance gets {@code H^{-1/2} = 0} (it is ignored), as in nidl.</li>
 * </ul>
 *
 * <p>Deviation from nidl, on purpose: nidl accepts zero entries in a scalar, list or diagonal
 * bandwidth and then silently ignores those features (a zero scalar makes every weight 1); here
 * given bandwidths must be strictly positive (to ignore a feature, leave it out of y).
 */
public final class Bandwidth {
    /** How H is obtained. */
    public enum Kind { SCALAR, PER_FEATURE, MATRIX, SCOTT, SILVERMAN }

    private static final double SYMMETRY_ATOL = 1e-8;

    private final Kind kind;
    private final double[] values;
    private final double[][] sqrt;
    private final double[][] invSqrt;

    private Bandwidth(Kind kind, double[] values, double[][] sqrt, double[][] invSqrt) {
        this.kind = kind;
        this.values = values;
        this.sqrt = sqrt;
        this.invSqrt = invSqrt;
    }

    /** {@code H = b I}; {@code b} finite and > 0. */
    public static Bandwidth scalar(double b) {
        if (!(b > 0) || Double.isInfinite(b)) {
            throw new IllegalArgumentException("bandwidth must be a finite number > 0, got " + b);
        }
        return new Bandwidth(Kind.SCALAR, new double[] {b}, null, null);
    }

    /** {@code H = diag(b)}, one finite entry > 0 per label feature. */
    public static Bandwidth perFeature(double... b) {
        if (b == null || b.length == 0) {
            throw new IllegalArgumentException("bandwidth list must hold one value per label feature, got "
                    + (b == null ? "null" : "an empty list"));
        }
        for (int i = 0; i < b.length; i++) {
            if (!(b[i] > 0) || Double.isInfinite(b[i])) {
                throw new IllegalArgumentException("bandwidth[" + i + "] must be a finite number > 0, got " + b[i]);
            }
        }
        return new Bandwidth(Kind.PER_FEATURE, b.clone(), null, null);
    }

    /** A full {@code (p, p)} bandwidth, symmetric (within 1e-8) and positive definite. */
    public static Bandwidth matrix(double[][] h) {
        if (h == null || h.length == 0) {
            throw new IllegalArgumentException("bandwidth matrix must be a non-empty (p, p) matrix, got " + (h == null ? "null" : "0 rows"));
        }
        int p = h.length;
        for (int i = 0; i < p; i++) {
            if (h[i] == null || h[i].length != p) {
                throw new IllegalArgumentException("bandwidth matrix must be square (" + p + ", " + p + "), got row " + i
                        + " of length " + (h[i] == null ? "null" : Integer.toString(h[i].length)));
            }
            for (int j = 0; j < p; j++) {
                if (!Double.isFinite(h[i][j])) {
                    throw new IllegalArgumentException("bandwidth matrix must be finite, got " + h[i][j] + " at (" + i + ", " + j + ")");
                }
            }
        }
        for (int i = 0; i < p; i++) {
            for (int j = i + 1; j < p; j++) {
                if (Math.abs(h[i][j] - h[j][i]) > SYMMETRY_ATOL) {
                    throw new IllegalArgumentException("bandwidth matrix must be symmetric (|H[i][j] - H[j][i]| <= 1e-8), got H["
                            + i + "][" + j + "] = " + h[i][j] + " and H[" + j + "][" + i + "] = " + h[j][i]);
                }
            }
        }
        double smallest = SymmetricRoots.eigenvalues(h)[0];
        if (!(smallest > 0)) {
            throw new IllegalArgumentException("bandwidth matrix must be positive definite (all eigenvalues > 0), got smallest eigenvalue "
                    + smallest + " for " + Arrays.deepToString(h));
        }
        double[][][] roots = SymmetricRoots.of(h);
        return new Bandwidth(Kind.MATRIX, null, roots[0], roots[1]);
    }

    /** Scott's rule on the fitted labels. */
    public static Bandwidth scott() {
        return new Bandwidth(Kind.SCOTT, null, null, null);
    }

    /** Silverman's rule on the fitted labels. */
    public static Bandwidth silverman() {
        return new Bandwidth(Kind.SILVERMAN, null, null, null);
    }

    /** "scott" or "silverman". */
    public static Bandwidth rule(String name) {
        if ("scott".equals(name)) {
            return scott();
        }
        if ("silverman".equals(name)) {
            return silverman();
        }
        throw new IllegalArgumentException("bandwidth rule must be one of {scott, silverman}, got " + (name == null ? "null" : "'" + name + "'"));
    }

    public Kind kind() {
        return kind;
    }

    /** Whether H is computed from the fitted labels (Scott, Silverman). */
    public boolean isRule() {
        return kind == Kind.SCOTT || kind == Kind.SILVERMAN;
    }

    /** The rule's factor {@code f} for {@code n} rows of {@code p} features. */
    double ruleFactor(long n, long p) {
        double exponent = -1.0 / (p + 4);
        return kind == Kind.SCOTT ? Math.pow(n, exponent) : Math.pow(n * (p + 2) / 4.0, exponent);
    }

    /**
     * {@code {H^{1/2}, H^{-1/2}}} as {@code (p, p)} matrices for a given bandwidth; not for rules.
     *
     * @throws IllegalArgumentException if the bandwidth's size is not {@code p}
     */
    double[][][] roots(int p) {
        switch (kind) {
            case SCALAR -> {
                return new double[][][] {diagonal(p, Math.sqrt(values[0])), diagonal(p, 1 / Math.sqrt(values[0]))};
            }
            case PER_FEATURE -> {
                requireSize("bandwidth list", values.length, p);
                double[][] s = new double[p][p];
                double[][] inv = new double[p][p];
                for (int i = 0; i < p; i++) {
                    s[i][i] = Math.sqrt(values[i]);
                    inv[i][i] = 1 / s[i][i];
                }
                return new double[][][] {s, inv};
            }
            case MATRIX -> {
                requireSize("bandwidth matrix", sqrt.length, p);
                return new double[][][] {sqrt, invSqrt};
            }
            default -> throw new IllegalStateException(kind + " is computed from the labels");
        }
    }

    private static void requireSize(String what, int size, int p) {
        if (size != p) {
            throw new IllegalArgumentException(what + " must have one entry per label feature (" + p + "), got " + size);
        }
    }

    private static double[][] diagonal(int p, double value) {
        double[][] d = new double[p][p];
        for (int i = 0; i < p; i++) {
            d[i][i] = value;
        }
        return d;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SCALAR -> Double.toString(values[0]);
            case PER_FEATURE -> Arrays.toString(values);
            case MATRIX -> "matrix(" + sqrt.length + "x" + sqrt.length + ")";
            case SCOTT -> "scott";
            case SILVERMAN -> "silverman";
        };
    }
}
