package dev.sslheads.novae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslheads.anndata.SparseMatrix;
import dev.sslheads.testing.Golden;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * novae's training and inference order (spec §3.3 "Order", "Length", "Loaders", "View"; §2.3), by its properties
 * (the random streams are this port's own, spec §7.4). Graphs: upstream's fixtures (tests/_utils.py) and the
 * golden graphs of golden/novae_data/neighborhoods.json ({@code /usr/bin/python3 scripts/reference/novae_data_goldens.py}).
 */
class NovaeDatasetTest {
    private static SparseMatrix golden(String name) {
        return Golden.load("novae_data/neighborhoods.json").children("cases").stream()
                .filter(c -> c.string("name").equals(name)).findFirst()
                .map(c -> NovaeGraphs.fromGolden(c.json().getAsJsonObject("adjacency"))).orElseThrow();
    }

    private static int[] validCells(PreparedAnnData adata) {
        return IntStream.range(0, adata.nObs()).filter(i -> adata.valid()[i]).toArray();
    }

    /** Spec §3.3 "Length": {@code min(n, max(50 000, ⌊0.02 n⌋))} cells, {@code ⌊len / B⌋} steps (drop_last). */
    private static int expectedSteps(long n, int batchSize) {
        long length = Math.min(n, Math.max(50_000, (long) Math.floor(0.02 * n)));
        return (int) (length / batchSize);
    }

    /** Spec §2.3: valid iff the view row is not empty (upstream: {@code obsp[view].sum(1) > 0}); local rows play no part. */
    @Test
    void validCellsHaveACellAtExactlyViewHops() {
        PreparedAnnData five = NovaeGraphs.slides(NovaeGraphs.fivePoint(), 1, 2, 2);
        assertArrayEquals(new boolean[] {true, false, true, false, false}, five.valid(), "upstream view h=2: only 0 <-> 2");
        SparseMatrix sinks = NovaeGraphs.directed(5, new int[][] {{0, 1}, {1, 2}, {3, 1}, {4, 3}}, new double[] {1, 1, 1, 1});
        PreparedAnnData directed = NovaeGraphs.slides(sinks, 1, 3, 1);
        assertTrue(directed.valid()[1], "a view candidate makes the cell valid ...");
        assertEquals(0, directed.neighborhoods().local(1).length, "... even with an empty local row (walks stop at the sink 2)");
        assertFalse(directed.valid()[2]);
    }

    @Test
    void singleSlideEpochIsAPermutationOfValidCellsInFullBatches() {
        PreparedAnnData adata = NovaeGraphs.slides(golden("knn_40_k3"), 1, 2, 2);
        int[] valid = validCells(adata);
        assertEquals(36, valid.length, "knn_40_k3 view h=2 (golden valid_2)");
        NovaeDataset dataset = new NovaeDataset(List.of(adata), 5, new Random(3));
        for (int epoch = 0; epoch < 3; epoch++) {
            List<NovaeDataset.Batch> batches = dataset.trainingEpoch();
            assertEquals(expectedSteps(valid.length, 5), batches.size());
            Set<Integer> seen = new HashSet<>();
            for (NovaeDataset.Batch batch : batches) {
                assertEquals(5, batch.centers().length);
                assertEquals("slide_0", batch.slideId());
                for (int c : batch.centers()) {
                    assertTrue(adata.valid()[c], "valid centre " + c);
                    assertTrue(seen.add(c), "no cell twice in one epoch: " + c);
                }
            }
        }
    }

    @Test
    void multiSlideBatchesAreSingleSlideAndSmallSlidesUpSampled() {
        // 3 slides of the line fixture in one AnnData (5 valid cells each at view h=1) and a second AnnData of 2
        PreparedAnnData first = NovaeGraphs.slides(NovaeGraphs.line(), 3, 1, 1);
        PreparedAnnData second = NovaeGraphs.slides(NovaeGraphs.line(), 2, 1, 1);
        List<PreparedAnnData> adatas = List.of(first, second);
        for (int batchSize : new int[] {2, 4, 5, 8, 13}) {
            NovaeDataset dataset = new NovaeDataset(adatas, batchSize, new Random(batchSize));
            int perSlide = Math.max(1, 5 / batchSize);
            List<NovaeDataset.Batch> batches = dataset.trainingEpoch();
            assertEquals(expectedSteps(5L * perSlide * batchSize, batchSize), batches.size());
            assertEquals(5 * perSlide, batches.size(), "every block of every slide once");
            Map<String, List<NovaeDataset.Batch>> bySlide = new HashMap<>();
            for (NovaeDataset.Batch batch : batches) {
                PreparedAnnData adata = adatas.get(batch.adata());
                assertEquals(batchSize, batch.centers().length);
                for (int c : batch.centers()) {
                    assertEquals(batch.slideId(), adata.slideOf(c), "single-slide batch");
                    assertTrue(adata.valid()[c], "valid centre");
                }
                bySlide.computeIfAbsent(batch.adata() + "/" + batch.slideId(), k -> new ArrayList<>()).add(batch);
            }
            assertEquals(5, bySlide.size());
            for (List<NovaeDataset.Batch> slide : bySlide.values()) {
                assertEquals(perSlide, slide.size());
                int[] cells = slide.stream().flatMapToInt(b -> Arrays.stream(b.centers())).toArray();
                if (batchSize <= 5) {
                    assertEquals(cells.length, Arrays.stream(cells).distinct().count(), "a permutation cut to full batches");
                } else {
                    assertTrue(Arrays.stream(cells).distinct().count() < cells.length, "up-sampled with replacement");
                }
            }
        }
    }

    @Test
    void upSamplingDrawsEveryValidCellUniformly() {
        PreparedAnnData adata = NovaeGraphs.slides(NovaeGraphs.line(), 2, 1, 1);
        NovaeDataset dataset = new NovaeDataset(List.of(adata), 1000, new Random(5));
        Map<Integer, Integer> counts = new HashMap<>();
        int draws = 0;
        for (int epoch = 0; epoch < 10; epoch++) {
            for (NovaeDataset.Batch batch : dataset.trainingEpoch()) {
                for (int c : batch.centers()) {
                    counts.merge(c, 1, Integer::sum);
                    draws++;
                }
            }
        }
        // 10 valid cells (5 per slide), each slide drawn 1000 times per epoch: p = 1/5 within its slide; 5 sigma
        assertEquals(Set.of(0, 1, 2, 3, 4, 6, 7, 8, 9, 10), counts.keySet());
        double expected = draws / 10.0;
        double sigma = Math.sqrt(draws / 2.0 * 0.2 * 0.8);
        for (int count : counts.values()) {
            assertEquals(expected, count, 5 * sigma);
        }
    }

    /** Length terms: n below 50 000; 50 000 ≤ n ≤ 2.5 M (length 50 000); n above 2.5 M (length ⌊0.02 n⌋). */
    @Test
    void epochLengthAndSteps() {
        // each slide (4 valid cells) is up-sampled to one block of B: n = slides · B
        PreparedAnnData six = NovaeGraphs.slides(NovaeGraphs.fivePoint(), 6, 1, 1);
        List<NovaeDataset.Batch> epoch = new NovaeDataset(List.of(six), 10_000, new Random(1)).trainingEpoch();
        assertEquals(expectedSteps(60_000, 10_000), epoch.size());
        assertEquals(5, epoch.size(), "n = 60 000 → 50 000 cells → 5 of the 6 blocks");
        PreparedAnnData many = NovaeGraphs.slides(NovaeGraphs.fivePoint(), 150, 1, 1);
        epoch = new NovaeDataset(List.of(many), 20_000, new Random(2)).trainingEpoch();
        assertEquals(expectedSteps(3_000_000, 20_000), epoch.size());
        assertEquals(3, epoch.size(), "n = 3 000 000 → ⌊0.02 n⌋ = 60 000 cells → 3 steps");
        assertEquals(195, expectedSteps(50_000, 256), "spec: 195 steps for 50 000 cells, B=256");
        int n = 60_001;
        String[] oneSlide = new String[n];
        Arrays.fill(oneSlide, "slide_0");
        PreparedAnnData single = NovaeGraphs.prepared(NovaeGraphs.path(n), oneSlide, 1, 1);
        epoch = new NovaeDataset(List.of(single), 7, new Random(3)).trainingEpoch();
        assertEquals(expectedSteps(n, 7), epoch.size(), "one slide: its valid cells, capped at 50 000");
        assertEquals(50_000 / 7, epoch.size());
        PreparedAnnData small = NovaeGraphs.slides(NovaeGraphs.fivePoint(), 1, 1, 1);
        assertEquals(0, new NovaeDataset(List.of(small), 5, new Random(1)).trainingEpoch().size(), "4 valid cells, B=5: no step");
    }

    @Test
    void viewsLieAtExactlyViewHops() {
        SparseMatrix a = golden("radius_40");
        for (int hops = 1; hops <= 3; hops++) {
            PreparedAnnData adata = NovaeGraphs.slides(a, 1, 2, hops);
            NovaeDataset dataset = new NovaeDataset(List.of(adata), 4, new Random(hops));
            for (int epoch = 0; epoch < 5; epoch++) {
                for (NovaeDataset.Batch batch : dataset.trainingEpoch()) {
                    int[] views = dataset.views(batch);
                    assertEquals(batch.centers().length, views.length);
                    for (int b = 0; b < views.length; b++) {
                        assertEquals(hops, NovaeGraphs.bfs(a, batch.centers()[b])[views[b]], "view of " + batch.centers()[b]);
                    }
                }
            }
        }
    }

    @Test
    void viewsAreUniformOverCandidates() {
        SparseMatrix a = golden("radius_40");
        PreparedAnnData adata = NovaeGraphs.slides(a, 1, 2, 2);
        int center = IntStream.range(0, a.rows()).filter(i -> adata.neighborhoods().view(i).length >= 4).findFirst().orElseThrow();
        int[] candidates = adata.neighborhoods().view(center);
        NovaeDataset dataset = new NovaeDataset(List.of(adata), 1, new Random(9));
        int draws = 20_000;
        int[] centers = new int[draws];
        Arrays.fill(centers, center);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int v : dataset.views(new NovaeDataset.Batch(0, centers, "slide_0"))) {
            counts.merge(v, 1, Integer::sum);
        }
        assertEquals(Arrays.stream(candidates).boxed().collect(Collectors.toSet()), counts.keySet());
        double p = 1.0 / candidates.length;
        for (int count : counts.values()) {
            assertEquals(draws * p, count, 5 * Math.sqrt(draws * p * (1 - p)), "5 sigma");
        }
    }

    @Test
    void inferenceCoversEveryValidCellOnceInOrder() {
        PreparedAnnData adata = NovaeGraphs.slides(golden("knn_40_k3"), 1, 2, 2);
        PreparedAnnData other = NovaeGraphs.slides(NovaeGraphs.fivePoint(), 1, 2, 2);
        NovaeDataset dataset = new NovaeDataset(List.of(adata, other), 8, new Random(1));
        List<NovaeDataset.Batch> batches = dataset.inference(0);
        assertArrayEquals(new int[] {8, 8, 8, 8, 4}, batches.stream().mapToInt(b -> b.centers().length).toArray(), "36 valid cells");
        assertArrayEquals(validCells(adata), batches.stream().flatMapToInt(b -> Arrays.stream(b.centers())).toArray());
        assertTrue(batches.stream().allMatch(b -> b.adata() == 0));
        List<NovaeDataset.Batch> second = dataset.inference(1);
        assertEquals(1, second.size());
        assertEquals(1, second.get(0).adata());
        assertArrayEquals(new int[] {0, 2}, second.get(0).centers());
    }

    @Test
    void seededRunsRepeatAndSeedsDiffer() {
        List<PreparedAnnData> single = List.of(NovaeGraphs.slides(golden("radius_40"), 1, 2, 2));
        List<PreparedAnnData> multi = List.of(NovaeGraphs.slides(golden("radius_40"), 3, 2, 2));
        for (List<PreparedAnnData> adatas : List.of(single, multi)) {
            List<int[]> a = run(adatas, 7);
            List<int[]> b = run(adatas, 7);
            List<int[]> c = run(adatas, 8);
            assertEquals(a.size(), b.size());
            for (int k = 0; k < a.size(); k++) {
                assertArrayEquals(a.get(k), b.get(k));
            }
            assertNotEquals(a.stream().map(Arrays::toString).toList(), c.stream().map(Arrays::toString).toList());
        }
    }

    /** Two epochs of centres, each batch followed by its views. */
    private static List<int[]> run(List<PreparedAnnData> adatas, long seed) {
        NovaeDataset dataset = new NovaeDataset(adatas, 4, new Random(seed));
        List<int[]> out = new ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            for (NovaeDataset.Batch batch : dataset.trainingEpoch()) {
                out.add(batch.centers());
                out.add(dataset.views(batch));
            }
        }
        return out;
    }

    @Test
    void rejectsBadArguments() {
        PreparedAnnData adata = NovaeGraphs.slides(NovaeGraphs.fivePoint(), 2, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> new NovaeDataset(List.of(), 4, new Random(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NovaeDataset(List.of(adata), 0, new Random(1)));
        assertTrue(e.getMessage().contains("batch_size=0"), e.getMessage());
        // multi-slide mode, a slide without valid cells (view h=3 is empty on the fixture): upstream fails too (§6.1)
        NovaeDataset dataset = new NovaeDataset(List.of(adata), 4, new Random(1));
        e = assertThrows(IllegalArgumentException.class, dataset::checkTrainable);
        assertTrue(e.getMessage().contains("slide_0"), e.getMessage());
    }
}
