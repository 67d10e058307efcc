package dev.sslheads.demo;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.h5ad.H5adReader;
import dev.sslheads.anndata.h5ad.H5adWriter;
import dev.sslheads.novae.SpatialNeighbors;
import dev.sslheads.novae.data.ToyDataset;
import dev.sslheads.novae.data.ToySettings;
import dev.sslheads.novae.eval.DomainBaselines;
import dev.sslheads.novae.model.EpochResult;
import dev.sslheads.novae.model.FitOptions;
import dev.sslheads.novae.model.Novae;
import dev.sslheads.novae.model.NovaeConfig;
import dev.sslheads.novae.model.ProgressBar;
import dev.sslheads.novae.model.WorkflowSettings;
import dev.sslheads.novae.plot.DomainsPlot;
import dev.sslheads.novae.plot.DomainsProportionsPlot;
import dev.sslheads.novae.plot.NovaePlots;
import dev.sslheads.runtime.Devices;
import dev.sslheads.util.AtomicFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The main job ({@code scripts/sslheads demo}): novae's workflow on spatial slides, start to end. On the default toy
 * slides (novae's {@code toy_dataset} with 2 gene panels of 2 slides each, 4 ring domains) or on a user's
 * {@code .h5ad}: {@code spatial_neighbors}, {@code Novae(...)}, {@code fit} (progress per epoch),
 * {@code compute_representations}, {@code assign_domains}, {@code batch_effect_correction}; on the toy slides the
 * domains are scored (ARI, NMI over all cells of all slides) next to k-means on expression and on neighbour-averaged
 * expression. Writes into the output folder: each AnnData with its results as {@code .h5ad}, {@code domains.csv}
 * (one row per cell) and the plots {@code domains.png}, {@code domains_proportions.png},
 * {@code domains_hierarchy.png} and {@code prototype_weights.png} (with a slide queue).
 *
 * <p>The model is smaller than novae's default (2 GATv2 layers of 64 channels, 4 heads, 32 prototypes; novae: 10
 * layers of 128, 8 heads, 512 prototypes) so the toy run takes about a minute on 2 cores; every other argument is
 * novae's.
 */
public final class NovaeDemo {
    /** The demo's model sizes; the rest are novae's defaults. */
    static final Map<String, Object> MODEL = Map.of("num_layers", 2, "hidden_size", 64, "heads", 4, "num_prototypes", 32);
    private static final String TRUTH = "domain";
    private static final int TOY_DOMAINS = 4;
    private static final int DEFAULT_LEVEL = 7;

    private NovaeDemo() {}

    /** Runs the demo; a bad option or input prints its message (no stack trace) and exits with status 2. */
    public static void main(String[] args) throws IOException {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sslheads demo: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * The demo with {@code args}.
     *
     * @throws IllegalArgumentException naming a bad option, a missing file or column, or data novae rejects
     */
    static void run(String[] args) throws IOException {
        NovaeDemoOptions options = NovaeDemoOptions.parse(args);
        boolean toy = options.input() == null;
        long start = System.nanoTime();
        List<AnnData> adatas;
        List<String> names;
        String slideKey;
        if (toy) {
            adatas = ToyDataset.generate(new ToySettings(2, TOY_DOMAINS, 2, 500, 100, 20, 20, 5, 1.5, 2.0, true, false, false,
                    options.seed()));
            names = List.of("toy_panel_0", "toy_panel_1");
            slideKey = "slide_key";
        } else {
            if (!Files.isRegularFile(options.input())) {
                throw new IllegalArgumentException("--input: no such file '" + options.input() + "'");
            }
            adatas = List.of(H5adReader.read(options.input()));
            String stem = options.input().getFileName().toString();
            names = List.of(stem.substring(0, stem.length() - ".h5ad".length()) + "_novae");
            slideKey = options.slideKey();
            if (slideKey != null && !adatas.get(0).obs().containsColumn(slideKey)) {
                throw new IllegalArgumentException("--slide-key: obs has no column '" + slideKey + "' (columns: "
                        + adatas.get(0).obs().columnNames() + ")");
            }
        }
        int cells = adatas.stream().mapToInt(AnnData::nObs).sum();
        System.out.printf(Locale.ROOT, "sslheads demo: novae's workflow on %s: %d cells, %d AnnData, %s, %d threads%n",
                toy ? "the toy slides (2 gene panels x 2 slides, 4 domains)" : options.input(), cells, adatas.size(),
                Devices.resolve(), Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()));

        Stopwatch clock = new Stopwatch();
        SpatialNeighbors.Options neighbours = SpatialNeighbors.Options.DEFAULTS.withSlideKey(slideKey);
        SpatialNeighbors.compute(adatas, options.radius() == null ? neighbours : neighbours.withRadius(options.radius()));
        clock.lap("spatial_neighbors");

        NovaeConfig config = NovaeConfig.DEFAULTS.with(MODEL);
        WorkflowSettings settings = toy ? new WorkflowSettings(false, 1.0) : WorkflowSettings.DEFAULTS;
        try (Novae model = new Novae(adatas, config, settings, options.seed(), Devices.resolve())) {
            boolean bar = ProgressBar.showsOnTerminal();
            List<EpochResult> history = model.fit(adatas, FitOptions.DEFAULTS.withMaxEpochs(options.epochs()), r -> {
                if (!bar) {
                    System.out.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  entropy %.3f  %.1f s%s%n", r.epoch() + 1,
                            options.epochs(), r.loss(), r.entropy(), r.seconds(), r.prototypesFrozen() ? "  (prototypes frozen)" : "");
                }
            });
            clock.lap("fit (" + history.size() + " epochs)");
            model.warnings().forEach(w -> System.out.println("warning: " + w));
            model.computeRepresentations(adatas, false);
            clock.lap("compute_representations");
            Integer nDomains = options.nDomains() != null ? options.nDomains() : toy ? Integer.valueOf(TOY_DOMAINS) : null;
            String key = model.assignDomains(adatas, nDomains == null ? DEFAULT_LEVEL : null, nDomains, null);
            clock.lap("assign_domains -> obs['" + key + "']");
            model.batchEffectCorrection(adatas, key);
            clock.lap("batch_effect_correction");
            if (toy) {
                printScores(adatas, key, TOY_DOMAINS);
            }
            Files.createDirectories(options.out());
            List<Path> written = new ArrayList<>();
            for (int a = 0; a < adatas.size(); a++) {
                Path file = options.out().resolve(names.get(a) + ".h5ad");
                H5adWriter.write(adatas.get(a), file);
                written.add(file);
            }
            written.add(writeDomainsTable(adatas, key, options.out().resolve("domains.csv")));
            DomainsPlot.Options plot = DomainsPlot.Options.DEFAULTS.withObsKey(key);
            written.add(DomainsPlot.render(adatas, toy ? plot.withSlideNameKey(slideKey) : plot).save(options.out().resolve("domains.png")));
            written.add(DomainsProportionsPlot.render(adatas, key, toy ? slideKey : null, new double[] {2, 5})
                    .save(options.out().resolve("domains_proportions.png")));
            written.add(NovaePlots.domainsHierarchy(model, 10, new int[0], 8).save(options.out().resolve("domains_hierarchy.png")));
            if (model.network().head().hasQueue()) {
                written.add(NovaePlots.prototypeWeights(model, true).save(options.out().resolve("prototype_weights.png")));
            }
            clock.lap("writing " + written.size() + " files");
            System.out.println();
            System.out.println("wrote " + options.out().toAbsolutePath() + ":");
            for (Path file : written) {
                System.out.printf(Locale.ROOT, "  %-28s %,10d bytes%n", file.getFileName(), Files.size(file));
            }
        }
        System.out.printf(Locale.ROOT, "%ntotal %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    /** ARI and NMI of the domains and of the baselines, over all cells of all slides. */
    private static void printScores(List<AnnData> adatas, String key, int nDomains) {
        DomainBaselines.Result baselines = DomainBaselines.evaluate(adatas, TRUTH, "slide_key", nDomains);
        System.out.println();
        System.out.println("against the true domains, all cells of all slides pooled:");
        System.out.printf(Locale.ROOT, "  %-58s %7s %7s%n", "method", "ARI", "NMI");
        score("novae domains (" + key + ")", DomainBaselines.ofLabels(adatas, TRUTH, key));
        score("k-means on novae_latent", DomainBaselines.onEmbedding(adatas, TRUTH, Novae.LATENT, nDomains).pooled());
        score("k-means on expression (" + baselines.sharedGenes().size() + " shared genes)", baselines.expression().pooled());
        score("k-means on neighbour-averaged expression (10 cells)", baselines.neighbourhood().pooled());
        System.out.println();
    }

    private static void score(String method, DomainBaselines.Scores scores) {
        System.out.printf(Locale.ROOT, "  %-58s %7.3f %7.3f%n", method, scores.ari(), scores.nmi());
    }

    /** One row per cell: name, AnnData, slide, coordinates, leaf, domain (and the true domain when known). */
    private static Path writeDomainsTable(List<AnnData> adatas, String key, Path path) throws IOException {
        Table table = Table.create("domains");
        StringColumn cell = StringColumn.create("cell");
        StringColumn adata = StringColumn.create("adata");
        StringColumn slide = StringColumn.create(SpatialNeighbors.SLIDE_ID);
        DoubleColumn x = DoubleColumn.create("x");
        DoubleColumn y = DoubleColumn.create("y");
        StringColumn leaves = StringColumn.create(Novae.LEAVES);
        StringColumn domains = StringColumn.create(key);
        StringColumn truth = StringColumn.create(TRUTH);
        boolean known = adatas.stream().allMatch(a -> a.obs().containsColumn(TRUTH));
        for (int a = 0; a < adatas.size(); a++) {
            AnnData data = adatas.get(a);
            double[] xy = data.obsm().get("spatial").toDoubleArray();
            for (int i = 0; i < data.nObs(); i++) {
                cell.append(data.obsNames().get(i));
                adata.append(String.valueOf(a));
                slide.append(data.obs().column(SpatialNeighbors.SLIDE_ID).getString(i));
                x.append(xy[2 * i]);
                y.append(xy[2 * i + 1]);
                leaves.append(data.obs().column(Novae.LEAVES).getString(i));
                domains.append(data.obs().column(key).getString(i));
                if (known) {
                    truth.append(data.obs().column(TRUTH).getString(i));
                }
            }
        }
        table.addColumns(cell, adata, slide, x, y, leaves, domains);
        if (known) {
            table.addColumns(truth);
        }
        StringWriter csv = new StringWriter();
        table.write().csv(csv);
        AtomicFiles.write(path, csv.toString().getBytes(StandardCharsets.UTF_8));
        return path;
    }

    /** Prints each stage's seconds as it ends. */
    private static final class Stopwatch {
        private long last = System.nanoTime();

        void lap(String stage) {
            long now = System.nanoTime();
            System.out.printf(Locale.ROOT, "%-44s %6.1f s%n", stage, (now - last) / 1e9);
            last = now;
        }
    }
}
