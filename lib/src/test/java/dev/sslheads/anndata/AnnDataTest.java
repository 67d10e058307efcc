package dev.sslheads.anndata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;

/** Selections are copies with every aligned field restricted; concat and the CSV reader follow anndata. */
class AnnDataTest {
    private static AnnData slide(String prefix, String slide, int n) {
        float[] x = new float[n * 3];
        double[] xy = new double[n * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        for (int i = 0; i < xy.length; i++) {
            xy[i] = i * 0.5;
        }
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(prefix + i);
        }
        AnnData adata = AnnData.of(DenseArray.of(x, n, 3), names, List.of("A", "B", "C"));
        StringColumn domain = StringColumn.create("domain");
        for (int i = 0; i < n; i++) {
            domain.append(i % 2 == 0 ? "d1" : "d0");
        }
        adata.obs().addColumns(domain, DoubleColumn.create("score", java.util.stream.DoubleStream.iterate(0, v -> v + 1).limit(n).toArray()));
        adata.obsFrame().setCategorical("domain", List.of("d1", "d0"), false);
        adata.obsm().put("spatial", DenseArray.of(xy, n, 2));
        adata.obsp().put("spatial_distances", SparseMatrix.csr(n, n, ring(n), ringIndices(n), new double[n]));
        adata.layers().put("counts", DenseArray.of(x.clone(), n, 3));
        adata.uns().put("slide", slide);
        return adata;
    }

    private static long[] ring(int n) {
        long[] ptr = new long[n + 1];
        for (int i = 0; i < n; i++) {
            ptr[i + 1] = i + 1;
        }
        return ptr;
    }

    private static int[] ringIndices(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = (i + 1) % n;
        }
        return idx;
    }

    @Test
    void maskSelectionIsACopyWithAlignedFields() {
        AnnData adata = slide("c", "s1", 5);
        AnnData sub = adata.selectObs(new boolean[] {true, false, true, false, true});
        assertEquals(List.of("c0", "c2", "c4"), sub.obsNames());
        assertArrayEquals(new float[] {0, 1, 2, 6, 7, 8, 12, 13, 14}, sub.X().toFloatArray());
        assertArrayEquals(new double[] {0, 0.5, 2, 2.5, 4, 4.5}, sub.obsm().get("spatial").toDoubleArray());
        assertArrayEquals(new long[] {3, 3}, sub.obsp().get("spatial_distances").shape());
        assertEquals(List.of("d1", "d0"), sub.obsFrame().categoriesOf("domain").orElseThrow().categories());
        sub.obs().doubleColumn("score").set(0, 99.0);
        ((DenseArray) sub.X()).setDouble(0, 42);
        assertEquals(0.0, adata.obs().doubleColumn("score").get(0));
        assertEquals(0.0, ((DenseArray) adata.X()).getDouble(0));
    }

    @Test
    void geneSelectionByName() {
        AnnData adata = slide("c", "s1", 2);
        AnnData sub = adata.selectVars(List.of("C", "A"));
        assertEquals(List.of("C", "A"), sub.varNames());
        assertArrayEquals(new float[] {2, 0, 5, 3}, sub.X().toFloatArray());
        assertArrayEquals(new float[] {2, 0, 5, 3}, sub.layers().get("counts").toFloatArray());
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> adata.selectVars(List.of("Z")));
        assertEquals("var_names has no 'Z'", e.getMessage());
    }

    @Test
    void misalignedEntriesAreRefused() {
        AnnData adata = slide("c", "s1", 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adata.obsm().put("spatial", DenseArray.of(new double[6], 3, 2)));
        assertEquals("obsm['spatial'] must have shape (4, ...), got (3, 2)", e.getMessage());
        NoSuchElementException missing = assertThrows(NoSuchElementException.class, () -> adata.obsm().get("umap"));
        assertEquals("obsm has no key 'umap'; keys are [spatial]", missing.getMessage());
    }

    @Test
    void concatOfSlidesWithALabel() {
        AnnData a = slide("a", "s1", 3);
        AnnData b = slide("b", "s2", 2).selectVars(List.of("B", "C"));
        AnnData both = Concat.concat(List.of(a, b), "slide", List.of("s1", "s2"), "-");
        assertEquals(List.of("a0-s1", "a1-s1", "a2-s1", "b0-s2", "b1-s2"), both.obsNames());
        assertEquals(List.of("B", "C"), both.varNames());
        assertArrayEquals(new float[] {1, 2, 4, 5, 7, 8, 1, 2, 4, 5}, both.X().toFloatArray());
        assertEquals(List.of("s1", "s1", "s1", "s2", "s2"), both.obs().stringColumn("slide").asList());
        assertEquals(List.of("s1", "s2"), both.obsFrame().categoriesOf("slide").orElseThrow().categories());
        assertEquals(List.of("d1", "d0"), both.obsFrame().categoriesOf("domain").orElseThrow().categories());
        assertArrayEquals(new long[] {5, 2}, both.obsm().get("spatial").shape());
        assertTrue(both.obsp().isEmpty() && both.uns().isEmpty());
    }

    @Test
    void cellsCsv(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("cells.csv");
        Files.writeString(csv, "cell,x,y,slide,Cd4,Actb,kind\nq1,0.5,1,s1,3,0,t\nq2,2,3.5,s2,0,7,b\n");
        AnnData adata = CellsCsv.read(csv, new CellsCsv.Options("x", "y", "slide", "cell"));
        assertEquals(List.of("q1", "q2"), adata.obsNames());
        assertEquals(List.of("Cd4", "Actb"), adata.varNames());
        assertArrayEquals(new float[] {3, 0, 0, 7}, adata.X().toFloatArray());
        assertArrayEquals(new double[] {0.5, 1, 2, 3.5}, adata.obsm().get("spatial").toDoubleArray());
        assertEquals(List.of("slide", "kind"), adata.obs().columnNames());
        assertEquals(List.of("s1", "s2"), adata.obsFrame().categoriesOf("slide").orElseThrow().categories());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CellsCsv.read(csv, new CellsCsv.Options("x_um", "y", "slide", null)));
        assertTrue(e.getMessage().contains("coordinate column 'x_um' is missing"), e.getMessage());
    }
}
