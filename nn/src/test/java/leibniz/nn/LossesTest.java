package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Loss values computed by hand (or with Python's math), the reductions, and the messages. */
class LossesTest {
    private static Node c(double... v) {
        return Node.constant(Tensor.vector(v));
    }

    private static Node m(double[][] rows) {
        return Node.constant(Tensor.matrix(rows));
    }

    private static double v(Node n) {
        return n.value().item();
    }

    private static void close(Tensor expected, Node actual) {
        Tensor a = actual.value();
        assertTrue(expected.allClose(a, 1e-14, 1e-14), () -> "expected " + expected + " but was " + a);
    }

    private static void refused(String message, Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    @Test
    void regressionLossesAndReductions() {
        Node p = c(1, 2, 3);
        Node t = c(2, 2, 5);
        assertEquals(5.0 / 3, v(Losses.mse(p, t)), 1e-15);
        assertEquals(5, v(Losses.mse(p, t, Reduction.SUM)), 0);
        assertEquals(Tensor.vector(1, 0, 4), Losses.mse(p, t, Reduction.NONE).value());
        assertEquals(1, v(Losses.mae(p, t)), 1e-15);
        assertEquals(Tensor.vector(1, 0, 2), Losses.mae(p, t, Reduction.NONE).value());
    }

    @Test
    void huberAtBothBranches() {
        // |r| = 0.5 <= 1: r²/2 = 0.125;  |r| = 2 > 1: 1·(2 − 0.5) = 1.5;  δ = 2, |r| = 3: 2·(3 − 1) = 4
        assertEquals(Tensor.vector(0.125, 1.5), Losses.huber(c(0.5, -2), c(0, 0), 1, Reduction.NONE).value());
        assertEquals(4, v(Losses.huber(c(-3), c(0), 2)), 0);
        assertEquals((0.125 + 1.5) / 2, v(Losses.huber(c(0.5, -2), c(0, 0), 1)), 1e-15);
        assertEquals(0.5, v(Losses.huber(c(1), c(0), 1)), 0); // the two branches meet at |r| = δ
    }

    @Test
    void crossEntropyOfAFixedLogitVector() {
        Node logits = m(new double[][] {{1, 2, 3}, {1, 2, 3}});
        Node labels = c(2, 0);
        close(Tensor.vector(0.40760596444438013, 2.40760596444438),
                Losses.crossEntropy(logits, labels, Reduction.NONE));
        assertEquals(1.4076059644443801, v(Losses.crossEntropy(logits, labels)), 1e-15);
        assertEquals(2.8152119288887603, v(Losses.crossEntropy(logits, labels, Reduction.SUM)), 1e-14);
        Node soft = m(new double[][] {{0.25, 0.25, 0.5}, {0, 0, 1}});
        close(Tensor.vector(1.1576059644443801, 0.40760596444438013),
                Losses.crossEntropy(logits, soft, Reduction.NONE));
        Node logP = Activations.logSoftmax(logits, -1);
        assertEquals(v(Losses.crossEntropy(logits, labels)), v(Losses.nll(logP, labels)), 1e-15);
    }

    @Test
    void crossEntropyIsStableForHugeLogitsAndTakesAnyLeadingShape() {
        Node logits = m(new double[][] {{1000, -1000}, {-1000, 1000}});
        close(Tensor.vector(0, 2000), Losses.crossEntropy(logits, c(0, 0), Reduction.NONE));
        Node seq = Node.constant(Tensor.zeros(2, 3, 4));
        Tensor perToken = Losses.crossEntropy(seq, Node.constant(Tensor.ones(2, 3)), Reduction.NONE).value();
        assertTrue(perToken.allClose(Tensor.full(perToken.shape(), Math.log(4)), 1e-15), perToken::toString);
    }

    @Test
    void binaryCrossEntropyOnProbabilitiesAndLogits() {
        close(Tensor.vector(0.2231435513142097, 0.35667494393873245),
                Losses.binaryCrossEntropy(c(0.8, 0.3), c(1, 0), Reduction.NONE));
        // Saturated probabilities: the logarithm is floored at −100, as in PyTorch.
        close(Tensor.vector(100, 0, 100, 0), Losses.binaryCrossEntropy(c(0, 1, 1, 0), c(1, 1, 0, 0), Reduction.NONE));
        close(Tensor.vector(Math.log(2), 0.1269280110429725, 0.6132616875182229, 1000, 0),
                Losses.binaryCrossEntropyWithLogits(c(0, 2, -1, 1000, -1000), c(1, 1, 0.3, 0, 0), Reduction.NONE));
    }

    @Test
    void gradientOfBceWithLogitsIsSigmoidMinusTargetAlsoAtZero() {
        Parameter x = Parameter.of("x", Tensor.vector(0, 0, 2, -3));
        Node y = c(1, 0, 0.5, 1);
        Tensor g = Autograd.grad(Losses.binaryCrossEntropyWithLogits(x.node(), y, Reduction.SUM), x.node())
                .get(0).value();
        Tensor expected = x.value().sigmoid().sub(y.value());
        assertTrue(expected.allClose(g, 1e-15), g::toString);
    }

    @Test
    void gradientAtSaturatedProbabilitiesIsFinite() {
        Parameter p = Parameter.of("p", Tensor.vector(0, 1, 0.5));
        Tensor g = Autograd.grad(Losses.binaryCrossEntropy(p.node(), c(1, 0, 1)), p.node()).get(0).value();
        assertEquals(Tensor.vector(0, 0, -2.0 / 3), g);
    }

    @Test
    void labelsOutOfRange() {
        Node logits = Node.placeholder("logits", 2, 10);
        refused("crossEntropy: label 12 out of range [0, 10)", () -> Losses.crossEntropy(logits, c(3, 12)));
        refused("nll: label -1 out of range [0, 10)", () -> Losses.nll(logits, c(-1, 0)));
        refused("crossEntropy: label 1.5 is not a whole number", () -> Losses.crossEntropy(logits, c(1.5, 0)));
        Node labels = Node.placeholder("labels", 2);
        Program p = Program.of(Losses.crossEntropy(logits, labels));
        Tensor zeros = Tensor.zeros(2, 10);
        assertEquals(Math.log(10), p.run(Map.of(logits, zeros, labels, Tensor.vector(9, 0))).get(0).item(), 1e-15);
        refused("crossEntropy: label 10 out of range [0, 10)",
                () -> p.run(Map.of(logits, zeros, labels, Tensor.vector(10, 0))));
    }

    @Test
    void shapeMessages() {
        Node logits = Node.placeholder("logits", 64, 10);
        refused("crossEntropy: logits [64, 10] and labels [32]: batch sizes differ",
                () -> Losses.crossEntropy(logits, Node.placeholder("y", 32)));
        refused("crossEntropy: logits [64, 10] and target probabilities [64, 5]: shapes differ",
                () -> Losses.crossEntropy(logits, Node.placeholder("y", 64, 5)));
        refused("crossEntropy: logits [64, 10] and labels [64, 10, 2]: labels must be class indices of shape [64]"
                + " or probabilities of shape [64, 10]",
                () -> Losses.crossEntropy(logits, Node.placeholder("y", 64, 10, 2)));
        refused("crossEntropy: logits must have a class axis, got a scalar",
                () -> Losses.crossEntropy(Node.scalar(1), Node.scalar(0)));
        refused("nll: log-probabilities [64, 10] and labels [32]: batch sizes differ",
                () -> Losses.nll(logits, Node.placeholder("y", 32)));
        refused("nll: log-probabilities [64, 10] and labels [64, 10]: labels must be class indices of shape [64]",
                () -> Losses.nll(logits, logits));
        refused("mse: prediction [64, 1] and target [64]: shapes differ",
                () -> Losses.mse(Node.placeholder("p", 64, 1), Node.placeholder("t", 64)));
        refused("binaryCrossEntropyWithLogits: logits [3] and targets [4]: shapes differ",
                () -> Losses.binaryCrossEntropyWithLogits(c(1, 2, 3), c(1, 0, 1, 0)));
        refused("huber: delta must be positive and finite, got 0.0", () -> Losses.huber(c(1), c(1), 0));
    }
}
