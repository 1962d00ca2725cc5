package leibniz.examples;

import java.util.function.UnaryOperator;
import leibniz.core.Tensor;
import leibniz.optim.Dataset;

/** A data set cut into training, validation and test rows. */
record Splits(Dataset train, Dataset validation, Dataset test) {
    /**
     * The rows of {@code all} shuffled with {@code seed}: a share {@code testFraction} for testing, a share
     * {@code validationFraction} (of the whole) for validation, the rest for training.
     */
    static Splits of(Dataset all, double validationFraction, double testFraction, long seed) {
        Dataset.Split outer = all.split(testFraction, seed);
        Dataset.Split inner = outer.train().split(validationFraction / (1 - testFraction), seed + 1);
        return new Splits(inner.train(), inner.validation(), outer.validation());
    }

    /** The same rows with features mapped by {@code f}, e.g. reshaped to images or standardized. */
    Splits mapFeatures(UnaryOperator<Tensor> f) {
        return new Splits(map(train, f), map(validation, f), map(test, f));
    }

    private static Dataset map(Dataset d, UnaryOperator<Tensor> f) {
        return Dataset.of(f.apply(d.features()), d.targets());
    }

    /** {@code train: 1257, validation: 270, test: 270 rows}. */
    String sizes() {
        return "train: " + train.size() + ", validation: " + validation.size() + ", test: " + test.size() + " rows";
    }
}
