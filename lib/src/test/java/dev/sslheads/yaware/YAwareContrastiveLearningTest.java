package dev.sslheads.yaware;

import dev.sslheads.optim.Sgd;
import dev.sslheads.optim.WarmupCosineSchedule;
import dev.sslheads.optim.WarmupCosineSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.sslheads.testing.Approx;
import dev.sslheads.train.MlpEncoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The estimator: per-epoch training and validation losses, the schedule it steps, the weight-decay groups, transform without the head. */
class YAwareContrastiveLearningTest {
    @Test
    void fitReportsLossesPerEpochAndTransformReturnsEncoderFeatures() {
        Engine.getInstance().setRandomSeed(5);
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock encoder = MlpEncoder.create(m, 6, 16, 4);
            NDArray x = m.randomNormal(new Shape(40, 6));
            NDArray y = m.randomNormal(new Shape(40));
            try (YAwareContrastiveLearning model = YAwareContrastiveLearning.builder(encoder)
                    .projInputDim(4).projHiddenDim(8).projOutputDim(3).learningRate(1e-2).maxEpochs(3)
                    .lrSchedulerKwargs(new WarmupCosineSettings(1, 1e-6, 0, "step")).build()) {
                ViewBatches train = ViewBatches.pairs(x, x.add(m.randomNormal(0f, 0.1f, x.getShape(), x.getDataType())), y, 8, true, 1);
                ViewBatches validation = ViewBatches.pairs(x.get("0:16"), x.get("0:16").mul(1.1f), null, 8, false, 0);
                List<EpochLoss> history = model.fit(train, validation, null);
                assertEquals(3, history.size());
                WarmupCosineSchedule schedule = model.lrScheduler(5);
                assertEquals(5.0, schedule.warmupSteps(), "warmup = 1 epoch x 5 steps");
                assertEquals(15, schedule.totalSteps());
                for (EpochLoss e : history) {
                    assertEquals(5, e.steps());
                    assertTrue(Double.isFinite(e.trainLoss()) && e.trainLoss() > 0, e.toString());
                    assertTrue(Double.isFinite(e.validationLoss()) && e.validationLoss() > 0, e.toString());
                    assertEquals(schedule.at(5L * e.epoch() + 4), e.learningRate(), 1e-15, "learning rate of the epoch's last step");
                }
                assertEquals(15, model.optimizer().steps());

                int index = 0;
                for (Pair<String, Parameter> p : encoder.getParameters()) {
                    boolean vector = p.getValue().getArray().getShape().dimension() <= 1;
                    assertEquals(vector ? 0.0 : 5e-4, model.optimizer().weightDecayOf(index++), p.getKey());
                }

                NDArray features = model.transform(x, 16);
                assertEquals(new Shape(40, 4), features.getShape(), "encoder features, not projections");
                NDArray direct = encoder.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
                Approx.assertClose("transform = encoder(x)", direct.toFloatArray(), features.toFloatArray(), 1e-6, 0);
            }
        }
    }

    @Test
    void fractionalWarmupEpochsAreTruncatedToWholeEpochsAsNidlDoes() {
        // nidl's configure_optimizers takes int(lr_scheduler_kwargs["warmup_epochs"]) before scaling by the steps per epoch
        WarmupCosineSchedule oneAndAHalf = new WarmupCosineSettings(1.5, 1e-6, 0, "step").schedule(1e-3, 4, 10);
        assertEquals(10.0, oneAndAHalf.warmupSteps(), "1.5 epochs of warmup = 1 epoch x 10 steps");
        assertEquals(1e-6, oneAndAHalf.at(0));
        WarmupCosineSchedule half = new WarmupCosineSettings(0.5, 1e-6, 0, "step").schedule(1e-3, 4, 10);
        assertEquals(0.0, half.warmupSteps(), "0.5 epochs = no warmup");
        assertEquals(1e-3, half.at(0), "without warmup the schedule starts at the base rate, as in nidl");
        assertEquals(2.0, new WarmupCosineSettings(2.9, 1e-6, 0, "epoch").schedule(1e-3, 5, 10).warmupSteps(), "interval epoch");
    }

    @Test
    void sgdWithoutSchedulerKeepsTheBaseRateAndEpochIntervalStepsPerEpoch() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock encoder = MlpEncoder.create(m, 6, 8, 4);
            NDArray x = m.randomNormal(new Shape(16, 6));
            try (YAwareContrastiveLearning constant = YAwareContrastiveLearning.builder(encoder).projInputDim(4).maxEpochs(2).lrScheduler("none")
                    .optimizer("sgd").momentum(0.9).build()) {
                float[] before = encoder.getParameters().get(0).getValue().getArray().toFloatArray();
                List<EpochLoss> h = constant.fit(ViewBatches.pairs(x, x.mul(0.9f), null, 8, false, 0), null, null);
                assertEquals(3e-4, h.get(1).learningRate());
                assertTrue(constant.optimizer() instanceof Sgd);
                assertTrue(!java.util.Arrays.equals(before, encoder.getParameters().get(0).getValue().getArray().toFloatArray()), "SGD updated the encoder");
                assertTrue(Double.isNaN(h.get(1).validationLoss()));
            }
            try (YAwareContrastiveLearning perEpoch = YAwareContrastiveLearning.builder(encoder).projInputDim(4).maxEpochs(4)
                    .lrSchedulerKwargs(new WarmupCosineSettings(2, 1e-6, 0, "epoch")).build()) {
                List<EpochLoss> h = perEpoch.fit(ViewBatches.pairs(x, x.mul(0.9f), null, 8, false, 0), null, null);
                WarmupCosineSchedule s = perEpoch.lrScheduler(2);
                for (EpochLoss e : h) {
                    assertEquals(s.at(e.epoch()), e.learningRate(), 1e-15);
                }
                assertEquals(1e-6, h.get(0).learningRate());
                assertEquals(3e-4, h.get(2).learningRate(), 1e-15, "t == W gives the base rate");
            }
        }
    }
}
