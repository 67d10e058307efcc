package dev.sslheads.novae.model;

/**
 * novae's global {@code settings} that the model reads (spec §1.7).
 *
 * @param autoPreprocessing normalise and log1p counts, and select highly variable genes (true)
 * @param scaleToMicrons coordinate units to µm, for edge attributes and the distance warning (1.0)
 */
public record WorkflowSettings(boolean autoPreprocessing, double scaleToMicrons) {
    public static final WorkflowSettings DEFAULTS = new WorkflowSettings(true, 1.0);

    public WorkflowSettings {
        if (!(scaleToMicrons > 0) || Double.isInfinite(scaleToMicrons)) {
            throw new IllegalArgumentException("scale_to_microns must be a finite number > 0, got " + scaleToMicrons);
        }
    }
}
