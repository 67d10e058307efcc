package dev.sslheads.novae.module;

/**
 * The sizes of novae's network (spec §1.2): E, F, L, O, H, K and the SwAV temperature.
 *
 * @param embeddingSize E, gene-embedding width (novae: 100)
 * @param hiddenSize F, width of the hidden GAT layers (128), a multiple of {@code heads}
 * @param numLayers L, GATv2 layers (10)
 * @param outputSize O, representation width (64)
 * @param heads H, attention heads (8)
 * @param numPrototypes K (512)
 * @param temperature τ of the SwAV loss (0.1)
 */
public record NetworkSizes(int embeddingSize, int hiddenSize, int numLayers, int outputSize, int heads, int numPrototypes,
                           double temperature) {
    /** novae's defaults. */
    public static final NetworkSizes DEFAULTS = new NetworkSizes(100, 128, 10, 64, 8, 512, 0.1);
}
