package leibniz.optim;

import java.util.Arrays;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Paired examples: features of shape {@code [N, ...]} and targets of shape {@code [N, ...]}, row i of
 * one belonging to row i of the other. Immutable; subsets and splits are new datasets.
 *
 * <pre>{@code
 * Dataset data = Dataset.of(x, labels);
 * Dataset.Split parts = data.split(0.2, 42);   // 80% train, 20% validation, shuffled with seed 42
 * }</pre>
 */
public final class Dataset {
    private final Tensor features;
    private final Tensor targets;

    private Dataset(Tensor features, Tensor targets) {
        this.features = features;
        this.targets = targets;
    }

    /** A dataset of {@code features} and {@code targets}, which must have the same number of rows, at least one. */
    public static Dataset of(Tensor features, Tensor targets) {
        if (features == null || targets == null) {
            throw new IllegalArgumentException("dataset: features and targets are required");
        }
        if (features.rank() == 0 || targets.rank() == 0) {
            throw new IllegalArgumentException("dataset: features " + features.shape() + " and targets "
                    + targets.shape() + " both need a leading row axis");
        }
        int n = features.shape().dim(0);
        int m = targets.shape().dim(0);
        if (n != m) {
            throw new IllegalArgumentException("dataset: " + n + " feature rows but " + m + " targets");
        }
        if (n == 0) {
            throw new IllegalArgumentException("dataset: no rows (features " + features.shape() + ")");
        }
        return new Dataset(features, targets);
    }

    /** The number of rows N. */
    public int size() {
        return features.shape().dim(0);
    }

    /** The features, {@code [N, ...]}. */
    public Tensor features() {
        return features;
    }

    /** The targets, {@code [N, ...]}. */
    public Tensor targets() {
        return targets;
    }

    /** The given rows, in the given order (repeats allowed), gathered along axis 0. */
    public Dataset subset(int[] rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("dataset.subset: needs at least one row");
        }
        int n = size();
        double[] idx = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= n) {
                throw new IllegalArgumentException("dataset.subset: row " + rows[i] + " out of range for " + n
                        + " rows");
            }
            idx[i] = rows[i];
        }
        Tensor indices = Tensor.vector(idx);
        return new Dataset(features.indexSelect(0, indices), targets.indexSelect(0, indices));
    }

    /**
     * The rows shuffled with {@code seed} and cut in two: {@code round(N · validationFraction)} rows for
     * validation and the rest for training; both parts must be non-empty.
     */
    public Split split(double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("dataset.split: validation fraction must be in (0, 1), got "
                    + validationFraction);
        }
        int n = size();
        int k = (int) Math.round(n * validationFraction);
        if (k == 0 || k == n) {
            throw new IllegalArgumentException("dataset.split: a validation fraction of " + validationFraction
                    + " leaves " + (k == 0 ? "no validation" : "no training") + " rows out of " + n);
        }
        int[] p = Shuffle.permutation(n, seed);
        return new Split(subset(Arrays.copyOfRange(p, 0, n - k)), subset(Arrays.copyOfRange(p, n - k, n)));
    }

    /** Refuses a validation set whose rows (features and targets without the batch axis) differ from these. */
    void checkSameRows(Dataset val) {
        checkRows(features.shape().without(0), targets.shape().without(0), val);
    }

    /** Refuses a validation set whose rows differ from training rows of features {@code fx} and targets {@code fy}. */
    static void checkRows(Shape fx, Shape fy, Dataset val) {
        if (!fx.equals(val.features.shape().without(0)) || !fy.equals(val.targets.shape().without(0))) {
            throw new IllegalArgumentException("Trainer: validation rows (features " + val.features.shape().without(0)
                    + ", targets " + val.targets.shape().without(0) + ") differ from training rows (features "
                    + fx + ", targets " + fy + ")");
        }
    }

    @Override
    public String toString() {
        return "Dataset of " + size() + " rows: features " + features.shape() + ", targets " + targets.shape();
    }

    /** A dataset cut in two by {@link #split}. */
    public record Split(Dataset train, Dataset validation) {
    }
}
