package dev.sslheads.novae.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * novae's training order (spec §3.3): valid cells only; with one AnnData of one slide a permutation of
 * its valid cells, otherwise per slide a permutation cut to {@code max(1, n_valid // B)} full batches
 * (small slides up-sampled with replacement) and the batches permuted as wholes, so every batch is
 * single-slide. An epoch takes {@code min(n, max(50 000, ⌊0.02 n⌋))} cells of that order in
 * {@code ⌊len / B⌋} batches. Views are drawn uniformly among a cell's view candidates. One seeded
 * stream gives every draw.
 */
public final class NovaeDataset {
    /** novae's {@code MIN_DATASET_LENGTH}. */
    public static final int MIN_DATASET_LENGTH = 50_000;
    /** novae's {@code MAX_DATASET_LENGTH_RATIO}. */
    public static final double MAX_DATASET_LENGTH_RATIO = 0.02;

    /** B centre cells of one AnnData and one slide. */
    public record Batch(int adata, int[] centers, String slideId) {}

    private final List<PreparedAnnData> adatas;
    private final int batchSize;
    private final Random random;
    private final boolean singleSlide;

    public NovaeDataset(List<PreparedAnnData> adatas, int batchSize, Random random) {
        if (adatas.isEmpty() || batchSize < 1) {
            throw new IllegalArgumentException("the dataset needs at least one AnnData and batch_size >= 1, got "
                    + adatas.size() + " AnnData and batch_size=" + batchSize);
        }
        this.adatas = List.copyOf(adatas);
        this.batchSize = batchSize;
        this.random = random;
        this.singleSlide = adatas.size() == 1 && slides(adatas.get(0)).size() == 1;
    }

    /** Valid cells per slide, in order of first appearance. */
    private static Map<String, List<Integer>> slides(PreparedAnnData adata) {
        Map<String, List<Integer>> bySlide = new LinkedHashMap<>();
        for (int i = 0; i < adata.nObs(); i++) {
            List<Integer> cells = bySlide.computeIfAbsent(adata.slideOf(i), k -> new ArrayList<>());
            if (adata.valid()[i]) {
                cells.add(i);
            }
        }
        return bySlide;
    }

    /**
     * Checks that every slide can give training batches: with several slides, each needs a valid cell.
     *
     * @throws IllegalArgumentException naming the first slide without one
     */
    public void checkTrainable() {
        if (singleSlide) {
            return;
        }
        for (PreparedAnnData adata : adatas) {
            for (Map.Entry<String, List<Integer>> slide : slides(adata).entrySet()) {
                if (slide.getValue().isEmpty()) {
                    throw new IllegalArgumentException("slide '" + slide.getKey() + "' has no valid cell (no cell with a neighbour at"
                            + " n_hops_view hops, e.g. a slide of one cell): run spatial_neighbors with a larger radius or remove the slide");
                }
            }
        }
    }

    /** The batches of one training epoch, after a fresh shuffle ({@link #checkTrainable} must hold). */
    public List<Batch> trainingEpoch() {
        List<Batch> order = shuffled();
        int cells = order.size() * batchSize;
        int length = Math.min(cells, Math.max(MIN_DATASET_LENGTH, (int) (cells * MAX_DATASET_LENGTH_RATIO)));
        return order.subList(0, length / batchSize);
    }

    private List<Batch> shuffled() {
        if (singleSlide) {
            PreparedAnnData adata = adatas.get(0);
            List<Integer> valid = slides(adata).values().iterator().next();
            Collections.shuffle(valid, random);
            List<Batch> batches = new ArrayList<>();
            for (int start = 0; start + batchSize <= valid.size(); start += batchSize) {
                batches.add(new Batch(0, toArray(valid.subList(start, start + batchSize)), adata.slideOf(valid.get(start))));
            }
            return batches;
        }
        List<Batch> blocks = new ArrayList<>();
        for (int a = 0; a < adatas.size(); a++) {
            for (Map.Entry<String, List<Integer>> slide : slides(adatas.get(a)).entrySet()) {
                List<Integer> valid = slide.getValue();
                int needed = Math.max(1, valid.size() / batchSize) * batchSize;
                List<Integer> cells = new ArrayList<>(valid);
                Collections.shuffle(cells, random);
                if (cells.size() >= needed) {
                    cells = cells.subList(0, needed);
                } else {
                    cells = new ArrayList<>(needed);
                    for (int k = 0; k < needed; k++) {
                        cells.add(valid.get(random.nextInt(valid.size())));
                    }
                }
                for (int start = 0; start < needed; start += batchSize) {
                    blocks.add(new Batch(a, toArray(cells.subList(start, start + batchSize)), slide.getKey()));
                }
            }
        }
        Collections.shuffle(blocks, random);
        return blocks;
    }

    /** One view cell per centre, uniform over its view candidates. */
    public int[] views(Batch batch) {
        Neighborhoods neighborhoods = adatas.get(batch.adata()).neighborhoods();
        int[] views = new int[batch.centers().length];
        for (int b = 0; b < views.length; b++) {
            int[] candidates = neighborhoods.view(batch.centers()[b]);
            views[b] = candidates[random.nextInt(candidates.length)];
        }
        return views;
    }

    /** Inference batches of AnnData {@code a}: its valid cells ascending, B at a time, the last one partial. */
    public List<Batch> inference(int a) {
        return inference(a, null);
    }

    /** As {@link #inference(int)}, over the valid cells with {@code among[i]} set (null: every valid cell). */
    public List<Batch> inference(int a, boolean[] among) {
        PreparedAnnData adata = adatas.get(a);
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < adata.nObs(); i++) {
            if (adata.valid()[i] && (among == null || among[i])) {
                valid.add(i);
            }
        }
        List<Batch> batches = new ArrayList<>();
        for (int start = 0; start < valid.size(); start += batchSize) {
            List<Integer> cells = valid.subList(start, Math.min(valid.size(), start + batchSize));
            batches.add(new Batch(a, toArray(cells), null));
        }
        return batches;
    }

    public List<PreparedAnnData> adatas() {
        return adatas;
    }

    private static int[] toArray(List<Integer> cells) {
        return cells.stream().mapToInt(Integer::intValue).toArray();
    }
}
