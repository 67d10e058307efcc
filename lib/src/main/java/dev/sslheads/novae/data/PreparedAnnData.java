package dev.sslheads.novae.data;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.Matrix;
import dev.sslheads.anndata.SparseMatrix;
import dev.sslheads.novae.SpatialNeighbors;
import tech.tablesaw.api.StringColumn;

/**
 * One AnnData ready for the model: its used genes (columns and embedding rows), the standardised
 * expression of those genes {@code (n_obs, G)}, its slide ids, neighbourhoods and subgraph builder.
 * Nothing is written to the AnnData here.
 */
public final class PreparedAnnData {
    /** The obsp key of novae's graph: the only adjacency the model reads. */
    public static final String DISTANCES = "spatial_distances";

    private final AnnData adata;
    private final int[] columns;
    private final long[] geneRows;
    private final float[] expression;
    private final String[] slideOf;
    private final SubgraphBuilder subgraphs;
    private final boolean[] valid;

    private PreparedAnnData(AnnData adata, int[] columns, long[] geneRows, float[] expression, String[] slideOf,
                            SubgraphBuilder subgraphs) {
        this.adata = adata;
        this.columns = columns;
        this.geneRows = geneRows;
        this.expression = expression;
        this.slideOf = slideOf;
        this.subgraphs = subgraphs;
        this.valid = subgraphs.neighborhoods().valid();
    }

    /**
     * @param columns the used genes' columns of X
     * @param geneRows their embedding rows, in the same order
     * @throws IllegalArgumentException without {@code obsp["spatial_distances"]} or {@code obs["novae_sid"]}
     */
    public static PreparedAnnData of(AnnData adata, int[] columns, long[] geneRows, int hopsLocal, int hopsView, double scaleToMicrons) {
        Matrix distances = adata.obsp().containsKey(DISTANCES) ? adata.obsp().get(DISTANCES) : null;
        if (!(distances instanceof SparseMatrix adjacency) || !adata.obs().containsColumn(SpatialNeighbors.SLIDE_ID)) {
            throw new IllegalArgumentException("the AnnData needs obsp['" + DISTANCES + "'] and obs['" + SpatialNeighbors.SLIDE_ID
                    + "']: run novae.spatial_neighbors first (got obsp keys " + adata.obsp().keySet() + ")");
        }
        String[] slideOf = slideIds(adata);
        SparseMatrix csr = adjacency.toFormat(SparseMatrix.Format.CSR);
        Neighborhoods neighborhoods = Neighborhoods.of(csr, hopsLocal, hopsView);
        float[] expression = StandardizedExpression.of(adata.X(), columns, slideOf);
        return new PreparedAnnData(adata, columns.clone(), geneRows.clone(), expression, slideOf,
                new SubgraphBuilder(csr, neighborhoods, scaleToMicrons));
    }

    private static String[] slideIds(AnnData adata) {
        StringColumn column = (StringColumn) adata.obs().column(SpatialNeighbors.SLIDE_ID);
        String[] ids = new String[column.size()];
        for (int i = 0; i < ids.length; i++) {
            if (column.isMissing(i)) {
                throw new IllegalArgumentException("obs['" + SpatialNeighbors.SLIDE_ID + "'] must not have missing values (row " + i + ")");
            }
            ids[i] = column.get(i);
        }
        return ids;
    }

    public AnnData adata() {
        return adata;
    }

    public int nObs() {
        return slideOf.length;
    }

    public int genes() {
        return columns.length;
    }

    /** The used genes' columns of X. */
    public int[] columns() {
        return columns.clone();
    }

    /** The used genes' embedding rows {@code (G)}. */
    public long[] geneRows() {
        return geneRows.clone();
    }

    /** Standardised expression {@code (n_obs, G)} row-major (live; do not modify). */
    public float[] expression() {
        return expression;
    }

    public String slideOf(int cell) {
        return slideOf[cell];
    }

    /** novae's {@code neighborhood_valid} (live; do not modify). */
    public boolean[] valid() {
        return valid;
    }

    public Neighborhoods neighborhoods() {
        return subgraphs.neighborhoods();
    }

    public SubgraphBuilder subgraphs() {
        return subgraphs;
    }
}
