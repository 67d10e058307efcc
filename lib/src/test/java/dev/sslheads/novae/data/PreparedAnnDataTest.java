package dev.sslheads.novae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.novae.SpatialNeighbors;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;

/**
 * One AnnData made ready for the model (spec §2.2, §2.3): used genes, statistics over all cells of a slide (invalid
 * ones too, as upstream's {@code _compute_means_stds}), validity from the view rows, inputs checked.
 */
class PreparedAnnDataTest {
    private static AnnData fivePoint() {
        float[] x = new float[5 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.log1p((i * 7) % 5);
        }
        AnnData adata = AnnData.of(DenseArray.of(x, 5, 3));
        adata.obsp().put(PreparedAnnData.DISTANCES, NovaeGraphs.fivePoint());
        return adata;
    }

    @Test
    void preparesGenesExpressionAndValidity() {
        AnnData adata = fivePoint();
        String[] slides = {"s", "s", "s", "s", "s"};
        adata.obs().addColumns(StringColumn.create(SpatialNeighbors.SLIDE_ID, slides));
        int[] columns = {2, 0};
        long[] rows = {11, 4};
        PreparedAnnData prepared = PreparedAnnData.of(adata, columns, rows, 2, 2, 1.0);
        columns[0] = 1;
        rows[0] = 0;
        assertArrayEquals(new int[] {2, 0}, prepared.columns(), "copied");
        assertArrayEquals(new long[] {11, 4}, prepared.geneRows(), "copied");
        assertEquals(5, prepared.nObs());
        assertEquals(2, prepared.genes());
        // statistics over all 5 cells, the isolated (invalid) cell 3 included
        assertArrayEquals(StandardizedExpression.of(adata.X(), new int[] {2, 0}, slides), prepared.expression());
        assertArrayEquals(new boolean[] {true, false, true, false, false}, prepared.valid(), "upstream view h=2: 0 <-> 2");
        assertArrayEquals(new int[] {0, 1, 2, 4}, prepared.subgraphs().neighborhoods().local(0));
        assertEquals("s", prepared.slideOf(3));
    }

    @Test
    void rejectsMissingGraphOrSlideIds() {
        AnnData noSlides = fivePoint();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PreparedAnnData.of(noSlides, new int[] {0}, new long[] {0}, 1, 1, 1.0));
        assertTrue(e.getMessage().contains("novae_sid"), e.getMessage());
        AnnData noGraph = AnnData.of(DenseArray.of(new float[5], 5, 1));
        noGraph.obs().addColumns(StringColumn.create(SpatialNeighbors.SLIDE_ID, new String[] {"s", "s", "s", "s", "s"}));
        e = assertThrows(IllegalArgumentException.class, () -> PreparedAnnData.of(noGraph, new int[] {0}, new long[] {0}, 1, 1, 1.0));
        assertTrue(e.getMessage().contains("spatial_distances"), e.getMessage());
        AnnData missing = fivePoint();
        // a missing categorical value as FrameReader reads it (code -1 → Tablesaw's missing string "")
        missing.obs().addColumns(StringColumn.create(SpatialNeighbors.SLIDE_ID, new String[] {"s", "s", "", "s", "s"}));
        e = assertThrows(IllegalArgumentException.class, () -> PreparedAnnData.of(missing, new int[] {0}, new long[] {0}, 1, 1, 1.0));
        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
    }
}
