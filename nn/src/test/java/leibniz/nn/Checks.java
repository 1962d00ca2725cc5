package leibniz.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.check.GradCheck;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Gradient checks through a whole module in a chosen pass (training or evaluation), and generated test
 * data: layers with their weights, values, values away from 0, integer indices.
 */
final class Checks {
    private Checks() {
    }

    /** The gradient of {@code module(x)} with respect to x, a fresh context from {@code ctx} per build. */
    static void input(Module module, Supplier<Context> ctx, Tensor x) {
        GradCheck.of(xs -> module.forward(xs.get(0), ctx.get())).check(x);
    }

    /**
     * The gradient of {@code <r, module(x)>} with respect to each parameter against central differences
     * ({@link ParameterGradCheck}), a fresh context from {@code ctx}.
     */
    static void parameters(Module module, Supplier<Context> ctx, Tensor x) {
        ParameterGradCheck.checkParameters(module.forward(Node.constant(x), ctx.get()), module.parameters().values());
    }

    /**
     * A module made by {@code recipe}, each parameter moved from its initial value by {@code scale · δ} with the
     * generated δ in [-1, 1], and an input for it: what a layer property draws, so that a failure shrinks to a
     * small layer at its initial weights and a short input.
     */
    record Layer<M extends Module>(String name, Supplier<M> recipe, double scale, List<Tensor> deltas, Tensor x) {
        /** A fresh module from the recipe, its parameters moved by the deltas in the order of {@code parameters()}. */
        M module() {
            M m = recipe.get();
            List<Parameter> ps = List.copyOf(m.parameters().values());
            for (int i = 0; i < ps.size(); i++) {
                ps.get(i).set(ps.get(i).value().add(deltas.get(i).mul(scale)));
            }
            return m;
        }

        @Override
        public String toString() {
            return name + " moved by " + scale + " × " + deltas + " at x = " + x;
        }
    }

    /**
     * Layers from {@code recipe}, built once here to learn the shapes of the parameters (so it must build the same
     * layer every time: a fixed initializer seed), with inputs from {@code inputs}.
     */
    static <M extends Module> Arbitrary<Layer<M>> layers(String name, Supplier<M> recipe, double scale,
            Arbitrary<Tensor> inputs) {
        List<Arbitrary<Tensor>> deltas = new ArrayList<>();
        for (Parameter p : recipe.get().parameters().values()) {
            deltas.add(uniform(p.shape()));
        }
        return Combinators.combine(Combinators.combine(deltas).as(List::copyOf), inputs)
                .as((d, x) -> new Layer<>(name, recipe, scale, d, x));
    }

    /** The initializers' random source for a layer recipe: fixed, so the recipe builds the same layer each time. */
    static SplittableRandom init() {
        return new SplittableRandom(0);
    }

    /** Values in [-1, 1]. */
    static Arbitrary<Tensor> uniform(Shape shape) {
        return TensorArbitraries.tensors(shape, -1, 1);
    }

    /** Values in [-1, 1] of {@code lead} followed by {@code last}, for lead shapes of rank 0 to {@code maxRank}. */
    static Arbitrary<Tensor> uniform(int maxRank, int maxDim, int last) {
        return TensorArbitraries.shapes(0, maxRank, maxDim).flatMap(lead -> uniform(lead.inserting(lead.rank(), last)));
    }

    /** Values with |v| in [0.1, 1], either sign: away from the kinks at 0. */
    static Arbitrary<Tensor> awayFromZero(Shape shape) {
        return TensorArbitraries.awayFrom(uniform(shape), 0.1, 0);
    }

    /** Whole numbers in [0, bound) of a shape of rank 0 to {@code maxRank}, dimensions 1 to {@code maxDim}. */
    static Arbitrary<Tensor> indices(int maxRank, int maxDim, int bound) {
        return TensorArbitraries.shapes(0, maxRank, maxDim).flatMap(s -> TensorArbitraries.indices(s, bound));
    }
}
