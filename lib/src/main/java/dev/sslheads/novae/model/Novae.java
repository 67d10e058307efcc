package dev.sslheads.novae.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.novae.SpatialNeighbors;
import dev.sslheads.novae.data.NovaeDataset;
import dev.sslheads.novae.data.PreparedAnnData;
import dev.sslheads.novae.module.GraphAugmentation;
import dev.sslheads.novae.module.GraphTensors;
import dev.sslheads.novae.module.NovaeNetwork;
import dev.sslheads.swav.Mode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.StringColumn;

/**
 * novae's model and workflow (spec §1.2-§1.5, §4): {@code Novae(adata, ...)}, {@link #fit},
 * {@link #computeRepresentations}, {@link #assignDomains}, on the JVM. Every method checks its inputs and
 * computes its results before it writes to an AnnData, so an error leaves the AnnData as they were.
 * One seed fixes the initial weights, the shuffles, views and augmentations: seeded runs repeat exactly
 * on one device.
 *
 * <p>Choices where novae is silent or its behaviour is accidental (spec §6.2): the inferred vocabulary
 * and the slide-queue rows follow first appearance (novae: Python set order); the gene dropout is never
 * applied (as upstream); inference uses the prototypes as stored after the last step (as upstream).
 */
public final class Novae implements AutoCloseable {
    /** obsm key of the representations. */
    public static final String LATENT = "novae_latent";
    /** obs key of the leaves. */
    public static final String LEAVES = "novae_leaves";
    /** obs key of the valid cells. */
    public static final String VALID = "neighborhood_valid";
    /** obs prefix of the domains. */
    public static final String DOMAINS_PREFIX = "novae_domains_";
    /** uns key of novae's attributes. */
    public static final String ATTRS = "novae_attrs";

    private final NovaeConfig config;
    private final NovaeNetwork network;
    private final Mode mode = new Mode();
    private final Random random;
    private final WorkflowSettings settings;
    private final List<String> warnings = new ArrayList<>();
    private List<AnnData> adatas;

    /**
     * novae's constructor with data: prepares the AnnData (spec §2.2), builds the vocabulary, the network
     * and, with ≥ 2 slides and {@code min_prototypes_ratio < 1}, the slide queue.
     *
     * @param adatas one or more AnnData after {@code spatial_neighbors}
     * @param config novae's arguments ({@code var_names} null: the union of the used genes)
     * @param seed fixes every random draw of this model
     * @param device where the network lives (null: DJL's default)
     */
    public Novae(List<AnnData> adatas, NovaeConfig config, WorkflowSettings settings, long seed, Device device) {
        AdataPreparation.Result prepared = AdataPreparation.prepare(adatas, config.varNames(), settings.autoPreprocessing(),
                settings.scaleToMicrons());
        this.warnings.addAll(prepared.warnings());
        this.config = config.withVarNames(prepared.vocabulary());
        this.settings = settings;
        this.random = new Random(seed);
        this.network = new NovaeNetwork(this.config.sizes(), prepared.vocabulary(), mode, random.nextLong(), device);
        this.adatas = List.copyOf(adatas);
        network.head().setMinPrototypes(this.config.minPrototypesRatio());
        initSlideQueue(adatas, this.config.minPrototypesRatio());
    }

    public NovaeConfig config() {
        return config;
    }

    public Mode mode() {
        return mode;
    }

    public NovaeNetwork network() {
        return network;
    }

    /** Warnings novae would log, in order (data preparation, fitting, inference). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** novae's {@code init_slide_queue}: a queue over every slide when there are ≥ 2 of them and {@code ratio < 1}. */
    public void initSlideQueue(List<AnnData> data, double ratio) {
        Set<String> slides = new LinkedHashSet<>();
        for (AnnData adata : data) {
            StringColumn ids = (StringColumn) adata.obs().column(SpatialNeighbors.SLIDE_ID);
            for (int i = 0; i < ids.size(); i++) {
                slides.add(ids.get(i));
            }
        }
        if (ratio != 1 && slides.size() >= 2) {
            network.head().initQueue(List.copyOf(slides));
        }
    }

    /**
     * Trains the model (spec §4.1) on {@code data}, or on the AnnData given at construction when null.
     *
     * @param progress receives each epoch (a log; may be null); the terminal's {@link ProgressBar} shows steps too
     * @return every epoch's result
     */
    public List<EpochResult> fit(List<AnnData> data, FitOptions options, Consumer<EpochResult> progress) {
        ProgressBar bar = ProgressBar.forTerminal(options.maxEpochs());
        List<AnnData> training = data == null ? adatas : data;
        if (training == null) {
            throw new IllegalArgumentException("fit needs adata: the model was created without AnnData");
        }
        List<PreparedAnnData> prepared = prepare(training);
        mode.fit();
        network.head().resetClustering();
        NovaeDataset dataset = new NovaeDataset(prepared, config.batchSize(), random);
        GraphAugmentation augmentation = new GraphAugmentation(config.panelSubsetSize(), config.backgroundNoiseLambda(),
                config.sensitivityNoiseStd(), random.nextLong());
        List<EpochResult> history;
        try (DeviceData device = new DeviceData(network, prepared)) {
            history = new NovaeTrainer(network, augmentation).fit(device, dataset, options, mode.pretrained(), bar,
                    progress == null ? bar : bar.andThen(progress));
        }
        mode.setTrained(true);
        this.adatas = List.copyOf(training);
        writeValidity(prepared);
        return history;
    }

    /** Prepares {@code data} with the model's vocabulary and builds each one's graphs and standardised expression. */
    private List<PreparedAnnData> prepare(List<AnnData> data) {
        AdataPreparation.Result result = AdataPreparation.prepare(data, config.varNames(), settings.autoPreprocessing(),
                settings.scaleToMicrons());
        warnings.addAll(result.warnings());
        List<PreparedAnnData> prepared = new ArrayList<>();
        for (int a = 0; a < data.size(); a++) {
            AnnData adata = data.get(a);
            int[] columns = result.usedColumns().get(a);
            long[] rows = new long[columns.length];
            for (int k = 0; k < columns.length; k++) {
                rows[k] = network.embedder().indexOf(adata.varNames().get(columns[k]));
            }
            prepared.add(PreparedAnnData.of(adata, columns, rows, config.nHopsLocal(), config.nHopsView(), settings.scaleToMicrons()));
        }
        double valid = prepared.stream().mapToDouble(p -> count(p.valid())).sum() / prepared.stream().mapToInt(PreparedAnnData::nObs).sum();
        if (valid < 0.7) {
            warnings.add(String.format(java.util.Locale.ROOT, "Only %.2f%% of the cells have a valid neighborhood. Consider running"
                    + " novae.spatial_neighbors with a larger radius.", 100 * valid));
        }
        return prepared;
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }

    private void writeValidity(List<PreparedAnnData> prepared) {
        for (PreparedAnnData p : prepared) {
            AdataPreparation.replace(p.adata().obs(), BooleanColumn.create(VALID, p.valid()));
            Map<String, Object> attrs = new LinkedHashMap<>();
            if (p.adata().uns().get(ATTRS) instanceof Map<?, ?> existing) {
                existing.forEach((k, v) -> attrs.put(String.valueOf(k), v));
            }
            attrs.put("n_hops_local", (long) config.nHopsLocal());
            attrs.put("n_hops_view", (long) config.nHopsView());
            attrs.put("zero_shot", mode.zeroShot());
            p.adata().uns().put(ATTRS, attrs);
        }
    }

    /**
     * novae's {@code compute_representations} (spec §4.2): {@code obsm["novae_latent"]} (valid cells; 0 for
     * the others) and {@code obs["novae_leaves"]} ("D{k}", missing for invalid cells), without augmentation.
     *
     * @param data the AnnData to embed, or null for the training ones
     * @param zeroShot whether the leaves come from k-means prototypes fitted on the latents of {@code reference}
     */
    public void computeRepresentations(List<AnnData> data, boolean zeroShot) {
        if (!mode.trained() && !zeroShot) {
            throw new IllegalStateException("the model is not trained: run fit (or load a pretrained model) before compute_representations");
        }
        List<AnnData> targets = data == null ? adatas : data;
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("compute_representations needs adata: the model holds none");
        }
        List<PreparedAnnData> prepared = prepare(targets);
        mode.setZeroShot(zeroShot);
        List<float[]> latents = new ArrayList<>();
        try (DeviceData device = new DeviceData(network, prepared)) {
            NovaeDataset dataset = new NovaeDataset(prepared, config.batchSize(), random);
            for (int a = 0; a < prepared.size(); a++) {
                latents.add(latent(device, dataset, a));
            }
        }
        if (zeroShot) {
            setKmeansPrototypes(prepared, latents);
        }
        List<StringColumn> leaves = new ArrayList<>();
        for (int a = 0; a < prepared.size(); a++) {
            leaves.add(leaves(prepared.get(a), latents.get(a)));
        }
        for (int a = 0; a < prepared.size(); a++) {
            AnnData adata = prepared.get(a).adata();
            adata.obsm().put(LATENT, DenseArray.of(latents.get(a), adata.nObs(), config.outputSize()));
            AdataPreparation.replace(adata.obs(), leaves.get(a));
        }
        writeValidity(prepared);
    }

    /** The {@code (n_obs, O)} latent of AnnData {@code a}, row-major, 0 on invalid cells. */
    private float[] latent(DeviceData device, NovaeDataset dataset, int a) {
        PreparedAnnData adata = device.adata(a);
        int o = config.outputSize();
        float[] latent = new float[adata.nObs() * o];
        for (NovaeDataset.Batch batch : dataset.inference(a)) {
            try (NDScope ignored = new NDScope(); GraphTensors graph = device.graphs(a, batch.centers())) {
                float[] z = network.represent(device.nodes(a, graph), device.genes(a), graph).stopGradient().toFloatArray();
                for (int b = 0; b < batch.centers().length; b++) {
                    System.arraycopy(z, b * o, latent, batch.centers()[b] * o, o);
                }
            }
        }
        return latent;
    }

    /** Zero-shot: k-means prototypes on the valid cells' latents of every AnnData (novae's reference "all"). */
    private void setKmeansPrototypes(List<PreparedAnnData> prepared, List<float[]> latents) {
        try (NDScope ignored = new NDScope()) {
            NDList parts = new NDList();
            for (int a = 0; a < prepared.size(); a++) {
                parts.add(validRows(prepared.get(a), latents.get(a)));
            }
            network.head().setKmeansPrototypes(NDArrays.concat(parts, 0));
        }
    }

    private NDArray validRows(PreparedAnnData adata, float[] latent) {
        int o = config.outputSize();
        boolean[] valid = adata.valid();
        float[] rows = new float[count(valid) * o];
        int r = 0;
        for (int i = 0; i < valid.length; i++) {
            if (valid[i]) {
                System.arraycopy(latent, i * o, rows, r++ * o, o);
            }
        }
        return dev.sslheads.ndarray.OwnedArrays.of(network.manager(), rows, new ai.djl.ndarray.types.Shape(r, o));
    }

    /** novae's leaves: argmax over all K prototypes of the projections (spec §4.3); missing for invalid cells. */
    private StringColumn leaves(PreparedAnnData adata, float[] latent) {
        String[] values = new String[adata.nObs()];
        try (NDScope ignored = new NDScope()) {
            long[] argmax = network.head().projection(validRows(adata, latent)).argMax(1).toLongArray();
            int r = 0;
            for (int i = 0; i < values.length; i++) {
                values[i] = adata.valid()[i] ? "D" + argmax[r++] : null;
            }
        }
        return StringColumn.create(LEAVES, values);
    }

    /**
     * novae's {@code assign_domains} (spec §4.4) without Leiden: {@code obs["novae_domains_<level>"]} (or
     * {@code keyAdded}) as a categorical of "D{node}" from the prototypes' hierarchy; with {@code nDomains} the
     * first level at which the leaves present fall into that many domains. Unlike upstream, {@code level = 0}
     * is rejected instead of silently copying the leaves.
     *
     * @return the obs key written
     * @throws IllegalArgumentException without leaves, with {@code level} outside [1, K], or when no level gives
     *     {@code nDomains} domains
     */
    public String assignDomains(List<AnnData> data, Integer level, Integer nDomains, String keyAdded) {
        List<AnnData> targets = data == null ? adatas : data;
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("assign_domains needs adata: the model holds none");
        }
        List<StringColumn> leaves = new ArrayList<>();
        for (AnnData adata : targets) {
            if (!adata.obs().containsColumn(LEAVES)) {
                throw new IllegalArgumentException("obs['" + LEAVES + "'] is missing: run compute_representations first");
            }
            leaves.add((StringColumn) adata.obs().column(LEAVES));
        }
        int k = config.numPrototypes();
        int resolved;
        if (nDomains != null) {
            if (nDomains < 1) {
                throw new IllegalArgumentException("n_domains must be >= 1, got " + nDomains);
            }
            resolved = network.head().findLevel(presentLeaves(leaves), nDomains);
        } else {
            if (level == null || level < 1 || level > k) {
                throw new IllegalArgumentException("level must be in [1, num_prototypes=" + k + "], got " + level);
            }
            resolved = level;
        }
        String key = keyAdded != null && nDomains == null ? keyAdded : DOMAINS_PREFIX + resolved;
        List<StringColumn> domains = new ArrayList<>();
        for (StringColumn column : leaves) {
            domains.add(network.head().mapLeavesDomains(column, resolved).setName(key));
        }
        for (int a = 0; a < targets.size(); a++) {
            AdataPreparation.replace(targets.get(a).obs(), domains.get(a));
            targets.get(a).obsFrame().setCategorical(key, dev.sslheads.anndata.Frame.sortedCategories(domains.get(a)), false);
        }
        return key;
    }

    private int[] presentLeaves(List<StringColumn> leaves) {
        java.util.TreeSet<Integer> present = new java.util.TreeSet<>();
        for (StringColumn column : leaves) {
            for (int i = 0; i < column.size(); i++) {
                if (!column.isMissing(i)) {
                    present.add(Integer.parseInt(column.get(i).substring(1)));
                }
            }
        }
        if (present.isEmpty()) {
            throw new IllegalArgumentException("obs['" + LEAVES + "'] has no leaf: no cell is valid");
        }
        return present.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public void close() {
        network.close();
    }
}
