package leibniz.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import leibniz.nn.Losses;
import leibniz.optim.Sgd;

/**
 * W1 and W4 written as a Leibniz user writes them: the MLP 784-256-256-10 as parameters and graph ops
 * ({@code relu(x·W + b)}) with the peers' weights, the mean softmax cross-entropy of {@code nn} against
 * one-hot targets fed through placeholders, and programs prepared once: one SGD step of {@code optim}
 * (loss, gradients and update in one run) and the Hessian-vector product of the loss with respect to
 * the first layer's weights.
 *
 * <p>In {@link DType#F32} the weights, biases and placeholders are F32 from the start, and so are the fed
 * batch and targets: converted once here, so a step measures no conversion ({@link Program} would convert
 * F64 feeds to the placeholders' type on every run). The weights are the F64 draws rounded to float, as the
 * peers' f32 runs round them.
 *
 * <p>The parameters are named {@code layers.<l>.weight} and {@code layers.<l>.bias} here rather than
 * taken from {@code nn.Linear}, whose parameters are all named {@code weight} and {@code bias}, which
 * the optimizer refuses as clashing slot names.
 */
final class GraphMlp {
    private final List<Parameter> parameters = new ArrayList<>();
    final Node x;
    final Node y;
    final Node loss;
    final Map<Node, Tensor> feeds;

    /** The float64 network, as W4 and the heap check use it. */
    GraphMlp() {
        this(DType.F64);
    }

    /** The network, its data and its loss in {@code dtype}. */
    GraphMlp(DType dtype) {
        int[] s = Workloads.SIZES;
        x = Node.placeholder("x", Shape.of(Workloads.BATCH, s[0]), dtype);
        y = Node.placeholder("y", Shape.of(Workloads.BATCH, s[3]), dtype);
        for (int l = 0; l < 3; l++) {
            Tensor w0 = Tensor.of(Workloads.weight(l, 1), s[l], s[l + 1]).to(dtype);
            parameters.add(Parameter.of("layers." + l + ".weight", w0));
            parameters.add(Parameter.of("layers." + l + ".bias", Tensor.zeros(Shape.of(s[l + 1]), dtype)));
        }
        loss = Losses.crossEntropy(logits(x), y);
        feeds = Map.of(x, Tensor.of(Workloads.input(1), Workloads.BATCH, s[0]).to(dtype),
                y, Tensor.of(Workloads.oneHotLabels(1), Workloads.BATCH, s[3]).to(dtype));
    }

    /** The scores {@code [n, 10]} of inputs {@code [n, 784]}: {@code relu(x·W + b)} twice, then {@code x·W + b}. */
    Node logits(Node input) {
        Node h = input;
        for (int l = 0; l < 3; l++) {
            h = h.matmul(parameters.get(2 * l).node()).add(parameters.get(2 * l + 1).node());
            if (l < 2) {
                h = h.relu();
            }
        }
        return h;
    }

    /** W1, b1, W2, b2, W3, b3. */
    List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    /** W4's direction v, of W1's shape {@code [784, 256]}: a tangent or a vector for the Hessian. */
    Node direction() {
        int[] s = Workloads.SIZES;
        return Node.constant(Tensor.of(Workloads.direction(), s[0], s[1]).to(firstWeight().dtype()));
    }

    Parameter firstWeight() {
        return parameters.get(0);
    }

    /** W1: a program whose run computes the loss and applies one plain SGD step to every parameter. */
    Program trainStep() {
        return trainStep(Program.Options.defaults());
    }

    /** W1's program prepared as {@code options} say (debug mode, for {@link DebugModeCost}). */
    Program trainStep(Program.Options options) {
        List<Parameter> params = parameters();
        Sgd sgd = Sgd.create(Workloads.LR);
        return Program.of(List.of(loss), sgd.step(params, Autograd.gradients(loss, params)), options);
    }

    /**
     * W4: a program computing the loss, its gradient g with respect to W1, and {@code Hv = ∂<g, v>/∂W1},
     * the same three results the peers compute ({@link Autograd#hvp} spelled out so g is an output too).
     */
    Program hvp(Tensor v) {
        Node w1 = firstWeight().node();
        Node g = Autograd.grad(loss, w1).get(0);
        Node hv = Autograd.grad(g.mul(Node.constant(v)).sum(), w1).get(0);
        return Program.of(loss, g, hv);
    }
}
