package dev.sslheads.swav;

/**
 * novae's model mode ({@code novae.utils.Mode}): whether leaves come from k-means prototypes
 * (zero-shot), whether the model was trained or loaded pretrained. The head reads
 * {@link #zeroShot()} to choose its prototypes and its clustering cache.
 */
public final class Mode {
    /** Which clustering cache of the head is in use (novae's {@code clustering_attr}). */
    public enum ClusteringSlot { NORMAL, ZERO_SHOT }

    private boolean zeroShot;
    private boolean trained;
    private boolean pretrained;
    private boolean multimodal;

    public boolean zeroShot() {
        return zeroShot;
    }

    public boolean trained() {
        return trained;
    }

    public boolean pretrained() {
        return pretrained;
    }

    public boolean multimodal() {
        return multimodal;
    }

    public void setZeroShot(boolean value) {
        zeroShot = value;
    }

    public void setTrained(boolean value) {
        trained = value;
    }

    public void setPretrained(boolean value) {
        pretrained = value;
    }

    public void setMultimodal(boolean value) {
        multimodal = value;
    }

    /** The clustering cache for the current mode. */
    public ClusteringSlot clusteringSlot() {
        return zeroShot ? ClusteringSlot.ZERO_SHOT : ClusteringSlot.NORMAL;
    }

    /** Loaded from pretrained weights: zero_shot=false, trained=true, pretrained=true. */
    public void fromPretrained() {
        zeroShot = false;
        trained = true;
        pretrained = true;
    }

    /** Fine-tuning a pretrained model: requires pretrained, then zero_shot=false. */
    public void fineTune() {
        if (!pretrained) {
            throw new IllegalStateException("fine-tuning requires a pretrained model (mode.pretrained is false)");
        }
        zeroShot = false;
    }

    /** Training from scratch: zero_shot=false, trained=false. */
    public void fit() {
        zeroShot = false;
        trained = false;
    }

    /** A copy with the same flags. */
    public Mode copy() {
        Mode m = new Mode();
        m.zeroShot = zeroShot;
        m.trained = trained;
        m.pretrained = pretrained;
        m.multimodal = multimodal;
        return m;
    }

    @Override
    public String toString() {
        return "Mode(zeroShot=" + zeroShot + ", trained=" + trained + ", pretrained=" + pretrained
                + ", multimodal=" + multimodal + ")";
    }
}
