package leibniz.examples;

import java.util.random.RandomGenerator;
import leibniz.nn.Activation;
import leibniz.nn.Conv2d;
import leibniz.nn.Flatten;
import leibniz.nn.Linear;
import leibniz.nn.MaxPool2d;
import leibniz.nn.Sequential;

/** The image classifiers of the digits and MNIST examples, for square grey images of any side. */
final class Networks {
    private Networks() {
    }

    /** A multilayer perceptron {@code inputs -> hidden -> classes} with a ReLU between. */
    static Sequential mlp(int inputs, int hidden, int classes, RandomGenerator rng) {
        return Sequential.of(
                Linear.create(inputs, hidden, rng),
                Activation.relu(),
                Linear.create(hidden, classes, rng));
    }

    /**
     * A small LeNet-like convolutional network for images {@code [N, 1, side, side]} (side divisible by 4):
     * two blocks of a 3x3 convolution that keeps the size ({@code c1}, then {@code c2} channels), a ReLU
     * and a 2x2 max pool, then a ReLU hidden layer of 64 and the class scores.
     */
    static Sequential cnn(int side, int c1, int c2, int classes, RandomGenerator rng) {
        if (side % 4 != 0) {
            throw new IllegalArgumentException("cnn: the image side must be divisible by 4, got " + side);
        }
        int pooled = side / 4;
        return Sequential.of(
                Conv2d.create(1, c1, 3, 1, 1, rng),
                Activation.relu(),
                MaxPool2d.create(2),
                Conv2d.create(c1, c2, 3, 1, 1, rng),
                Activation.relu(),
                MaxPool2d.create(2),
                Flatten.create(),
                Linear.create(c2 * pooled * pooled, 64, rng),
                Activation.relu(),
                Linear.create(64, classes, rng));
    }
}
