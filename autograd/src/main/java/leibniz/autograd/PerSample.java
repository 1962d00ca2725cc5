package leibniz.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import leibniz.core.Arguments;
import leibniz.core.Shape;

/**
 * Per-example gradients: the gradient of each example's loss with respect to each parameter, for a whole
 * batch in one graph, as {@code vmap(grad(loss))} in {@code torch.func} and JAX, the per-sample gradients of
 * Opacus. They are what differentially private training (DP-SGD) clips, and what influence functions and
 * gradient-noise statistics read.
 *
 * <pre>{@code
 * // model: any nn Module; x [64, 784] and labels [64] are the batch
 * List<Parameter> ps = List.copyOf(model.parameters().values());
 * List<Node> g = PerSample.gradients(ex -> Losses.crossEntropy(model.forward(ex.get(0)), ex.get(1)), ps,
 *         List.of(x, labels));                       // g.get(i): [64, ...shape of parameter i]
 * List<Node> clipped = PerSample.clip(g, 1.0);       // each example's gradient scaled to norm ≤ 1
 * }</pre>
 *
 * <p>The loss function is traced once, on one example of each batch input with a leading axis of size 1
 * ({@code [1, 784]} and {@code [1]} above), so a model written for batches applies to it unchanged; the
 * gradient graph is then batched by {@link Transforms#vmap}, not looped. Layers that mix the examples of a
 * batch see a batch of one: batch norm in training normalizes each example by itself, and dropout draws one
 * mask for the batch (see {@link Transforms}).
 */
public final class PerSample {
    private PerSample() {
    }

    /**
     * The gradient of {@code loss} with respect to each parameter for each example of {@code batch}, whose
     * inputs share their first (batch) axis: per parameter a node {@code [batch, ...parameter shape]}. The
     * loss of one example must hold a single element.
     */
    public static List<Node> gradients(Function<List<Node>, Node> loss, List<Parameter> parameters,
            List<Node> batch) {
        Arguments.notNull(loss, "perSample", "loss");
        Arguments.noNulls(parameters, "perSample", "parameters");
        Arguments.noNulls(batch, "perSample", "batch");
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("perSample: needs at least one batch input");
        }
        for (int i = 0; i < batch.size(); i++) {
            Node x = batch.get(i);
            if (x.rank() == 0) {
                throw new IllegalArgumentException("perSample: batch input " + i + " is a scalar; its first axis must "
                        + "run over the examples");
            }
            if (x.shape().dim(0) != batch.get(0).shape().dim(0)) {
                throw new IllegalArgumentException("perSample: batch input " + i + " " + x.shape() + " has "
                        + x.shape().dim(0) + " examples, but input 0 " + batch.get(0).shape() + " has "
                        + batch.get(0).shape().dim(0));
            }
        }
        List<Node> xs = new ArrayList<>(parameters.size());
        parameters.forEach(p -> xs.add(p.node()));
        Function<List<Node>, List<Node>> perExample = example -> {
            List<Node> one = new ArrayList<>(example.size());
            example.forEach(e -> one.add(e.unsqueeze(0)));
            Node l = loss.apply(Collections.unmodifiableList(one));
            if (l == null) {
                throw new IllegalArgumentException("perSample: the loss function returned null instead of a node");
            }
            if (l.shape().size() != 1) {
                throw new IllegalArgumentException("perSample: the loss of one example has shape " + l.shape()
                        + "; it must hold a single element (reduce it with sum() or mean())");
            }
            return Autograd.grad(l.reshape(), xs);
        };
        return Transforms.vmap(perExample).apply(List.copyOf(batch));
    }

    /**
     * The Euclidean norm of each example's whole gradient, all parameters together:
     * {@code ‖g_b‖ = √(Σ_p Σ g_p[b]²)}, of shape {@code [batch]}, for per-example gradients
     * {@code [batch, ...]} as {@link #gradients} gives them.
     */
    public static Node norms(List<Node> perExample) {
        Arguments.noNulls(perExample, "norms", "perExample");
        int size = batchSize(perExample, "norms");
        Node total = null;
        for (Node g : perExample) {
            Node squares = g.reshape(size, -1).square().sum(1);
            total = total == null ? squares : total.add(squares);
        }
        return total.sqrt();
    }

    /**
     * The per-example gradients with each example's whole gradient scaled to norm at most {@code maxNorm}:
     * {@code g_b · min(1, C / (‖g_b‖ + 10⁻⁶))}, as Opacus clips them for DP-SGD (the 10⁻⁶ keeps a zero
     * gradient finite). C is positive and finite.
     */
    public static List<Node> clip(List<Node> perExample, double maxNorm) {
        Arguments.noNulls(perExample, "clip", "perExample");
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("clip: maxNorm must be positive and finite, got " + maxNorm);
        }
        int size = batchSize(perExample, "clip");
        Node factor = norms(perExample).add(1e-6).reciprocal().mul(maxNorm).clamp(0, 1);
        List<Node> clipped = new ArrayList<>(perExample.size());
        for (Node g : perExample) {
            Shape column = Shape.of(size);
            for (int i = 1; i < g.rank(); i++) {
                column = column.inserting(1, 1);
            }
            clipped.add(g.mul(factor.reshape(column)));
        }
        return clipped;
    }

    /** The common batch size of per-example gradients, refused with a sentence naming {@code op} if none or mixed. */
    private static int batchSize(List<Node> perExample, String op) {
        if (perExample.isEmpty()) {
            throw new IllegalArgumentException(op + ": needs at least one per-example gradient");
        }
        int size = -1;
        for (int i = 0; i < perExample.size(); i++) {
            Node g = perExample.get(i);
            if (g.rank() == 0) {
                throw new IllegalArgumentException(op + ": gradient " + i + " is a scalar; per-example gradients have "
                        + "the batch as their first axis");
            }
            if (size >= 0 && g.shape().dim(0) != size) {
                throw new IllegalArgumentException(op + ": gradient " + i + " " + g.shape() + " has " + g.shape().dim(0)
                        + " examples, but gradient 0 " + perExample.get(0).shape() + " has " + size);
            }
            size = g.shape().dim(0);
        }
        return size;
    }
}
