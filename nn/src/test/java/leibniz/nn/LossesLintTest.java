package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Lint;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The losses say what they expect of their inputs, so {@link Lint} catches the classic mistakes of a model
 * built with nn: a softmax before crossEntropy, a sigmoid before the loss on logits, nll on raw scores,
 * labels counted from 1; and a clean MLP gets no warning.
 */
class LossesLintTest {
    private final SplittableRandom rng = new SplittableRandom(3);
    private final Sequential mlp = Sequential.of(Linear.create(4, 8, rng), Activation.relu(), Linear.create(8, 3, rng));
    private final Node x = Node.placeholder("x", 16, 4);
    private final Node labels = Node.placeholder("labels", 16);
    private final Tensor xb = Tensor.normal(rng, 0, 1, 16, 4);

    private List<Parameter> params() {
        return List.copyOf(mlp.parameters().values());
    }

    private static Tensor labels(int from) {
        double[] l = new double[16];
        for (int i = 0; i < l.length; i++) {
            l[i] = from + i % 3;
        }
        return Tensor.vector(l);
    }

    private List<String> lint(Node loss, Tensor y) {
        return Lint.of().check(loss, params(), Map.of(x, xb, labels, y)).stream().map(Lint.Warning::toString).toList();
    }

    @Test
    void aCleanClassifierGetsNoWarning() {
        Node loss = Losses.crossEntropy(mlp.forward(x, Context.training()), labels);
        assertEquals(List.of(), lint(loss, labels(0)));
    }

    @Test
    void softmaxBeforeCrossEntropy() {
        Node probabilities = Activations.softmax(mlp.forward(x, Context.training()), -1);
        List<String> ws = lint(Losses.crossEntropy(probabilities, labels), labels(0));
        assertEquals(List.of("[probabilities-as-logits] crossEntropy takes logits, but it is given the output of a"
                + " softmax, exp[16, 3]: the loss applies its own softmax, so it is applied twice and the gradients"
                + " shrink. Fix: pass the scores from before the softmax (apply the softmax only to read"
                + " probabilities)."), ws);
    }

    @Test
    void sigmoidBeforeTheLossOnLogits() {
        Node y = Node.placeholder("labels", 16, 3);
        Node loss = Losses.binaryCrossEntropyWithLogits(Activations.sigmoid(mlp.forward(x)), y);
        List<Lint.Warning> ws = Lint.of().check(loss, params());
        assertEquals(1, ws.size());
        assertEquals(Lint.Check.PROBABILITIES_AS_LOGITS, ws.get(0).check());
    }

    @Test
    void nllOnRawScoresAndBinaryCrossEntropyOnScores() {
        Node scores = mlp.forward(x);
        List<String> nll = lint(Losses.nll(scores, labels), labels(0));
        assertEquals(1, nll.size());
        assertEquals(true, nll.get(0).startsWith("[not-probabilities] nll takes log-probabilities (at most 0), but its"
                + " input, add[16, 3], holds values from "), nll.get(0));
        assertEquals(List.of(), lint(Losses.nll(Activations.logSoftmax(scores, -1), labels), labels(0)));
        Node t = Node.placeholder("t", 16, 3);
        List<Lint.Warning> bce = Lint.of().check(Losses.binaryCrossEntropy(scores, t), params(),
                Map.of(x, xb, t, Tensor.zeros(16, 3)));
        assertEquals(List.of(Lint.Check.NOT_PROBABILITIES), bce.stream().map(Lint.Warning::check).toList());
    }

    @Test
    void labelsCountedFromOne() {
        Node loss = Losses.crossEntropy(mlp.forward(x, Context.training()), labels);
        assertEquals(List.of("[labels-out-of-range] crossEntropy takes class labels in [0, 3), but its labels,"
                + " placeholder 'labels', holds values from 1.0 to 3.0 in the batch. Fix: number the classes from 0"
                + " (labels counted from 1 need y − 1), or give the last layer one output per class."),
                lint(loss, labels(1)));
    }
}
