package dev.sslheads.preprocessing;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.DType;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.Matrix;
import dev.sslheads.anndata.SparseMatrix;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * scanpy's {@code sc.pp.normalize_total(adata)}, {@code sc.pp.log1p(adata)} and
 * {@code sc.pp.highly_variable_genes(adata)} on an {@link AnnData}'s {@code X}, writing what
 * scanpy writes ({@code uns["log1p"]}, the {@code var} columns {@code highly_variable},
 * {@code means}, {@code dispersions}, {@code dispersions_norm}, {@code uns["hvg"]}). {@code X}
 * must be dense or sparse; it becomes float32 first when it is another dtype (scanpy converts
 * integer counts to float32 and keeps float64 as is: here float64 counts become float32), and a
 * CSC {@code X} is processed as CSR and stored back as CSC.
 */
public final class AnnDataPreprocessing {
    private AnnDataPreprocessing() {}

    /** Scales each cell to {@code targetSum} counts (null: the median of the non-zero totals). */
    public static NormalizedTotals normalizeTotal(AnnData adata, Double targetSum) {
        Float32 x = Float32.of(adata);
        NormalizedTotals totals = x.dense != null
                ? Preprocessing.normalizeTotal(x.dense, adata.nObs(), adata.nVars(), targetSum)
                : Preprocessing.normalizeTotal(x.csr.indptr(), x.csr.indices(), (float[]) x.csr.values().storage(), adata.nVars(), targetSum);
        x.storeInto(adata);
        return totals;
    }

    /** Natural log of 1 + X (or {@code log(1 + X) / log(base)}); records {@code uns["log1p"]}. */
    public static void log1p(AnnData adata, Double base) {
        Float32 x = Float32.of(adata);
        if (x.dense != null) {
            Preprocessing.log1p(x.dense, adata.nObs(), adata.nVars(), base);
        } else {
            Preprocessing.log1p(x.csr.indptr(), x.csr.indices(), (float[]) x.csr.values().storage(), adata.nVars(), base);
        }
        x.storeInto(adata);
        Map<String, Object> log1p = new LinkedHashMap<>();
        if (base != null) {
            log1p.put("base", base);
        }
        adata.uns().put("log1p", log1p);
    }

    /**
     * Flags highly variable genes (flavour seurat) in {@code var["highly_variable"]}, with scanpy's
     * {@code means}, {@code dispersions} and {@code dispersions_norm} columns. The log base is read
     * from {@code uns["log1p"]["base"]} like scanpy when {@code options} does not set one.
     */
    public static HvgResult highlyVariableGenes(AnnData adata, HvgOptions options) {
        HvgOptions resolved = options.log1pBase() == null ? options.withLog1pBase(recordedBase(adata)) : options;
        Float32 x = Float32.of(adata);
        HvgResult result = x.dense != null
                ? Preprocessing.highlyVariableGenes(x.dense, adata.nObs(), adata.nVars(), resolved)
                : Preprocessing.highlyVariableGenes(x.csr.indptr(), x.csr.indices(), (float[]) x.csr.values().storage(), adata.nVars(), resolved);
        Table var = adata.var();
        replace(var, BooleanColumn.create("highly_variable", result.highlyVariable()));
        replace(var, DoubleColumn.create("means", result.means()));
        replace(var, DoubleColumn.create("dispersions", result.dispersions()));
        replace(var, FloatColumn.create("dispersions_norm", result.dispersionsNorm()));
        Map<String, Object> hvg = new LinkedHashMap<>();
        hvg.put("flavor", "seurat");
        adata.uns().put("hvg", hvg);
        return result;
    }

    private static Double recordedBase(AnnData adata) {
        if (adata.uns().get("log1p") instanceof Map<?, ?> log1p && log1p.get("base") instanceof Number base) {
            return base.doubleValue();
        }
        return null;
    }

    private static void replace(Table table, Column<?> column) {
        if (table.containsColumn(column.name())) {
            table.replaceColumn(column.name(), column);
        } else {
            table.addColumns(column);
        }
    }

    /** {@code X} as float32 data to work on in place: a dense array or a CSR matrix. */
    private static final class Float32 {
        final float[] dense;
        final SparseMatrix csr;
        final boolean wasCsc;

        private Float32(float[] dense, SparseMatrix csr, boolean wasCsc) {
            this.dense = dense;
            this.csr = csr;
            this.wasCsc = wasCsc;
        }

        static Float32 of(AnnData adata) {
            Matrix x = adata.X();
            if (x == null) {
                throw new IllegalArgumentException("adata.X is None; preprocessing works on X");
            }
            if (x instanceof DenseArray dense) {
                DenseArray f = dense.dtype() == DType.FLOAT32 ? dense : dense.astype(DType.FLOAT32);
                return new Float32((float[]) f.storage(), null, false);
            }
            SparseMatrix sparse = (SparseMatrix) x;
            SparseMatrix csr = sparse.toFormat(SparseMatrix.Format.CSR);
            if (csr.dtype() != DType.FLOAT32) {
                csr = new SparseMatrix(SparseMatrix.Format.CSR, csr.rows(), csr.cols(), csr.indptr(), csr.indices(),
                        csr.values().astype(DType.FLOAT32));
            }
            return new Float32(null, csr, sparse.format() == SparseMatrix.Format.CSC);
        }

        void storeInto(AnnData adata) {
            if (dense != null) {
                adata.setX(DenseArray.of(dense, adata.nObs(), adata.nVars()));
            } else {
                adata.setX(wasCsc ? csr.toFormat(SparseMatrix.Format.CSC) : csr);
            }
        }
    }
}
