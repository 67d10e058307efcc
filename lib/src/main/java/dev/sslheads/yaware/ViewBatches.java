package dev.sslheads.yaware;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.train.Augmentation;
import dev.sslheads.util.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * The batches of one epoch for {@link YAwareContrastiveLearning#fit} (the role of nidl's dataloader):
 * rows shuffled per epoch from a seed, {@code batchSize} rows per batch, the last incomplete batch
 * dropped (a contrastive batch needs stable, >= 2 rows). Either fixed pairs of views, or two fresh
 * augmented views of each batch. The row order is uploaded once per epoch; each batch is then
 * sliced on the data's device while the caller iterates, so a step's arrays live in the step's scope.
 */
public final class ViewBatches {
    private final NDArray first;
    private final NDArray second;
    private final NDArray y;
    private final Augmentation augmentation;
    private final int batchSize;
    private final boolean shuffle;
    private final Random random;

    private ViewBatches(NDArray first, NDArray second, NDArray y, Augmentation augmentation, int batchSize, boolean shuffle, long seed) {
        this.first = first;
        this.second = second;
        this.y = y;
        this.augmentation = augmentation;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.random = new Random(seed);
    }

    /**
     * Fixed pairs: {@code view1}, {@code view2} {@code (N, ...)} of the same shape, labels {@code (N, ...)} or null.
     *
     * @param shuffle whether rows are shuffled per epoch (from {@code seed}); in order otherwise
     */
    public static ViewBatches pairs(NDArray view1, NDArray view2, NDArray y, int batchSize, boolean shuffle, long seed) {
        if (view1 == null || view2 == null) {
            throw new IllegalArgumentException("view1 and view2 must be arrays (N, ...), got " + (view1 == null ? "view1=null" : "view2=null"));
        }
        if (!view1.getShape().equals(view2.getShape())) {
            throw new IllegalArgumentException("view1 and view2 must have the same shape, got " + view1.getShape() + " and " + view2.getShape());
        }
        check(view1, y, batchSize);
        return new ViewBatches(view1, view2, y, null, batchSize, shuffle, seed);
    }

    /** Two views of each batch of {@code x} {@code (N, ...)} drawn by {@code augmentation}; shuffled per epoch from {@code seed}. */
    public static ViewBatches augmented(NDArray x, NDArray y, Augmentation augmentation, int batchSize, long seed) {
        if (x == null || augmentation == null) {
            throw new IllegalArgumentException("x and augmentation must not be null, got x=" + x + ", augmentation=" + augmentation);
        }
        check(x, y, batchSize);
        return new ViewBatches(x, null, y, augmentation, batchSize, true, seed);
    }

    private static void check(NDArray x, NDArray y, int batchSize) {
        Shape shape = x.getShape();
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException("views must be arrays (N, ...) with at least 2 dimensions, got shape " + shape);
        }
        Checks.atLeast("batchSize", batchSize, 2);
        if (shape.get(0) < batchSize) {
            throw new IllegalArgumentException("views must have at least batchSize=" + batchSize + " rows, got " + shape.get(0));
        }
        if (y != null) {
            Shape labels = KernelMetric.labelShape("y", y);
            if (labels.get(0) != shape.get(0)) {
                throw new IllegalArgumentException("y must have one row per sample (" + shape.get(0) + "), got shape " + y.getShape());
            }
            if (!y.getDevice().equals(x.getDevice())) {
                throw new IllegalArgumentException("y must be on the views' device " + x.getDevice() + ", got " + y.getDevice());
            }
        }
    }

    /** Full batches per epoch. */
    public int batchesPerEpoch() {
        return (int) (first.getShape().get(0) / batchSize);
    }

    public boolean hasLabels() {
        return y != null;
    }

    /** A sample of the first view, {@code (1, ...)}, to check the encoder's output size. */
    NDArray firstRow() {
        return first.get("0:1");
    }

    /**
     * The next epoch's batches; the returned row order array is owned by {@code manager}.
     * Each batch is created when {@link Iterator#next} is called.
     */
    Iterator<ViewBatch> epoch(NDManager manager) {
        int rows = (int) first.getShape().get(0);
        List<Long> order = new ArrayList<>(rows);
        for (long i = 0; i < rows; i++) {
            order.add(i);
        }
        if (shuffle) {
            Collections.shuffle(order, random);
        }
        NDArray indices = OwnedArrays.of(manager, order.stream().mapToLong(Long::longValue).toArray()).toDevice(first.getDevice(), false);
        int batches = batchesPerEpoch();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public ViewBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                NDArray rowsOfBatch = indices.get(new NDIndex("{}:{}", (long) next * batchSize, (long) (next + 1) * batchSize));
                next++;
                NDArray x = first.get(rowsOfBatch);
                NDArray labels = y == null ? null : y.get(rowsOfBatch);
                if (augmentation != null) {
                    return new ViewBatch(augmentation.apply(x), augmentation.apply(x), labels);
                }
                return new ViewBatch(x, second.get(rowsOfBatch), labels);
            }
        };
    }
}
