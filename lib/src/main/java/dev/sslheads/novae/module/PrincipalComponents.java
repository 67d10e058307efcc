package dev.sslheads.novae.module;

import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * scikit-learn's {@code PCA(n_components).fit(x).components_} computed exactly: centre the columns, form the
 * {@code (G, G)} scatter matrix in float64 (the covariance up to the factor {@code 1/(N−1)}, which changes no
 * eigenvector), take its symmetric eigendecomposition (Apache Commons Math), keep the eigenvectors of the
 * largest eigenvalues in descending order, and flip each so that its entry of largest magnitude (the first
 * such) is positive, scikit-learn ≥ 1.5's rule for its exact solvers. This is the subspace of every exact
 * solver; scikit-learn's randomised solver (its "auto" choice for some shapes) approximates it. Components of
 * equal eigenvalues are not unique, here as there. Cost: {@code N·G²/2} for the scatter, {@code O(G³)} for the
 * decomposition.
 */
final class PrincipalComponents {
    private PrincipalComponents() {}

    /**
     * @param x {@code (n, g)} row-major
     * @return {@code (components, g)}: row k is the k-th principal axis, unit length
     */
    static double[][] fit(float[] x, int n, int g, int components) {
        double[] mean = new double[g];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < g; j++) {
                mean[j] += x[i * g + j];
            }
        }
        for (int j = 0; j < g; j++) {
            mean[j] /= n;
        }
        double[][] scatter = new double[g][g];
        double[] centred = new double[g];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < g; j++) {
                centred[j] = x[i * g + j] - mean[j];
            }
            for (int j = 0; j < g; j++) {
                double cj = centred[j];
                double[] row = scatter[j];
                for (int k = j; k < g; k++) {
                    row[k] += cj * centred[k];
                }
            }
        }
        for (int j = 0; j < g; j++) {
            for (int k = j + 1; k < g; k++) {
                scatter[k][j] = scatter[j][k];
            }
        }
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(scatter, false));
        double[] values = eigen.getRealEigenvalues();
        int[] order = IntStream.range(0, g).boxed().sorted(Comparator.comparingDouble(i -> -values[i])).mapToInt(i -> i).toArray();
        double[][] out = new double[components][];
        for (int c = 0; c < components; c++) {
            out[c] = signByLargestLoading(eigen.getEigenvector(order[c]).toArray());
        }
        return out;
    }

    private static double[] signByLargestLoading(double[] v) {
        int top = 0;
        for (int j = 1; j < v.length; j++) {
            if (Math.abs(v[j]) > Math.abs(v[top])) {
                top = j;
            }
        }
        if (v[top] < 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] = -v[j];
            }
        }
        return v;
    }
}
