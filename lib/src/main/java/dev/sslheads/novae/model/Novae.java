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
import dev.sslheads.novae.module.PcaInitialization;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.swav.Mode;
import dev.sslheads.util.CheckpointFormatException;
import java.io.IOException;
import java.nio.file.Path;
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

    /** The state_dict name of the zero-shot k-means prototypes. */
    static final String KMEANS_PROTOTYPES = "swav_head._kmeans_prototypes";
    /** Cells sampled for fine-tuning's k-means prototypes (novae's {@code DEFAULT_SAMPLE_CELLS}). */
    static final int DEFAULT_SAMPLE_CELLS = 100_000;

    private NovaeConfig config;
    private final NovaeNetwork network;
    private final Mode mode = new Mode();
    private final Random random;
    private final WorkflowSettings settings;
    private final List<String> warnings = new ArrayList<>();
    private List<AnnData> adatas;
    private String latestDomainsKey;

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
        this(AdataPreparation.prepare(adatas, config.varNames(), settings.autoPreprocessing(), settings.scaleToMicrons()), adatas,
                config, settings, seed, device);
    }

    private Novae(AdataPreparation.Result prepared, List<AnnData> adatas, NovaeConfig config, WorkflowSettings settings, long seed,
                  Device device) {
        this(config.withVarNames(prepared.vocabulary()), settings, seed, device);
        this.warnings.addAll(prepared.warnings());
        PcaInitialization.Result pca = PcaInitialization.rows(adatas, network.embedder().indices(), config.embeddingSize(),
                config.pcaInitReferenceIndex());
        this.warnings.addAll(pca.warnings());
        network.embedder().setRows(pca.rows());
        this.adatas = List.copyOf(adatas);
        initSlideQueue(adatas, this.config.minPrototypesRatio());
    }

    /** A model without data: the network of {@code config}, whose {@code var_names} is the vocabulary. */
    private Novae(NovaeConfig config, WorkflowSettings settings, long seed, Device device) {
        this.config = config;
        this.settings = settings;
        this.random = new Random(seed);
        this.network = new NovaeNetwork(config.sizes(), config.varNames(), mode, random.nextLong(), device);
        network.head().setMinPrototypes(config.minPrototypesRatio());
    }

    /**
     * novae's {@code save_pretrained}: {@code config.json}, {@code model.safetensors} (the whole state_dict,
     * with the slide queue and the zero-shot k-means prototypes when they exist) and a model card in {@code dir}.
     */
    public void savePretrained(Path dir) throws IOException {
        Map<String, NDArray> state = new LinkedHashMap<>(network.stateDict());
        if (network.head().kmeansPrototypes() != null) {
            state.put(KMEANS_PROTOTYPES, network.head().kmeansPrototypes());
        }
        ModelDirectory.save(dir, config, state);
    }

    /**
     * novae's {@code from_pretrained} on a local directory: the network of {@code config.json} with the tensors
     * of {@code model.safetensors} loaded as torch's {@code strict=False} does (unknown names such as the queue are
     * ignored; a missing one keeps its initial value, with a warning), pretrained and trained, the gene embedding
     * frozen. No queue: {@code fine_tune} builds one for its data, as upstream.
     *
     * @throws java.nio.file.NoSuchFileException without the directory or one of its two files
     * @throws CheckpointFormatException for an unreadable config, a foreign or corrupt weights file, or a tensor
     *     whose shape differs from the config's
     */
    public static Novae fromPretrained(Path dir, WorkflowSettings settings, long seed, Device device) throws IOException {
        NovaeConfig config = ModelDirectory.readConfig(dir);
        Map<String, ModelDirectory.Tensor> tensors = ModelDirectory.readWeights(dir);
        Novae model = new Novae(config, settings, seed, device);
        try {
            model.load(tensors, dir.resolve(ModelDirectory.WEIGHTS));
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        model.mode.fromPretrained();
        model.network.embedder().setEmbeddingFrozen(true);
        return model;
    }

    private void load(Map<String, ModelDirectory.Tensor> tensors, Path file) throws CheckpointFormatException {
        Map<String, NDArray> expected = network.stateDict();
        for (Map.Entry<String, NDArray> e : expected.entrySet()) {
            ModelDirectory.Tensor tensor = tensors.get(e.getKey());
            if (tensor == null) {
                warnings.add(file + " has no tensor " + e.getKey() + ": it keeps its initial values");
            } else if (!tensor.shape().equals(e.getValue().getShape())) {
                throw new CheckpointFormatException(file, "tensor " + e.getKey() + " has shape " + tensor.shape() + ", config.json gives "
                        + e.getValue().getShape());
            }
        }
        for (Map.Entry<String, NDArray> e : expected.entrySet()) {
            ModelDirectory.Tensor tensor = tensors.get(e.getKey());
            if (tensor == null) {
                continue;
            }
            if (e.getKey().equals(NovaeNetwork.PROTOTYPES)) {
                try (NDArray prototypes = OwnedArrays.of(network.manager(), tensor.values(), tensor.shape())) {
                    network.head().setPrototypes(prototypes);
                }
            } else {
                network.parameters().set(e.getKey(), tensor.values(), tensor.shape());
            }
        }
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

    /**
     * novae's {@code init_slide_queue}: records {@code ratio} as {@code min_prototypes_ratio}; unless it is 1, a fresh
     * queue over the slides of {@code data} (first appearance) when there are ≥ 2 of them, with that many minimum
     * prototypes. With one slide an existing queue is kept, as upstream.
     */
    public void initSlideQueue(List<AnnData> data, double ratio) {
        config = config.with(Map.of("min_prototypes_ratio", ratio));
        if (ratio == 1) {
            return;
        }
        Set<String> slides = new LinkedHashSet<>();
        for (AnnData adata : data) {
            StringColumn ids = (StringColumn) adata.obs().column(SpatialNeighbors.SLIDE_ID);
            for (int i = 0; i < ids.size(); i++) {
                slides.add(ids.get(i));
            }
        }
        if (slides.size() >= 2) {
            network.head().setMinPrototypes(ratio);
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
        NovaeDataset dataset = new NovaeDataset(prepared, config.batchSize(), random);
        dataset.checkTrainable();
        mode.fit();
        network.head().resetClustering();
        GraphAugmentation augmentation = new GraphAugmentation(config.panelSubsetSize(), config.backgroundNoiseLambda(),
                config.sensitivityNoiseStd(), random.nextLong());
        List<EpochResult> history;
        try (DeviceData device = new DeviceData(network, prepared)) {
            history = new NovaeTrainer(network, augmentation).fit(device, dataset, options, mode.pretrained(), bar,
                    progress == null ? bar : bar.andThen(progress));
        }
        if (!history.isEmpty() && history.get(0).steps() == 0) {
            warnings.add("No training step: the only slide has fewer valid cells than batch_size=" + config.batchSize()
                    + "; the model is marked trained with its initial weights, as novae does");
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

    /** {@link #computeRepresentations(List, boolean, Reference)} with the reference "all". */
    public void computeRepresentations(List<AnnData> data, boolean zeroShot) {
        computeRepresentations(data, zeroShot, Reference.ALL);
    }

    /**
     * novae's {@code compute_representations} (spec §4.2): {@code obsm["novae_latent"]} (valid cells; 0 for
     * the others) and {@code obs["novae_leaves"]} ("D{k}", missing for invalid cells), without augmentation.
     *
     * @param data the AnnData to embed, or null for the training ones
     * @param zeroShot whether the leaves come from k-means prototypes fitted on the latents of {@code reference}
     * @param reference the cells whose latents define the zero-shot prototypes (ignored unless {@code zeroShot})
     * @throws IllegalArgumentException for an unknown reference, or fewer valid reference cells than prototypes
     */
    public void computeRepresentations(List<AnnData> data, boolean zeroShot, Reference reference) {
        if (!mode.trained() && !zeroShot) {
            throw new IllegalStateException("the model is not trained: run fit (or load a pretrained model) before compute_representations");
        }
        List<AnnData> targets = data == null ? adatas : data;
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("compute_representations needs adata: the model holds none");
        }
        if (zeroShot && reference == null) {
            throw new IllegalArgumentException("zero-shot representations need a reference (\"all\", \"largest\", slide ids or AnnData indices), got None");
        }
        List<PreparedAnnData> prepared = prepare(targets);
        boolean[][] chosen = zeroShot ? referenceCells(prepared, reference, Integer.MAX_VALUE) : null;
        List<float[]> latents = new ArrayList<>();
        try (DeviceData device = new DeviceData(network, prepared)) {
            NovaeDataset dataset = new NovaeDataset(prepared, config.batchSize(), random);
            for (int a = 0; a < prepared.size(); a++) {
                latents.add(latent(device, dataset, a));
            }
        }
        mode.setZeroShot(zeroShot);
        if (zeroShot) {
            try (NDScope ignored = new NDScope()) {
                NDList parts = new NDList();
                for (int a = 0; a < prepared.size(); a++) {
                    parts.add(rows(latents.get(a), chosen[a]));
                }
                network.head().setKmeansPrototypes(NDArrays.concat(parts, 0));
            }
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

    /**
     * The valid cells of {@code reference}, at most {@code limit} of them (a seeded sample without replacement
     * beyond that, as novae's {@code sample_cells} takes the first of a shuffle).
     *
     * @throws IllegalArgumentException for an unknown reference or fewer such cells than prototypes
     */
    private boolean[][] referenceCells(List<PreparedAnnData> prepared, Reference reference, int limit) {
        boolean[][] masks = reference.select(prepared.stream().map(PreparedAnnData::adata).toList());
        List<int[]> cells = new ArrayList<>();
        for (int a = 0; a < prepared.size(); a++) {
            for (int i = 0; i < masks[a].length; i++) {
                masks[a][i] &= prepared.get(a).valid()[i];
                if (masks[a][i]) {
                    cells.add(new int[] {a, i});
                }
            }
        }
        if (cells.size() < config.numPrototypes()) {
            throw new IllegalArgumentException("reference " + reference + " has " + cells.size() + " valid cells, fewer than num_prototypes="
                    + config.numPrototypes() + " (k-means needs one cell per prototype at least)");
        }
        if (cells.size() > limit) {
            java.util.Collections.shuffle(cells, random);
            for (int[] cell : cells.subList(limit, cells.size())) {
                masks[cell[0]][cell[1]] = false;
            }
        }
        return masks;
    }

    /** The {@code (n_obs, O)} latent of AnnData {@code a}, row-major, 0 on invalid cells. */
    private float[] latent(DeviceData device, NovaeDataset dataset, int a) {
        return latent(device, dataset, a, null);
    }

    /** As {@link #latent(DeviceData, NovaeDataset, int)}, computed only for the valid cells in {@code among} (0 elsewhere). */
    private float[] latent(DeviceData device, NovaeDataset dataset, int a, boolean[] among) {
        PreparedAnnData adata = device.adata(a);
        int o = config.outputSize();
        float[] latent = new float[adata.nObs() * o];
        for (NovaeDataset.Batch batch : dataset.inference(a, among)) {
            try (NDScope ignored = new NDScope(); GraphTensors graph = device.graphs(a, batch.centers())) {
                float[] z = network.represent(device.nodes(a, graph), device.genes(a), graph).stopGradient().toFloatArray();
                for (int b = 0; b < batch.centers().length; b++) {
                    System.arraycopy(z, b * o, latent, batch.centers()[b] * o, o);
                }
            }
        }
        return latent;
    }

    /** The rows of {@code latent} where {@code mask} is set, as a {@code (n, O)} array. */
    private NDArray rows(float[] latent, boolean[] mask) {
        int o = config.outputSize();
        float[] rows = new float[count(mask) * o];
        int r = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                System.arraycopy(latent, i * o, rows, r++ * o, o);
            }
        }
        return OwnedArrays.of(network.manager(), rows, new ai.djl.ndarray.types.Shape(r, o));
    }

    /**
     * novae's {@code fine_tune} (spec §4.6) of a pretrained model on {@code data}: new prototypes (Kaiming-uniform
     * when {@code reference} is null, else k-means on the latents of at most 100,000 of its valid cells, computed
     * without augmentation where upstream augments when the module is in training mode), a slide queue for
     * {@code data} with {@code minPrototypesRatio}, then {@link #fit} with {@code options} (novae's fine-tuning lr
     * is 5e-4), the prototypes trainable from epoch 0 and the gene embedding frozen. {@code data} is checked before
     * anything changes.
     *
     * @throws IllegalStateException unless the model is pretrained
     */
    public List<EpochResult> fineTune(List<AnnData> data, Reference reference, FitOptions options, double minPrototypesRatio,
                                      Consumer<EpochResult> progress) {
        if (!mode.pretrained()) {
            throw new IllegalStateException("fine_tune needs a pretrained model (Novae.from_pretrained); this one is not pretrained");
        }
        if (data == null || data.isEmpty()) {
            throw new IllegalArgumentException("fine_tune needs adata: give the AnnData to fine-tune on");
        }
        config.with(Map.of("min_prototypes_ratio", minPrototypesRatio));
        List<PreparedAnnData> prepared = prepare(data);
        new NovaeDataset(prepared, config.batchSize(), random).checkTrainable();
        mode.fineTune();
        if (reference == null) {
            network.head().resetPrototypes(random.nextLong());
        } else {
            boolean[][] chosen = referenceCells(prepared, reference, DEFAULT_SAMPLE_CELLS);
            try (NDScope ignored = new NDScope(); DeviceData device = new DeviceData(network, prepared)) {
                NovaeDataset dataset = new NovaeDataset(prepared, config.batchSize(), random);
                NDList parts = new NDList();
                for (int a = 0; a < prepared.size(); a++) {
                    parts.add(rows(latent(device, dataset, a, chosen[a]), chosen[a]));
                }
                network.head().initPrototypesFromLatent(NDArrays.concat(parts, 0));
            }
        }
        initSlideQueue(data, minPrototypesRatio);
        return fit(data, options, progress);
    }

    /** novae's leaves: argmax over all K prototypes of the projections (spec §4.3); missing for invalid cells. */
    private StringColumn leaves(PreparedAnnData adata, float[] latent) {
        String[] values = new String[adata.nObs()];
        try (NDScope ignored = new NDScope()) {
            long[] argmax = network.head().projection(rows(latent, adata.valid())).argMax(1).toLongArray();
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
        latestDomainsKey = key;
        return key;
    }

    /**
     * novae's {@code batch_effect_correction} (spec §4.5): {@code obsm["novae_latent_corrected"]}, each slide's
     * domain means moved onto the domain's reference slide. {@code obsKey} null means the key of this model's
     * latest {@link #assignDomains} (novae takes an arbitrary available key, spec §6.2).
     *
     * @throws IllegalArgumentException without a key to use, or as {@link BatchEffectCorrection#correct} does
     */
    public void batchEffectCorrection(List<AnnData> data, String obsKey) {
        List<AnnData> targets = data == null ? adatas : data;
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("batch_effect_correction needs adata: the model holds none");
        }
        String key = obsKey != null ? obsKey : latestDomainsKey;
        if (key == null) {
            throw new IllegalArgumentException("obs_key is None and this model has not assigned domains: run assign_domains or give obs_key");
        }
        BatchEffectCorrection.correct(targets, key);
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
