package dev.sslheads.yaware;

/**
 * Square roots {@code H^{1/2}} and {@code H^{-1/2}} of a small symmetric positive definite matrix,
 * through its eigendecomposition {@code H = V diag(lambda) V^T} (cyclic Jacobi rotations, in double).
 */
final class SymmetricRoots {
    private static final int MAX_SWEEPS = 100;

    private SymmetricRoots() {}

    /** {@code {H^{1/2}, H^{-1/2}}}; {@code h} must be symmetric with positive eigenvalues (checked by the caller). */
    static double[][][] of(double[][] h) {
        int p = h.length;
        double[][] a = new double[p][];
        for (int i = 0; i < p; i++) {
            a[i] = h[i].clone();
        }
        double[][] v = identity(p);
        jacobi(a, v);
        double[] sqrt = new double[p];
        double[] invSqrt = new double[p];
        for (int i = 0; i < p; i++) {
            sqrt[i] = Math.sqrt(a[i][i]);
            invSqrt[i] = 1 / sqrt[i];
        }
        return new double[][][] {compose(v, sqrt), compose(v, invSqrt)};
    }

    /** The eigenvalues of symmetric {@code h}, ascending. */
    static double[] eigenvalues(double[][] h) {
        int p = h.length;
        double[][] a = new double[p][];
        for (int i = 0; i < p; i++) {
            a[i] = h[i].clone();
        }
        jacobi(a, identity(p));
        double[] values = new double[p];
        for (int i = 0; i < p; i++) {
            values[i] = a[i][i];
        }
        java.util.Arrays.sort(values);
        return values;
    }

    /** Diagonalises {@code a} in place, accumulating the rotations into {@code v} (columns = eigenvectors). */
    private static void jacobi(double[][] a, double[][] v) {
        int p = a.length;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int i = 0; i < p; i++) {
                for (int j = i + 1; j < p; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off < 1e-30) {
                return;
            }
            for (int i = 0; i < p; i++) {
                for (int j = i + 1; j < p; j++) {
                    if (a[i][j] != 0) {
                        rotate(a, v, i, j);
                    }
                }
            }
        }
    }

    private static void rotate(double[][] a, double[][] v, int i, int j) {
        double theta = (a[j][j] - a[i][i]) / (2 * a[i][j]);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int p = a.length;
        for (int k = 0; k < p; k++) {
            double aki = a[k][i];
            double akj = a[k][j];
            a[k][i] = c * aki - s * akj;
            a[k][j] = s * aki + c * akj;
        }
        for (int k = 0; k < p; k++) {
            double aik = a[i][k];
            double ajk = a[j][k];
            a[i][k] = c * aik - s * ajk;
            a[j][k] = s * aik + c * ajk;
        }
        for (int k = 0; k < p; k++) {
            double vki = v[k][i];
            double vkj = v[k][j];
            v[k][i] = c * vki - s * vkj;
            v[k][j] = s * vki + c * vkj;
        }
    }

    private static double[][] identity(int p) {
        double[][] id = new double[p][p];
        for (int i = 0; i < p; i++) {
            id[i][i] = 1;
        }
        return id;
    }

    /** {@code V diag(d) V^T}. */
    private static double[][] compose(double[][] v, double[] d) {
        int p = v.length;
        double[][] out = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double sum = 0;
                for (int k = 0; k < p; k++) {
                    sum += v[i][k] * d[k] * v[j][k];
                }
                out[i][j] = sum;
            }
        }
        return out;
    }
}
