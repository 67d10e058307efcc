package dev.sslheads.bench;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.h5ad.H5adReader;
import dev.sslheads.novae.model.EpochResult;
import dev.sslheads.novae.model.FitOptions;
import dev.sslheads.novae.model.Novae;
import dev.sslheads.novae.model.NovaeConfig;
import dev.sslheads.novae.model.WorkflowSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The Java side of {@code scripts/reference/bench_novae.py} ({@code scripts/sslheads bench novae}), which runs
 * the torch reference of the same model on the same file in the same run and prints the ratios.
 * {@code fit FILE}: reads an .h5ad after {@code spatial_neighbors} (obsp spatial_distances, obs novae_sid), builds
 * novae's model with the default sizes, trains one epoch and computes the representations of every cell; prints one
 * JSON line with the seconds of each stage, cells per second and the peak resident memory ({@code VmHWM}).
 */
public final class NovaeBench {
    private NovaeBench() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !args[0].equals("fit")) {
            throw new IllegalArgumentException("usage: NovaeBench fit FILE.h5ad");
        }
        Path file = Path.of(args[1]);
        long t0 = System.nanoTime();
        AnnData adata = H5adReader.read(file);
        long t1 = System.nanoTime();
        try (Novae model = new Novae(List.of(adata), NovaeConfig.DEFAULTS, new WorkflowSettings(false, 1.0), 0, null)) {
            long t2 = System.nanoTime();
            List<EpochResult> epochs = model.fit(null, FitOptions.DEFAULTS.withMaxEpochs(1), null);
            long t3 = System.nanoTime();
            model.computeRepresentations(null, false);
            long t4 = System.nanoTime();
            int trainedCells = epochs.get(0).steps() * model.config().batchSize();
            double fit = (t3 - t2) / 1e9;
            double infer = (t4 - t3) / 1e9;
            System.out.println(String.format(Locale.ROOT, "{\"side\": \"java\", \"n_obs\": %d, \"n_vars\": %d, \"read_s\": %.2f,"
                    + " \"build_s\": %.2f, \"epoch_s\": %.2f, \"steps\": %d, \"loss\": %.5f, \"represent_s\": %.2f,"
                    + " \"cells_per_s_train\": %.1f, \"cells_per_s_infer\": %.1f, \"peak_rss_mb\": %.1f}",
                    adata.nObs(), adata.nVars(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, fit, epochs.get(0).steps(), epochs.get(0).loss(),
                    infer, trainedCells / fit, adata.nObs() / infer, SpatialDataBench.statusKb("VmHWM") / 1024.0));
        }
    }
}
