package dev.sslheads.novae.module;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.ndarray.ScalarOps;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * novae's gene-embedding {@code CellEmbedder} (spec §3.1): a vocabulary of lower-cased gene names,
 * {@code embedding (V, E)} initialised N(0, 1) and {@code linear (E, E)} initialised to the identity.
 * A cell's embedding is {@code h0 = x · W} with {@code W = linear(embedding[genes])} {@code (G, E)} and every
 * column of W divided by its norm over the panel in use, so panels of any size share the E-space.
 */
public final class CellEmbedder {
    public static final String EMBEDDING = "cell_embedder.embedding.weight";
    public static final String LINEAR_WEIGHT = "cell_embedder.linear.weight";
    public static final String LINEAR_BIAS = "cell_embedder.linear.bias";

    private final List<String> vocabulary;
    private final Map<String, Integer> indexOf = new HashMap<>();
    private final NDArray embedding;
    private final NDArray linearWeight;
    private final NDArray linearBias;
    private boolean embeddingFrozen;

    /**
     * @param vocabulary gene names (lower-cased here), unique; their positions are the embedding rows
     * @throws IllegalArgumentException on an empty vocabulary, a duplicate name or a size below 1
     */
    public CellEmbedder(ParameterSet parameters, List<String> vocabulary, int embeddingSize, Random random) {
        if (vocabulary.isEmpty() || embeddingSize < 1) {
            throw new IllegalArgumentException("the vocabulary must not be empty and embedding_size must be >= 1, got "
                    + vocabulary.size() + " genes and embedding_size=" + embeddingSize);
        }
        this.vocabulary = vocabulary.stream().map(g -> g.toLowerCase(Locale.ROOT)).toList();
        for (int i = 0; i < this.vocabulary.size(); i++) {
            if (indexOf.put(this.vocabulary.get(i), i) != null) {
                throw new IllegalArgumentException("vocabulary genes must be unique (lower-cased), '" + this.vocabulary.get(i) + "' repeats");
            }
        }
        int v = this.vocabulary.size();
        this.embedding = parameters.add(EMBEDDING, Initializers.normal(random, v * embeddingSize), new Shape(v, embeddingSize));
        this.linearWeight = parameters.add(LINEAR_WEIGHT, Initializers.identity(embeddingSize), new Shape(embeddingSize, embeddingSize));
        this.linearBias = parameters.add(LINEAR_BIAS, new float[embeddingSize], new Shape(embeddingSize));
    }

    /** The lower-cased vocabulary in embedding-row order. */
    public List<String> vocabulary() {
        return vocabulary;
    }

    public int embeddingSize() {
        return (int) embedding.getShape().get(1);
    }

    /** The embedding row of {@code gene} (any case), or -1 when it is not in the vocabulary. */
    public int indexOf(String gene) {
        return indexOf.getOrDefault(gene.toLowerCase(Locale.ROOT), -1);
    }

    /** Lower-cased gene name → embedding row (read-only). */
    public Map<String, Integer> indices() {
        return java.util.Collections.unmodifiableMap(indexOf);
    }

    /** The {@code (V, E)} embedding parameter. */
    public NDArray embedding() {
        return embedding;
    }

    /** Overwrites embedding rows (row index → E values), e.g. with {@link PcaInitialization}'s rows; the others stay. */
    public void setRows(Map<Integer, float[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int e = embeddingSize();
        float[] values = embedding.toFloatArray();
        for (Map.Entry<Integer, float[]> row : rows.entrySet()) {
            if (row.getValue().length != e) {
                throw new IllegalArgumentException("embedding row " + row.getKey() + " must have " + e + " values, got " + row.getValue().length);
            }
            System.arraycopy(row.getValue(), 0, values, row.getKey() * e, e);
        }
        OwnedArrays.copyInto(embedding, values);
    }

    /** Freezes the gene embedding (pretrained models): no gradient reaches it. */
    public void setEmbeddingFrozen(boolean frozen) {
        this.embeddingFrozen = frozen;
    }

    public boolean embeddingFrozen() {
        return embeddingFrozen;
    }

    /** {@code x (N, G)} standardised expression of the genes {@code genes (G)} (embedding rows, int64) → {@code (N, E)}. */
    public NDArray forward(NDArray x, NDArray genes) {
        NDArray rows = (embeddingFrozen ? embedding.stopGradient() : embedding).get(genes);
        NDArray w = rows.matMul(linearWeight.transpose()).add(linearBias);
        NDArray normalized = w.div(ScalarOps.maximum(w.norm(new int[] {0}, true), 1e-12));
        return x.matMul(normalized);
    }
}
