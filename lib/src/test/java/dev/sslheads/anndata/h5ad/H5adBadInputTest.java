package dev.sslheads.anndata.h5ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.hdf5.Compression;
import dev.sslheads.anndata.hdf5.H5Dataset;
import dev.sslheads.anndata.hdf5.H5File;
import dev.sslheads.anndata.hdf5.H5Group;
import dev.sslheads.anndata.hdf5.Hdf5;
import dev.sslheads.anndata.hdf5.Hdf5Exception;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.IntColumn;

/** Files that are not AnnData, broken files and writes that fail: each error names the file and the field. */
class H5adBadInputTest {
    @TempDir
    Path dir;

    private static AnnData small() {
        AnnData adata = AnnData.of(DenseArray.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2), List.of("a", "b", "c"), List.of("g1", "g2"));
        adata.obs().addColumns(IntColumn.create("n", 1, 2, 3));
        return adata;
    }

    @Test
    void missingFile() {
        Path path = dir.resolve("absent.h5ad");
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> H5adReader.read(path));
        assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
    }

    @Test
    void notHdf5() throws Exception {
        Path path = dir.resolve("cells.h5ad");
        Files.writeString(path, "x,y\n1,2\n");
        Hdf5Exception e = assertThrows(Hdf5Exception.class, () -> H5adReader.read(path));
        assertTrue(e.getMessage().contains(path.toString()) && e.getMessage().contains("not an HDF5 file"), e.getMessage());
    }

    @Test
    void hdf5ButNotAnnData() throws Exception {
        Path path = dir.resolve("other.h5");
        ReentrantLock lock = Hdf5.lock();
        try (H5File file = H5File.create(path); H5Group g = file.root().createGroup("images")) {
            g.writeStringAttribute("kind", "microscope");
        } finally {
            lock.unlock();
        }
        H5adFormatException e = assertThrows(H5adFormatException.class, () -> H5adReader.read(path));
        assertTrue(e.getMessage().contains("not AnnData") && e.getMessage().contains("[images]"), e.getMessage());
    }

    @Test
    void truncatedFile() throws Exception {
        Path path = dir.resolve("full.h5ad");
        H5adWriter.write(small(), path);
        byte[] bytes = Files.readAllBytes(path);
        Path cut = dir.resolve("cut.h5ad");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Hdf5Exception e = assertThrows(Hdf5Exception.class, () -> H5adReader.read(cut));
        assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void xAndObsOfDifferentLengths() throws Exception {
        Path path = dir.resolve("mismatch.h5ad");
        ReentrantLock lock = Hdf5.lock();
        try (H5File file = H5File.create(path)) {
            H5Group root = file.root();
            root.writeEncoding("anndata", "0.1.0");
            try (H5Dataset x = root.writeArray("X", DenseArray.of(new float[8], 4, 2), Compression.NONE)) {
                x.writeEncoding("array", "0.2.0");
            }
            try (H5Group obs = root.createGroup("obs")) {
                obs.writeEncoding("dataframe", "0.2.0");
                obs.writeStringAttribute("_index", "_index");
                obs.writeStringsAttribute("column-order", List.of());
                obs.writeStrings("_index", new String[] {"a", "b", "c"}).close();
            }
        } finally {
            lock.unlock();
        }
        H5adFormatException e = assertThrows(H5adFormatException.class, () -> H5adReader.read(path));
        assertTrue(e.getMessage().contains("X: has shape (4, 2) but obs has 3 rows"), e.getMessage());
    }

    @Test
    void obsColumnOfWrongLengthIsRefusedBeforeWriting() throws Exception {
        AnnData adata = small();
        adata.obs().removeColumns("n");
        adata.obs().addColumns(IntColumn.create("extra", 1, 2)); // Tablesaw checks lengths only against other columns
        Path path = dir.resolve("out.h5ad");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> H5adWriter.write(adata, path));
        assertEquals("obs column 'extra' has 2 values, but obs has 3 rows (its index)", e.getMessage());
        assertTrue(Files.notExists(path));
    }

    @Test
    void failedWriteLeavesTheOldFileAndNoTemporary() throws Exception {
        Path path = dir.resolve("kept.h5ad");
        H5adWriter.write(small(), path);
        byte[] before = Files.readAllBytes(path);
        AnnData bad = small();
        bad.uns().put("when", java.time.LocalDate.of(2026, 12, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> H5adWriter.write(bad, path));
        assertTrue(e.getMessage().startsWith("uns/when holds a LocalDate"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(path));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(path), files.toList());
        }
    }
}
