package dev.sslheads.anndata.h5ad;

import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.hdf5.Compression;
import dev.sslheads.testing.ReferencePython;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both directions against Debian's anndata 0.8: {@code /usr/bin/python3
 * scripts/reference/h5ad_fixtures.py write DIR} makes the files (anndata 0.8 for most cases; h5py
 * for a file in encodings only anndata 0.11-0.13 write, and one in anndata 0.7's layout) and each
 * file's summary as anndata reads it; Java reads every file and must give the same summary; then
 * Java writes what it read (plain and gzip) and {@code h5ad_fixtures.py check} makes anndata 0.8
 * read it, with every warning an error, and compare with the same summary.
 */
class H5adRoundTripTest {
    @TempDir
    static Path fixtures;

    static JsonObject expected;

    @BeforeAll
    static void writeFixtures() throws Exception {
        ReferencePython.runOk("h5ad_fixtures.py", "write", fixtures.toString());
        expected = JsonParser.parseString(Files.readString(fixtures.resolve("expected.json"), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    static Stream<Arguments> cases() throws Exception {
        if (expected == null) {
            writeFixtures();
        }
        return expected.keySet().stream().sorted().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void javaReadsWhatAnndataWrote(String name) throws Exception {
        AnnData adata = H5adReader.read(fixtures.resolve(name + ".h5ad"));
        assertNull(AnnDataSummary.firstDifference(expected.get(name), AnnDataSummary.of(adata), name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anndataReadsWhatJavaWrote(String name, @TempDir Path out) throws Exception {
        AnnData adata = H5adReader.read(fixtures.resolve(name + ".h5ad"));
        Path plain = out.resolve(name + ".h5ad");
        H5adWriter.write(adata, plain);
        ReferencePython.runOk("h5ad_fixtures.py", "check", plain.toString(), fixtures.resolve("expected.json").toString(), name);
        Path gzip = out.resolve(name + ".gz.h5ad");
        H5adWriter.write(adata, gzip, Compression.gzip(4));
        ReferencePython.runOk("h5ad_fixtures.py", "check", gzip.toString(), fixtures.resolve("expected.json").toString(), name);
        assertNull(AnnDataSummary.firstDifference(expected.get(name), AnnDataSummary.of(H5adReader.read(gzip)), name));
    }
}
