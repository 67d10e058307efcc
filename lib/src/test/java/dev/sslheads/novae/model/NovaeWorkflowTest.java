package dev.sslheads.novae.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.sslheads.anndata.AnnData;
import dev.sslheads.novae.SpatialNeighbors;
import dev.sslheads.novae.data.ToyDataset;
import dev.sslheads.novae.data.ToySettings;
import dev.sslheads.novae.module.CellEmbedder;
import dev.sslheads.util.CheckpointFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model's workflow beyond training numerics: save_pretrained / from_pretrained (exact round trip, novae's
 * layout, corrupt directories), fine_tune, zero-shot references and the checks that run before anything is
 * written. Small sizes on two small toy panels keep it fast; parity and quality are tested elsewhere.
 */
class NovaeWorkflowTest {
    static final NovaeConfig SMALL = NovaeConfig.DEFAULTS.with(Map.of("num_layers", 2, "hidden_size", 16, "heads", 4,
            "embedding_size", 16, "output_size", 8, "num_prototypes", 16, "batch_size", 32));
    static final WorkflowSettings SETTINGS = new WorkflowSettings(true, 1.0);

    static Novae trained;
    static List<AnnData> toy;

    static List<AnnData> toy(long seed) {
        List<AnnData> panels = ToyDataset.generate(new ToySettings(2, 3, 1, 160, 40, 5, 20, 5, 1.5, 2.0, true, false, false, seed));
        SpatialNeighbors.compute(panels, SpatialNeighbors.Options.DEFAULTS.withSlideKey("slide_key"));
        return panels;
    }

    @BeforeAll
    static void train() {
        toy = toy(0);
        trained = new Novae(toy, SMALL, SETTINGS, 7, null);
        trained.fit(toy, FitOptions.DEFAULTS.withMaxEpochs(2), null);
        trained.computeRepresentations(toy, false);
    }

    @Test
    void savePretrainedWritesNovaeLayoutAndFromPretrainedRestoresEveryWeightExactly(@TempDir Path dir) throws IOException {
        Path saved = dir.resolve("my_model");
        trained.savePretrained(saved);
        assertEquals(List.of("README.md", "config.json", "model.safetensors"), list(saved));
        assertEquals(trained.config().toJson() + "\n", Files.readString(saved.resolve("config.json")));
        try (Novae loaded = Novae.fromPretrained(saved, SETTINGS, 0, null)) {
            assertTrue(loaded.mode().pretrained() && loaded.mode().trained());
            assertTrue(loaded.network().embedder().embeddingFrozen());
            assertEquals(trained.config(), loaded.config());
            Map<String, NDArray> expected = trained.network().stateDict();
            Map<String, NDArray> actual = loaded.network().stateDict();
            for (Map.Entry<String, NDArray> e : expected.entrySet()) {
                if (e.getKey().equals(dev.sslheads.novae.module.NovaeNetwork.QUEUE)) {
                    assertFalse(actual.containsKey(e.getKey()), "the queue is not restored (torch strict=False into a model without one)");
                    continue;
                }
                assertArrayEquals(e.getValue().toFloatArray(), actual.get(e.getKey()).toFloatArray(), e.getKey());
            }
            List<AnnData> copy = toy.stream().map(AnnData::copy).toList();
            loaded.computeRepresentations(copy, false);
            for (int a = 0; a < toy.size(); a++) {
                assertArrayEquals(toy.get(a).obsm().get(Novae.LATENT).toFloatArray(), copy.get(a).obsm().get(Novae.LATENT).toFloatArray());
                assertEquals(toy.get(a).obs().stringColumn(Novae.LEAVES).asList(), copy.get(a).obs().stringColumn(Novae.LEAVES).asList());
            }
        }
    }

    @Test
    void corruptOrMissingModelDirectoriesAreClearErrors(@TempDir Path dir) throws IOException {
        Path saved = dir.resolve("m");
        trained.savePretrained(saved);
        assertThrows(NoSuchFileException.class, () -> Novae.fromPretrained(dir.resolve("absent"), SETTINGS, 0, null));

        Path noWeights = copyOf(saved, dir.resolve("no_weights"));
        Files.delete(noWeights.resolve("model.safetensors"));
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> Novae.fromPretrained(noWeights, SETTINGS, 0, null));
        assertTrue(missing.getMessage().contains("model.safetensors"), missing.getMessage());

        Path badConfig = copyOf(saved, dir.resolve("bad_config"));
        Files.writeString(badConfig.resolve("config.json"), "{\"num_layers\": [1]", StandardCharsets.UTF_8);
        CheckpointFormatException config = assertThrows(CheckpointFormatException.class, () -> Novae.fromPretrained(badConfig, SETTINGS, 0, null));
        assertTrue(config.getMessage().contains("config.json"), config.getMessage());

        Path truncated = copyOf(saved, dir.resolve("truncated"));
        byte[] weights = Files.readAllBytes(truncated.resolve("model.safetensors"));
        Files.write(truncated.resolve("model.safetensors"), Arrays.copyOf(weights, weights.length / 2));
        CheckpointFormatException cut = assertThrows(CheckpointFormatException.class, () -> Novae.fromPretrained(truncated, SETTINGS, 0, null));
        assertTrue(cut.getMessage().contains("model.safetensors"), cut.getMessage());

        Path otherSizes = copyOf(saved, dir.resolve("other_sizes"));
        Files.writeString(otherSizes.resolve("config.json"), trained.config().with(Map.of("output_size", 12)).toJson());
        CheckpointFormatException shape = assertThrows(CheckpointFormatException.class, () -> Novae.fromPretrained(otherSizes, SETTINGS, 0, null));
        assertTrue(shape.getMessage().contains("shape"), shape.getMessage());
    }

    @Test
    void fineTuneReplacesThePrototypesAndKeepsTheGeneEmbedding(@TempDir Path dir) throws IOException {
        Path saved = dir.resolve("m");
        trained.savePretrained(saved);
        List<AnnData> other = toy(3);
        try (Novae model = Novae.fromPretrained(saved, SETTINGS, 0, null)) {
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> model.fineTune(other, Reference.slides(List.of("nowhere")), FitOptions.DEFAULTS.withMaxEpochs(1), 0.3, null));
            assertTrue(unknown.getMessage().contains("nowhere"), unknown.getMessage());
            float[] embedding = model.network().parameters().get(CellEmbedder.EMBEDDING).toFloatArray();
            float[] prototypes = model.network().head().prototypesParameter().getArray().toFloatArray();
            List<EpochResult> history = model.fineTune(other, Reference.LARGEST, FitOptions.DEFAULTS.withMaxEpochs(1).withLr(5e-4), 0.3, null);
            assertEquals(1, history.size());
            assertFalse(history.get(0).prototypesFrozen(), "a pretrained model trains its prototypes from epoch 0");
            assertArrayEquals(embedding, model.network().parameters().get(CellEmbedder.EMBEDDING).toFloatArray());
            assertFalse(Arrays.equals(prototypes, model.network().head().prototypesParameter().getArray().toFloatArray()));
            assertTrue(model.network().head().hasQueue(), "two slides: fine_tune builds a queue for them");
        }
        try (Novae fresh = new Novae(other, SMALL, SETTINGS, 0, null)) {
            assertThrows(IllegalStateException.class, () -> fresh.fineTune(other, null, FitOptions.DEFAULTS.withMaxEpochs(1), 0.3, null));
        }
    }

    @Test
    void fineTuneKmeansPrototypesComeFromLatentsWithoutAugmentation(@TempDir Path dir) throws IOException {
        Path saved = dir.resolve("m");
        trained.savePretrained(saved);
        List<AnnData> other = toy(4);
        try (Novae model = Novae.fromPretrained(saved, SETTINGS, 0, null)) {
            model.fineTune(other, Reference.ALL, FitOptions.DEFAULTS.withMaxEpochs(0), 0.3, null);
            float[] fineTuned = model.network().head().prototypesParameter().getArray().toFloatArray();
            model.computeRepresentations(other, true, Reference.ALL);
            assertArrayEquals(model.network().head().kmeansPrototypes().toFloatArray(), fineTuned, 1e-6f,
                    "novae augments these latents when the module is in training mode; this port never does (spec 6.2 item 4)");
        }
    }

    @Test
    void zeroShotNeedsAKnownReferenceWithEnoughCellsAndWritesNothingOtherwise() {
        List<AnnData> other = toy(5);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> trained.computeRepresentations(other, true, Reference.slides(List.of("slide_9_9"))));
        assertTrue(unknown.getMessage().contains("slide_9_9") && unknown.getMessage().contains("known slide ids"), unknown.getMessage());
        IllegalArgumentException index = assertThrows(IllegalArgumentException.class,
                () -> trained.computeRepresentations(other, true, Reference.adatas(List.of(2))));
        assertTrue(index.getMessage().contains("[0, 2)"), index.getMessage());
        for (AnnData adata : other) {
            assertFalse(adata.obsm().containsKey(Novae.LATENT));
            assertFalse(adata.obs().containsColumn(Novae.LEAVES));
        }
        assertFalse(trained.mode().zeroShot());
        String slide = other.get(1).obs().stringColumn(SpatialNeighbors.SLIDE_ID).get(0);
        trained.computeRepresentations(other, true, Reference.slides(List.of(slide)));
        assertTrue(trained.mode().zeroShot());
        assertNotEquals(null, trained.network().head().kmeansPrototypes());
        trained.computeRepresentations(toy, false);
        assertFalse(trained.mode().zeroShot());
    }

    @Test
    void domainLevelsOutOfRangeAndTooManyDomainsAreRejectedBeforeWriting() {
        List<AnnData> copy = toy.stream().map(AnnData::copy).toList();
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> trained.assignDomains(copy, 0, null, null));
        assertTrue(zero.getMessage().contains("level must be in [1, num_prototypes=16], got 0"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> trained.assignDomains(copy, 17, null, null));
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class, () -> trained.assignDomains(copy, null, 40, null));
        assertTrue(many.getMessage().contains("40"), many.getMessage());
        for (AnnData adata : copy) {
            assertTrue(adata.obs().columnNames().stream().noneMatch(c -> c.startsWith(Novae.DOMAINS_PREFIX)));
        }
    }

    @Test
    void aSlideOfOneCellStopsFitBeforeAnythingChanges() {
        List<AnnData> panels = toy(8);
        AnnData panel = panels.get(0);
        String[] slides = panel.obs().stringColumn("slide_key").asObjectArray();
        slides[0] = "lonely";
        AdataPreparation.replace(panel.obs(), tech.tablesaw.api.StringColumn.create("slide_key", slides));
        IllegalArgumentException delaunay = assertThrows(IllegalArgumentException.class,
                () -> SpatialNeighbors.compute(panels, SpatialNeighbors.Options.DEFAULTS.withSlideKey("slide_key")));
        assertTrue(delaunay.getMessage().contains("slide lonely"), delaunay.getMessage());
        SpatialNeighbors.compute(panels, new SpatialNeighbors.Options("slide_key", new double[] {0, 30}, null, null, null, false, 1, null,
                false, true, false));
        try (Novae model = new Novae(panels, SMALL, SETTINGS, 0, null)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.fit(panels, FitOptions.DEFAULTS.withMaxEpochs(1), null));
            assertTrue(e.getMessage().contains("lonely") && e.getMessage().contains("no valid cell"), e.getMessage());
            assertFalse(panel.obs().containsColumn(Novae.VALID));
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Path copyOf(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String name : list(from)) {
            Files.copy(from.resolve(name), to.resolve(name));
        }
        return to;
    }
}
