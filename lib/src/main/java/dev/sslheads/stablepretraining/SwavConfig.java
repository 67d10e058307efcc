package dev.sslheads.stablepretraining;

import dev.sslheads.util.Checks;

/**
 * The numeric arguments of stable-pretraining's {@code SwAV} method, with its defaults in
 * {@link #DEFAULTS}.
 *
 * @param projectorHidden hidden width of the projector ({@code projector_dims[0]}, 2048), >= 1
 * @param projectorOut projection size P ({@code projector_dims[1]}, 128), >= 1
 * @param nPrototypes number of prototypes K (3000), >= 1
 * @param temperature swapped-prediction temperature (0.1), finite and > 0
 * @param sinkhornIterations Sinkhorn rounds (3), >= 1
 * @param epsilon Sinkhorn entropic regularisation (0.05), finite and > 0
 */
public record SwavConfig(int projectorHidden, int projectorOut, int nPrototypes, double temperature, int sinkhornIterations,
        double epsilon) {
    public static final SwavConfig DEFAULTS = new SwavConfig(2048, 128, 3000, 0.1, 3, 0.05);

    public SwavConfig {
        Checks.atLeast("projectorHidden", projectorHidden, 1);
        Checks.atLeast("projectorOut", projectorOut, 1);
        Checks.atLeast("nPrototypes", nPrototypes, 1);
        Checks.positive("temperature", temperature);
        Checks.atLeast("sinkhornIterations", sinkhornIterations, 1);
        Checks.positive("epsilon", epsilon);
    }
}
