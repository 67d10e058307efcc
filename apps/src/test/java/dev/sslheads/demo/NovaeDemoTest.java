package dev.sslheads.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.h5ad.H5adReader;
import dev.sslheads.anndata.h5ad.H5adWriter;
import dev.sslheads.novae.data.ToyDataset;
import dev.sslheads.novae.data.ToySettings;
import dev.sslheads.novae.model.Novae;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job on a user's file, and its option errors. */
class NovaeDemoTest {
    @TempDir
    Path dir;

    @Test
    void runsOnAUsersFileAndWritesEveryOutput() throws Exception {
        ToySettings small = new ToySettings(1, 3, 2, 200, 100, 20, 20, 5, 1.5, 2.0, true, false, false, 0L);
        Path input = dir.resolve("slides.h5ad");
        H5adWriter.write(ToyDataset.generate(small).get(0), input);
        Path out = dir.resolve("results");
        NovaeDemo.run(new String[] {"--input", input.toString(), "--slide-key", "slide_key", "--radius", "80",
            "--n-domains", "3", "--epochs", "1", "--out", out.toString()});
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("domains.csv", "domains.png", "domains_hierarchy.png", "domains_proportions.png",
                    "prototype_weights.png", "slides_novae.h5ad"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        AnnData back = H5adReader.read(out.resolve("slides_novae.h5ad"));
        assertTrue(back.obs().containsColumn("novae_domains_3"), "domains in the written AnnData");
        assertEquals(back.nObs(), back.obsm().get(Novae.LATENT).shape()[0]);
        assertTrue(back.obsm().containsKey("novae_latent_corrected"));
        List<String> csv = Files.readAllLines(out.resolve("domains.csv"));
        assertEquals("cell,adata,novae_sid,x,y,novae_leaves,novae_domains_3,domain", csv.get(0));
        assertEquals(back.nObs() + 1, csv.size());
    }

    @Test
    void badOptionsAreNamed() {
        assertEquals("--slide-key applies to --input FILE.h5ad; the toy slides use their own", error("--slide-key", "s"));
        assertEquals("--input must be an .h5ad file, got 'x.csv'", error("--input", "x.csv"));
        assertEquals("--epochs must be an integer >= 1, got '0'", error("--epochs", "0"));
        assertEquals("--n-domains must be an integer >= 2, got 'many'", error("--n-domains", "many"));
        assertEquals("--radius must be a positive number, got '-3'", error("--input", "a.h5ad", "--radius", "-3"));
        assertTrue(error("--colour", "red").startsWith("unknown option --colour\nusage: scripts/sslheads demo"));
        assertTrue(error("--epochs").startsWith("--epochs needs a value"));
        assertEquals("--input: no such file '" + dir.resolve("none.h5ad") + "'", assertThrows(IllegalArgumentException.class,
                () -> NovaeDemo.run(new String[] {"--input", dir.resolve("none.h5ad").toString()})).getMessage());
    }

    private static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> NovaeDemoOptions.parse(args)).getMessage();
    }
}
