package dev.sslheads.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.lightly.SwavLoss;
import dev.sslheads.lightly.SwavModel;
import dev.sslheads.lightly.SwavTrainingStep;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.train.MlpEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The lightly / fmcib SwaV benchmark ({@code lightly_swav_step}); reference: {@code scripts/reference/bench_lightly.py}. */
final class LightlyWorkloads {
    static final String DESCRIPTION = "- lightly_swav_step: one fmcib SwaV training step with lightly defaults (SwavModel + SwavLoss,"
            + " temperature 0.1, 3 Sinkhorn iterations, eps 0.05, prototype bias on): B=256, 2 high + 6 low crops of 128 features,"
            + " MLP backbone 128-256-256-256, projection 256-128-128, K=3000, 2 queues of 3840 in use (filled by 15 untimed steps"
            + " first), forward + loss + backward + Adam (lr 1e-3); reference: lightly_swav_goldens.SwaV + swav_loss + torch Adam.";
    static final int BATCH = 256;
    static final int FEATURES = 128;
    static final int NUM_FTRS = 256;
    static final int OUT_DIM = 128;
    static final int PROTOTYPES = 3000;
    static final int QUEUE_LENGTH = 3840;
    static final int HIGH = 2;
    static final int LOW = 6;

    private LightlyWorkloads() {}

    /** Training steps on fixed random crops; the queues are filled before the warm-up. */
    static Stats swavStep(Device device, int warmup, int reps) {
        Random random = new Random(Inputs.SEED);
        try (NDManager manager = NDManager.newBaseManager(device);
                SwavModel model = new SwavModel(manager, MlpEncoder.create(manager, FEATURES, NUM_FTRS, NUM_FTRS), NUM_FTRS, OUT_DIM,
                        PROTOTYPES, HIGH, QUEUE_LENGTH, 0, 0)) {
            List<NDArray> high = crops(manager, random, HIGH);
            List<NDArray> low = crops(manager, random, LOW);
            SwavTrainingStep trainer = new SwavTrainingStep(model, new SwavLoss(), 1e-3);
            int[] step = {0};
            Runnable one = () -> trainer.step(high, low, 0, step[0]++).close();
            for (int i = 0; i < QUEUE_LENGTH / BATCH; i++) {
                one.run();
            }
            return Stats.measure(warmup, reps, one);
        }
    }

    private static List<NDArray> crops(NDManager manager, Random random, int n) {
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(OwnedArrays.of(manager, Inputs.gaussian(random, BATCH, FEATURES), new Shape(BATCH, FEATURES)));
        }
        return out;
    }
}
