package dev.sslheads.novae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.metrics.ClusteringScores;
import dev.sslheads.novae.SpatialNeighbors;
import dev.sslheads.novae.data.ToyDataset;
import dev.sslheads.novae.data.ToySettings;
import dev.sslheads.novae.eval.DomainBaselines;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spatial-domain quality of one model trained on all three gene panels of novae's {@code toy_dataset} (its defaults:
 * 1959 cells per panel, 4 ring domains, 78-80 genes of 100 per panel), seeded, at a small size that trains in seconds
 * (2 GATv2 layers of 64, 4 heads, 16 prototypes, 3 epochs).
 *
 * <p>What it asserts is the property the issue names for a model trained on all panels: the same domain gets the same
 * label in every panel, so the domains scored over all cells pooled are about as good as within each panel, and far
 * above the pooled training-free baselines of {@link DomainBaselines} (k-means on the shared genes, raw and
 * neighbour-averaged), whose clusters follow the panels' expression shifts. The absolute target (pooled ARI
 * at least 0.85) is not asserted: novae's method does not reach it on this data (its torch reference gave 0.40 and
 * 0.11 at seeds 0 and 1; this port 0.22-0.70 over the sizes and seeds in BENCHMARKS.md, "novae-quality").
 */
class NovaeQualityTest {
    private static final int DOMAINS = 4;

    @Test
    void oneModelNamesEachDomainAlikeInEveryPanel() {
        List<AnnData> panels = ToyDataset.generate(ToySettings.DEFAULTS);
        SpatialNeighbors.compute(panels, SpatialNeighbors.Options.DEFAULTS.withSlideKey("slide_key"));
        DomainBaselines.Result baselines = DomainBaselines.evaluate(panels, "domain", "slide_key", DOMAINS);
        NovaeConfig config = NovaeConfig.DEFAULTS.with(
                Map.of("num_layers", 2, "hidden_size", 64, "heads", 4, "num_prototypes", 16));
        try (Novae model = new Novae(panels, config, new WorkflowSettings(false, 1.0), 0, null)) {
            model.fit(panels, FitOptions.DEFAULTS.withMaxEpochs(3), null);
            model.computeRepresentations(panels, false);
            String key = model.assignDomains(panels, null, DOMAINS, null);

            double pooled = DomainBaselines.ofLabels(panels, "domain", key).ari();
            double bestBaseline = Math.max(baselines.expression().pooled().ari(), baselines.neighbourhood().pooled().ari());
            double[] perPanel = panels.stream().mapToDouble(p -> ari(p, key)).toArray();
            double meanPerPanel = java.util.Arrays.stream(perPanel).average().orElseThrow();

            assertTrue(pooled >= bestBaseline + 0.2, "pooled ARI " + pooled + " vs best pooled baseline " + bestBaseline);
            assertEquals(meanPerPanel, pooled, 0.1, "pooled ARI vs the mean of the per-panel ARIs " + java.util.Arrays.toString(perPanel));
            assertTrue(DomainBaselines.onEmbedding(panels, "domain", Novae.LATENT, DOMAINS).pooled().ari() >= bestBaseline + 0.2,
                    "k-means on novae_latent");
        }
    }

    /** ARI of {@code obs[key]} against the true domains within one panel. */
    private static double ari(AnnData panel, String key) {
        int n = panel.nObs();
        int[] truth = new int[n];
        int[] labels = new int[n];
        Map<String, Integer> truthCodes = new HashMap<>();
        Map<String, Integer> labelCodes = new HashMap<>();
        for (int i = 0; i < n; i++) {
            truth[i] = truthCodes.computeIfAbsent(panel.obs().column("domain").getString(i), s -> truthCodes.size());
            labels[i] = labelCodes.computeIfAbsent(panel.obs().column(key).getString(i), s -> labelCodes.size());
        }
        return ClusteringScores.adjustedRandIndex(truth, labels);
    }
}
