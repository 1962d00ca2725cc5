package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Each lint is provoked by a graph built to have the mistake, and the warning asserted to the letter; a
 * clean model gets none. The losses here are written with autograd's ops and marked as nn's losses mark
 * theirs (nn's LossesLintTest checks those).
 */
class LintTest {
    private static final SplittableRandom RNG = new SplittableRandom(7);

    private static String only(List<Lint.Warning> warnings) {
        assertEquals(1, warnings.size(), warnings::toString);
        return warnings.get(0).toString();
    }

    /** −mean(logSoftmax(logits)[label]) for one-hot targets, marked as crossEntropy marks it. */
    private static Node crossEntropy(Node logits, Node onehot) {
        Node x = Lint.expect(logits, Lint.Role.LOGITS, "crossEntropy");
        return x.logsumexp(-1).sub(x.mul(onehot).sum(-1)).mean();
    }

    private static Parameter weight(String name, double std, int in, int out) {
        return Parameter.of(name, Tensor.normal(RNG, 0, std, out, in));
    }

    @Test
    void softmaxOrSigmoidFedToALossThatTakesLogits() {
        Node z = Node.placeholder("z", 4, 3);
        Node t = Node.placeholder("t", 4, 3);
        Node softmax = z.sub(z.logsumexp(1, true)).exp();
        assertEquals("[probabilities-as-logits] crossEntropy takes logits, but it is given the output of a softmax,"
                + " exp[4, 3]: the loss applies its own softmax, so it is applied twice and the gradients shrink."
                + " Fix: pass the scores from before the softmax (apply the softmax only to read probabilities).",
                only(Lint.of().check(crossEntropy(softmax, t), List.of())));
        Node naive = z.exp().div(z.exp().sum(1, true));
        assertEquals(Lint.Check.PROBABILITIES_AS_LOGITS, Lint.of().check(crossEntropy(naive, t), List.of()).get(0)
                .check());
        Node bce = Lint.expect(z.sigmoid(), Lint.Role.LOGITS, "binaryCrossEntropyWithLogits").softplus().mean();
        assertEquals("[probabilities-as-logits] binaryCrossEntropyWithLogits takes logits, but it is given the output"
                + " of a sigmoid, sigmoid[4, 3]: the loss applies its own sigmoid, so it is applied twice and the"
                + " gradients shrink. Fix: pass the scores from before the sigmoid (apply the sigmoid only to read"
                + " probabilities).", only(Lint.of().check(bce, List.of())));
    }

    @Test
    void broadcastingThatAReductionHides() {
        Node prediction = Node.placeholder("prediction", 64, 1);
        Node target = Node.placeholder("target", 64);
        Node loss = prediction.sub(target).square().mean();
        assertEquals("[broadcast-trap] sub[64, 64] broadcasts [64, 1] against [64] into [64, 64], larger than both,"
                + " and reducing to the loss hides it. Fix: make both operands one shape before the sub: squeeze(-1)"
                + " turns [64, 1] into [64].", only(Lint.of().check(loss, List.of())));
        // A bias added to every row is broadcasting as meant: the result is no larger than the rows.
        Node rows = Node.placeholder("rows", 64, 10).add(Node.placeholder("bias", 10)).sum();
        assertEquals(List.of(), Lint.of().check(rows, List.of()));
    }

    @Test
    void parametersThatNeverReachTheLossOrOnlyWithoutGradient() {
        Parameter used = Parameter.of("used", Tensor.vector(1, 2));
        Parameter unused = Parameter.of("unused", Tensor.vector(1, 2));
        Parameter detached = Parameter.of("detached", Tensor.vector(1, 2));
        Parameter picked = Parameter.of("picked", Tensor.vector(1, 2));
        Node loss = used.node().square().sum().add(detached.node().detach().sum())
                .add(picked.node().argmax()).add(picked.node().gt(used.node()).sum());
        List<Lint.Warning> ws = Lint.of().check(loss, List.of(used, unused, detached, picked));
        assertEquals(List.of("[unused-parameter] parameter 'unused' [2] never reaches the loss, so it gets no gradient"
                + " and never trains. Fix: use it in the forward pass, or leave it out of the parameters to train.",
                "[blocked-parameter] parameter 'detached' [2] reaches the loss only through detach[2], which passes no"
                        + " gradient, so it never trains. Fix: use a differentiable form (softmax for argmax, sigmoid"
                        + " for step), or leave it out of the parameters to train.",
                "[blocked-parameter] parameter 'picked' [2] reaches the loss only through argmax[], gt[2], which pass"
                        + " no gradient, so it never trains. Fix: use a differentiable form (softmax for argmax,"
                        + " sigmoid for step), or leave it out of the parameters to train."),
                ws.stream().map(Lint.Warning::toString).toList());
        assertEquals(1, Lint.of().silence(Lint.Check.BLOCKED_PARAMETER).check(loss, List.of(used, unused, detached,
                picked)).size());
    }

    @Test
    void valuesOfTheFirstBatch() {
        Node x = Node.placeholder("x", 16, 3);
        Node labels = Node.placeholder("labels", 16);
        Parameter w = weight("w", 1, 3, 4);
        Node scores = x.matmul(w.node(), false, true);
        Node probs = Lint.expect(scores, Lint.Role.PROBABILITIES, "binaryCrossEntropy");
        Node logp = Lint.expect(scores, Lint.Role.LOG_PROBABILITIES, "nll");
        Node marked = Lint.expectLabels(labels, 4, "crossEntropy");
        Node loss = probs.sum().add(logp.sum()).add(marked.sum());
        double[] l = new double[16];
        for (int i = 0; i < 16; i++) {
            l[i] = i % 5 + 1;                 // 1 to 5, as if counted from 1
        }
        Tensor xb = Tensor.of(new double[] {1, 0.5, -1}, 1, 3).broadcastTo(leibniz.core.Shape.of(16, 3));
        Tensor ref = xb.matmul(w.value(), false, true);
        String range = "holds values from " + NonFiniteException.number(ref.min().item()) + " to "
                + NonFiniteException.number(ref.max().item()) + " in the batch";
        List<String> ws = Lint.of().check(loss, List.of(w), Map.of(x, xb, labels, Tensor.vector(l))).stream()
                .map(Lint.Warning::toString).toList();
        assertEquals(List.of("[not-probabilities] binaryCrossEntropy takes probabilities in [0, 1], but its input,"
                + " matmul[16, 4], " + range + ". Fix: apply a sigmoid or softmax to the scores first, or pass the"
                + " scores to the loss that takes logits.",
                "[not-probabilities] nll takes log-probabilities (at most 0), but its input, matmul[16, 4], " + range
                        + ". Fix: apply logSoftmax to the scores first, or use crossEntropy on the scores.",
                "[labels-out-of-range] crossEntropy takes class labels in [0, 4), but its labels, placeholder"
                        + " 'labels', holds values from 1.0 to 5.0 in the batch. Fix: number the classes from 0"
                        + " (labels counted from 1 need y − 1), or give the last layer one output per class."), ws);
    }

    @Test
    void deadReluAndExplodingActivations() {
        Node x = Node.placeholder("x", 32, 8);
        Parameter w1 = weight("w1", 1, 8, 16);
        Parameter b1 = Parameter.of("b1", Tensor.full(leibniz.core.Shape.of(16), -100));
        Parameter w2 = weight("w2", 30, 16, 16);
        Parameter w3 = weight("w3", 30, 16, 4);
        Node h1 = x.matmul(w1.node(), false, true).add(b1.node()).relu();
        Node h2 = h1.matmul(w2.node(), false, true).tanh();
        Node out = h2.matmul(w3.node(), false, true);
        Tensor xb = Tensor.normal(RNG, 0, 1, 32, 8);
        List<Lint.Warning> ws = Lint.of().check(out.square().mean(), List.of(w1, b1, w2, w3), Map.of(x, xb));
        assertEquals("[dead-relu] relu[32, 16] is 0 for all 32 examples of the batch in 16 of its 16 units, which pass"
                + " no gradient and may never recover. Fix: scale the inputs (standardize the features), initialize"
                + " for ReLU (Kaiming), check the biases, or use a leaky ReLU or GELU.", ws.get(0).toString());
        assertEquals(Lint.Check.ACTIVATION_SCALE, ws.get(1).check());
        assertEquals(2, ws.size());
        assertEquals(List.of(), Lint.of().silence(Lint.Check.DEAD_RELU, Lint.Check.ACTIVATION_SCALE)
                .check(out.square().mean(), List.of(w1, b1, w2, w3), Map.of(x, xb)));
    }

    @Test
    void aCleanModelGetsNoWarning() {
        Node x = Node.placeholder("x", 32, 8);
        Node y = Node.placeholder("y", 32, 4);
        Parameter w1 = weight("w1", Math.sqrt(2.0 / 8), 8, 16);
        Parameter b1 = Parameter.of("b1", Tensor.zeros(16));
        Parameter w2 = weight("w2", Math.sqrt(1.0 / 16), 16, 4);
        Node h = x.matmul(w1.node(), false, true).add(b1.node()).relu();
        Node loss = crossEntropy(h.matmul(w2.node(), false, true), y);
        double[] classes = new double[32];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = i % 4;
        }
        Tensor yb = Tensor.oneHot(Tensor.vector(classes), 4);
        assertEquals(List.of(), Lint.of().check(loss, List.of(w1, b1, w2),
                Map.of(x, Tensor.normal(RNG, 0, 1, 32, 8), y, yb)));
    }

    @Test
    void marksAreRefusedWithoutWhatTheyNeed() {
        Node x = Node.placeholder("x", 2);
        assertEquals("expect: labels need their number of classes: use expectLabels",
                assertThrows(IllegalArgumentException.class, () -> Lint.expect(x, Lint.Role.LABELS, "nll"))
                        .getMessage());
        assertEquals("expectLabels: classes must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> Lint.expectLabels(x, 0, "nll")).getMessage());
        assertEquals("lint: loss is null",
                assertThrows(IllegalArgumentException.class, () -> Lint.of().check(null, List.of())).getMessage());
    }
}
