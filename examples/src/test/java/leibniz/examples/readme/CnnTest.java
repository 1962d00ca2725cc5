package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Context;
import leibniz.nn.Conv2d;
import leibniz.nn.Flatten;
import leibniz.nn.Linear;
import leibniz.nn.MaxPool2d;
import leibniz.nn.Module;
import leibniz.nn.Sequential;
import org.junit.jupiter.api.Test;

/** README, "Neural networks": a small CNN for 28x28 digits. */
class CnnTest {
    @Test
    void theShapesAreAsCommented() {
        var rng = new SplittableRandom(42);
        Module cnn = Sequential.of(
                Conv2d.create(1, 16, 3, 1, 1, rng), Activation.relu(), MaxPool2d.create(2),   // [N, 16, 14, 14]
                Conv2d.create(16, 32, 3, 1, 1, rng), Activation.relu(), MaxPool2d.create(2),  // [N, 32, 7, 7]
                Flatten.create(), Linear.create(32 * 7 * 7, 10, rng));
        Node images = Node.placeholder("images", 8, 1, 28, 28);
        Node logits = cnn.forward(images, Context.training());                            // [8, 10]

        assertEquals(Shape.of(8, 10), logits.shape());
        var layers = ((Sequential) cnn).layers();
        Node h = images;
        for (int i = 0; i < 6; i++) {
            h = layers.get(i).forward(h, Context.training());
            if (i == 2) {
                assertEquals(Shape.of(8, 16, 14, 14), h.shape());
            }
        }
        assertEquals(Shape.of(8, 32, 7, 7), h.shape());
        Tensor value = cnn.forward(Node.constant(Tensor.uniform(3, 0, 1, 8, 1, 28, 28))).value();
        assertEquals(Shape.of(8, 10), value.shape());
    }
}
