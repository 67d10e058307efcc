package dev.sslheads.novae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.SparseMatrix;
import dev.sslheads.anndata.h5ad.H5adReader;
import dev.sslheads.anndata.h5ad.H5adWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.StringColumn;

/** novae's spatial_neighbors on AnnData: slide ids, obsp, uns, warnings and errors (spec §1.1 steps 1, 6, 7). */
class SpatialNeighborsTest {
    private static AnnData cells(int n, long seed, String... slides) {
        Random random = new Random(seed);
        double[] xy = new double[2 * n];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = random.nextDouble() * 100;
        }
        AnnData adata = AnnData.of(DenseArray.of(new float[n], n, 1));
        adata.obsm().put("spatial", DenseArray.of(xy, n, 2));
        StringColumn slide = StringColumn.create("slide");
        for (int i = 0; i < n; i++) {
            slide.append(slides[i % slides.length]);
        }
        adata.obs().addColumns(slide);
        return adata;
    }

    @Test
    void writesGraphsSlideIdsAndParameters(@TempDir Path dir) throws Exception {
        AnnData adata = cells(300, 1, "a", "b");
        List<String> warnings = SpatialNeighbors.compute(List.of(adata), SpatialNeighbors.Options.DEFAULTS.withSlideKey("slide").withRadius(30));
        assertTrue(warnings.isEmpty(), warnings.toString());
        SparseMatrix d = (SparseMatrix) adata.obsp().get("spatial_distances");
        List<String> sid = adata.obs().stringColumn("novae_sid").asList();
        for (int i = 0; i < 300; i++) {
            for (long k = d.indptr()[i]; k < d.indptr()[i + 1]; k++) {
                assertEquals(sid.get(i), sid.get(d.indices()[(int) k]), "no edge across slides");
            }
        }
        assertEquals(List.of("a", "b"), adata.obsFrame().categoriesOf("novae_sid").orElseThrow().categories());
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) ((Map<String, Object>) adata.uns().get("spatial_neighbors")).get("params");
        assertEquals(Map.of("radius", List.of(0.0, 30.0), "set_diag", false, "coord_type", "generic"), params);
        Path file = dir.resolve("graph.h5ad");
        H5adWriter.write(adata, file);
        AnnData back = H5adReader.read(file);
        assertEquals(d.nnz(), ((SparseMatrix) back.obsp().get("spatial_distances")).nnz());
    }

    @Test
    void overlappingSlideIdsArePrefixed() {
        AnnData one = cells(50, 2, "s1");
        AnnData two = cells(50, 3, "s1");
        List<String> warnings = SpatialNeighbors.compute(List.of(one, two), SpatialNeighbors.Options.DEFAULTS.withSlideKey("slide"));
        assertTrue(warnings.get(0).startsWith("Some slides may have the same `slide_key` values"), warnings.toString());
        String a = one.obs().stringColumn("novae_sid").get(0);
        String b = two.obs().stringColumn("novae_sid").get(0);
        assertTrue(a.endsWith("_s1") && b.endsWith("_s1") && !a.equals(b), a + " " + b);
        SpatialNeighbors.compute(List.of(one, two), SpatialNeighbors.Options.DEFAULTS);
        assertFalse(one.obs().stringColumn("novae_sid").get(0).equals(two.obs().stringColumn("novae_sid").get(0)));
    }

    @Test
    void warnsOnFewNeighbours() {
        AnnData adata = cells(200, 4, "a");
        List<String> warnings = SpatialNeighbors.compute(List.of(adata), SpatialNeighbors.Options.DEFAULTS.withRadius(4));
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("The mean number of neighbors is")), warnings.toString());
    }

    @Test
    void errorsNameTheField() {
        AnnData noSpatial = AnnData.of(DenseArray.of(new float[3], 3, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpatialNeighbors.compute(List.of(noSpatial), SpatialNeighbors.Options.DEFAULTS));
        assertTrue(e.getMessage().startsWith("obsm['spatial'] is missing"), e.getMessage());
        NoSuchElementException k = assertThrows(NoSuchElementException.class,
                () -> SpatialNeighbors.compute(List.of(cells(10, 5, "a")), SpatialNeighbors.Options.DEFAULTS.withSlideKey("sample")));
        assertTrue(k.getMessage().startsWith("slide_key='sample' must be a column of every adata.obs"), k.getMessage());
        AnnData far = cells(30, 6, "a");
        e = assertThrows(IllegalArgumentException.class,
                () -> SpatialNeighbors.compute(List.of(far), SpatialNeighbors.Options.DEFAULTS.withRadius(1e-6)));
        assertEquals("No neighbors found. Please check your `radius` parameter.", e.getMessage());
        assertFalse(far.obsp().containsKey("spatial_distances") || far.obs().containsColumn("novae_sid"), "state unchanged");
        SpatialNeighbors.Options grid = new SpatialNeighbors.Options(null, null, null, "hexagonal", null, null, 1, null, false, true, true);
        e = assertThrows(IllegalArgumentException.class, () -> SpatialNeighbors.compute(List.of(cells(10, 7, "a")), grid));
        assertEquals("coord_type must be 'generic' or 'grid', got 'hexagonal'", e.getMessage());
    }
}
