package dev.sslheads.bench;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.novae.SpatialNeighbors;
import dev.sslheads.novae.data.MixtureToyDataset;
import dev.sslheads.novae.data.MixtureToySettings;
import dev.sslheads.novae.data.ToyDataset;
import dev.sslheads.novae.data.ToySettings;
import dev.sslheads.novae.eval.DomainBaselines;
import dev.sslheads.novae.model.EpochResult;
import dev.sslheads.novae.model.FitOptions;
import dev.sslheads.novae.model.Novae;
import dev.sslheads.novae.model.NovaeConfig;
import dev.sslheads.novae.model.WorkflowSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scripts/sslheads bench novae-quality}: spatial domains of one novae model trained on all panels of a toy
 * data set, next to the two training-free baselines of {@link DomainBaselines}, as one ARI (and NMI) over the cells
 * of all panels pooled against the true domains; the baselines fitted on each panel alone are given per panel
 * (what a per-panel analysis reaches without naming a domain alike across panels).
 *
 * <p>Data: novae's {@code toy_dataset} with its defaults (3 panels of different genes, 4 ring domains, 1959 cells
 * each) and the harder {@link MixtureToyDataset} (its defaults: 2 panels of 2 slides, 5 domains that are mixtures of
 * cell types, per-slide gene batch effects). Model: {@code Novae(panels, **kwargs)} (novae's defaults unless
 * {@code --set} says otherwise), {@code fit(max_epochs)} with novae's early stopping, {@code compute_representations},
 * {@code assign_domains(n_domains=true count)}; also k-means on {@code novae_latent}. Seeded: the toy data, the
 * model and k-means give the same figures on every run on one machine.
 *
 * <pre>NovaeQualityBench [--data toy|mixture|both] [--epochs 10] [--seed 0] [--set num_prototypes=16,...]</pre>
 */
public final class NovaeQualityBench {
    private NovaeQualityBench() {}

    public static void main(String[] args) {
        String data = "both";
        int epochs = 10;
        long seed = 0;
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--data" -> data = required("--data", value);
                case "--epochs" -> epochs = Integer.parseInt(required("--epochs", value));
                case "--seed" -> seed = Long.parseLong(required("--seed", value));
                case "--set" -> kwargs.putAll(kwargs(required("--set", value)));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; expected --data toy|mixture|both, --epochs N, --seed S or --set key=value,...");
            }
            i++;
        }
        if (!List.of("toy", "mixture", "both").contains(data)) {
            throw new IllegalArgumentException("--data must be toy, mixture or both, got '" + data + "'");
        }
        NovaeConfig config = NovaeConfig.DEFAULTS.with(kwargs);
        System.out.println("novae model: " + (kwargs.isEmpty() ? "default sizes" : kwargs) + ", fit(max_epochs=" + epochs
                + "), seed " + seed);
        System.out.println();
        System.out.println("| data | method | ARI | NMI |");
        System.out.println("|---|---|---:|---:|");
        if (!data.equals("mixture")) {
            run("toy_dataset (3 panels, 4 domains)", ToyDataset.generate(ToySettings.DEFAULTS), 4, config, epochs, seed);
        }
        if (!data.equals("toy")) {
            run("mixture toy (2 panels x 2 slides, 5 domains)", MixtureToyDataset.generate(MixtureToySettings.DEFAULTS),
                    MixtureToySettings.DEFAULTS.nDomains(), config, epochs, seed);
        }
    }

    private static void run(String name, List<AnnData> panels, int nDomains, NovaeConfig config, int epochs, long seed) {
        SpatialNeighbors.compute(panels, SpatialNeighbors.Options.DEFAULTS.withSlideKey("slide_key"));
        DomainBaselines.Result baselines = DomainBaselines.evaluate(panels, "domain", "slide_key", nDomains);
        row(name, "k-means on expression (" + baselines.sharedGenes().size() + " shared genes)", baselines.expression().pooled());
        row(name, "k-means on neighbour-averaged expression", baselines.neighbourhood().pooled());
        perPanel(name, "k-means on expression, fitted on each panel alone", baselines.expression().fittedPerPanel());
        perPanel(name, "k-means on neighbour-averaged expression, fitted on each panel alone",
                baselines.neighbourhood().fittedPerPanel());
        long start = System.nanoTime();
        try (Novae model = new Novae(panels, config, new WorkflowSettings(false, 1.0), seed, null)) {
            List<EpochResult> history = model.fit(panels, FitOptions.DEFAULTS.withMaxEpochs(epochs), null);
            model.computeRepresentations(panels, false);
            String key = model.assignDomains(panels, null, nDomains, null);
            double seconds = (System.nanoTime() - start) / 1e9;
            String trained = String.format(Locale.ROOT, "%d epochs, last loss %.3f, %.0f s", history.size(),
                    history.get(history.size() - 1).loss(), seconds);
            row(name, "novae domains, assign_domains(n_domains=" + nDomains + ") (" + trained + ")",
                    DomainBaselines.ofLabels(panels, "domain", key));
            row(name, "k-means on novae_latent", DomainBaselines.onEmbedding(panels, "domain", Novae.LATENT, nDomains).pooled());
        }
    }

    private static void row(String data, String method, DomainBaselines.Scores scores) {
        System.out.println(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f |", data, method, scores.ari(), scores.nmi()));
    }

    /** One row of per-panel scores (not one labelling: each panel's clusters are named independently). */
    private static void perPanel(String data, String method, List<DomainBaselines.Scores> scores) {
        String ari = String.join(" / ", scores.stream().map(x -> String.format(Locale.ROOT, "%.3f", x.ari())).toList());
        String nmi = String.join(" / ", scores.stream().map(x -> String.format(Locale.ROOT, "%.3f", x.nmi())).toList());
        System.out.println("| " + data + " | " + method + " (per panel) | " + ari + " | " + nmi + " |");
    }

    private static String required(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    /** {@code key=value,...}: integers, else decimals, as novae's keyword arguments. */
    private static Map<String, Object> kwargs(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            String[] kv = pair.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("--set expects key=value pairs separated by commas, got '" + pair + "'");
            }
            out.put(kv[0].trim(), kv[1].matches("-?\\d+") ? (Object) Integer.parseInt(kv[1]) : (Object) Double.parseDouble(kv[1]));
        }
        return out;
    }
}
