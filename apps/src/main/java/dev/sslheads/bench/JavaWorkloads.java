package dev.sslheads.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.sslheads.cluster.KMeans;
import dev.sslheads.cluster.KMeansResult;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.sinkhorn.SinkhornKnopp;
import dev.sslheads.swav.Mode;
import dev.sslheads.swav.SwavHead;
import java.util.List;
import java.util.Random;

/** The Java side of the timed benchmarks (see {@link Benchmarks} for the shapes). */
final class JavaWorkloads {
    static final List<String> SLIDES = List.of("slide_0", "slide_1", "slide_2", "slide_3");

    private JavaWorkloads() {}

    /** A head with normalised Gaussian prototypes drawn from {@code random} (the reference's init). */
    static SwavHead head(Device device, int outputSize, int numPrototypes, Random random) {
        SwavHead head = new SwavHead(new Mode(), outputSize, numPrototypes, 0.1, Inputs.SEED, device);
        OwnedArrays.copyInto(head.prototypesParameter().getArray(), Inputs.unitRows(random, numPrototypes, outputSize));
        return head;
    }

    /**
     * SwavHead forward + GradientCollector.backward, slide ids cycled over a 4-slide queue. Each slide
     * has its own (z1, z2): z1 = N(0, 1) + a per-slide shift 0.5 N(0, 1), z2 = z1 + 0.3 N(0, 1), so the
     * slides prefer different prototypes and the queue selects proper subsets (about min_prototypes).
     */
    static Stats headForwardBackward(Device device, int b, int k, int o, int warmup, int reps) {
        Random random = new Random(Inputs.SEED);
        try (SwavHead head = head(device, o, k, random)) {
            head.initQueue(SLIDES);
            head.setMinPrototypes(0.3);
            NDArray[][] views = new NDArray[SLIDES.size()][];
            for (int s = 0; s < SLIDES.size(); s++) {
                float[] shift = Inputs.gaussian(random, 1, o);
                float[] v1 = Inputs.gaussian(random, b, o);
                float[] v2 = new float[v1.length];
                for (int i = 0; i < v1.length; i++) {
                    v1[i] += 0.5f * shift[i % o];
                    v2[i] = v1[i] + (float) (0.3 * random.nextGaussian());
                }
                NDArray z1 = OwnedArrays.of(head.manager(), v1, new Shape(b, o));
                z1.setRequiresGradient(true);
                views[s] = new NDArray[] {z1, OwnedArrays.of(head.manager(), v2, new Shape(b, o))};
            }
            int[] calls = {0};
            return Stats.measure(warmup, reps, () -> {
                int s = calls[0]++ % SLIDES.size();
                try (NDScope ignored = new NDScope();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDList out = head.forward(views[s][0], views[s][1], SLIDES.get(s));
                    collector.backward(out.get(0));
                    out.close();
                }
            });
        }
    }

    /** Sinkhorn-Knopp alone on (4096, 3000) cosine scores, eps 0.05, 3 iterations. */
    static Stats sinkhorn(Device device, int warmup, int reps) {
        Random random = new Random(Inputs.SEED);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray z = OwnedArrays.of(manager, Inputs.unitRows(random, 4096, 64), new Shape(4096, 64));
            NDArray c = OwnedArrays.of(manager, Inputs.unitRows(random, 3000, 64), new Shape(3000, 64));
            NDArray scores = z.matMul(c.transpose());
            SinkhornKnopp sinkhorn = new SinkhornKnopp(0.05, 3);
            return Stats.measure(warmup, reps, () -> {
                try (NDArray codes = sinkhorn.codes(scores)) {
                    codes.getShape();
                }
            });
        }
    }

    /** SwavHead.hierarchicalClustering (AverageLinkage + ClustersLevels) on K unit Gaussian prototypes, O=64. */
    static Stats hierarchical(Device device, int k, int warmup, int reps) {
        try (SwavHead head = head(device, 64, k, new Random(Inputs.SEED))) {
            return Stats.measure(warmup, reps, head::hierarchicalClustering);
        }
    }

    /** The k-means benchmark's timings, and the Lloyd iterations and inertia of its (deterministic) fit (-1, NaN: not known). */
    record KMeansRun(Stats stats, int nIter, double inertia) {}

    /**
     * SwavHead.setKmeansPrototypes on a (50,000, 64) latent of Gaussian blobs, K=512. The untimed
     * warm-up (when {@code warmup > 0}) is a plain KMeans fit of the same normalised latent, which
     * gives the number of Lloyd iterations and the inertia (the fit is seeded, so every rep does the same).
     */
    static KMeansRun kmeansPrototypes(Device device, int warmup, int reps) {
        Random random = new Random(Inputs.SEED);
        int n = 50_000;
        int o = 64;
        int k = 512;
        try (SwavHead head = new SwavHead(new Mode(), o, k, 0.1, Inputs.SEED, device)) {
            NDArray latent = OwnedArrays.of(head.manager(), Inputs.blobs(random, n, o, 100, 4.0), new Shape(n, o));
            int nIter = -1;
            double inertia = Double.NaN;
            for (int i = 0; i < warmup; i++) {
                try (NDScope ignored = new NDScope()) {
                    NDArray x = latent.div(ScalarOps.add(latent.norm(new int[] {1}, true), 1e-8f));
                    KMeansResult result = new KMeans(k, 0L).fit(x);
                    nIter = result.nIter();
                    inertia = result.inertia();
                    result.close();
                }
            }
            Stats stats = Stats.measure(0, reps, () -> head.setKmeansPrototypes(latent));
            return new KMeansRun(stats, nIter, inertia);
        }
    }
}
