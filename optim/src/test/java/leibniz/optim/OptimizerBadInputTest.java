package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad hyperparameters and arguments are refused with sentences naming the optimizer and the value. */
class OptimizerBadInputTest {
    private final Parameter w = Parameter.of("w", Tensor.zeros(3));
    private final Parameter b = Parameter.of("b", Tensor.zeros(1));

    private static void refuses(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void hyperparametersAreCheckedWhenBuilt() {
        refuses("SGD: learning rate must be a finite non-negative number, got NaN", () -> Sgd.create(Double.NaN));
        refuses("SGD: learning rate must be a finite non-negative number, got -0.1", () -> Sgd.create(-0.1));
        refuses("SGD: momentum must be in [0, 1), got 1.0", () -> Sgd.builder().momentum(1).build());
        refuses("SGD: dampening must be in [0, 1], got 1.5", () -> Sgd.builder().dampening(1.5).build());
        refuses("SGD: Nesterov momentum needs a positive momentum and zero dampening, got momentum 0.0 and dampening 0.0",
                () -> Sgd.builder().nesterov(true).build());
        refuses("SGD: weight decay must be a finite non-negative number, got Infinity",
                () -> Sgd.builder().weightDecay(Double.POSITIVE_INFINITY).build());
        refuses("Adam: beta1 must be in [0, 1), got 1.0", () -> Adam.builder().beta1(1).build());
        refuses("Adam: beta2 must be in [0, 1), got -0.5", () -> Adam.builder().beta2(-0.5).build());
        refuses("Adam: eps must be a finite positive number, got 0.0", () -> Adam.builder().eps(0).build());
        refuses("AdamW: weight decay must be a finite non-negative number, got -0.01",
                () -> AdamW.builder().weightDecay(-0.01).build());
        refuses("Adagrad: learning rate decay must be a finite non-negative number, got -1.0",
                () -> Adagrad.builder().learningRateDecay(-1).build());
        refuses("Adagrad: initial accumulator must be a finite non-negative number, got NaN",
                () -> Adagrad.builder().initialAccumulator(Double.NaN).build());
        refuses("RMSprop: alpha must be in [0, 1), got 1.0", () -> RmsProp.builder().alpha(1).build());
        refuses("RMSprop: momentum must be in [0, 1), got 2.0", () -> RmsProp.builder().momentum(2).build());
        refuses("Adadelta: rho must be in [0, 1), got 1.0", () -> Adadelta.builder().rho(1).build());
        refuses("Adadelta: eps must be a finite positive number, got -1.0E-6", () -> Adadelta.builder().eps(-1e-6).build());
    }

    @Test
    void learningRateChangesAreChecked() {
        Adam adam = Adam.create(0.1);
        refuses("Adam: learning rate must be a finite non-negative number, got -1.0", () -> adam.setLearningRate(-1));
        assertEquals(0.1, adam.learningRate());
    }

    @Test
    void groupsAreChecked() {
        refuses("parameter group: needs at least one parameter", () -> new ParameterGroup(List.of(), 0.1, 0));
        refuses("SGD: group 1 learning rate must be a finite non-negative number, got -0.5",
                () -> Sgd.builder().group(List.of(w), 0.1, 0).group(List.of(b), -0.5, 0).build());
        refuses("Adam: group 0 weight decay must be a finite non-negative number, got -1.0",
                () -> Adam.builder().group(List.of(w), 0.1, -1).build());
        refuses("SGD: parameter 'w' is in groups 0 and 1",
                () -> Sgd.builder().group(List.of(w), 0.1, 0).group(List.of(b, w), 0.2, 0).build());
        refuses("SGD: parameter groups need a positive base learning rate, their rates are kept as ratios to it",
                () -> Sgd.builder().learningRate(0).group(List.of(w), 0.1, 0).build());
    }

    @Test
    void stepArgumentsAreChecked() {
        Adam adam = Adam.create(0.1);
        refuses("Adam: step needs at least one parameter", () -> adam.step(List.of(), List.of()));
        refuses("Adam: 2 parameters but 1 gradients", () -> adam.step(List.of(w, b), List.of(w.node())));
        refuses("Adam: gradient 1 has shape [3], parameter 'b' has shape [1]",
                () -> adam.step(List.of(w, b), List.of(w.node(), w.node())));
        refuses("Adam: parameter 'w' is listed twice", () -> adam.step(List.of(w, w), List.of(w.node(), w.node())));
        Parameter other = Parameter.of("w", Tensor.zeros(3));
        refuses("Adam: two parameters are named 'w', so their slots would share names; pass them by path, "
                + "e.g. step(model.parameters(), grads)", () -> adam.step(List.of(w, other), List.of(w.node(), w.node())));
        adam.step(List.of(w), List.of(w.node()));
        refuses("Adam: the name 'w' was used for another parameter in an earlier step, so their slots would share names",
                () -> adam.step(List.of(other), List.of(w.node())));
    }

    @Test
    void parametersByPathNameTheirSlots() {
        // Two layers both call their weight "w": named by path, each gets its own slots.
        Parameter other = Parameter.of("w", Tensor.zeros(3));
        Adam adam = Adam.create(0.1);
        Map<String, Parameter> byPath = new LinkedHashMap<>();
        byPath.put("layers.0.w", w);
        byPath.put("layers.1.w", other);
        adam.step(byPath, List.of(w.node(), other.node()));
        assertEquals(List.of("adam.lr", "adam.step", "adam.m.layers.0.w", "adam.v.layers.0.w", "adam.m.layers.1.w",
                "adam.v.layers.1.w"), List.copyOf(adam.state().keySet()));
    }

    @Test
    void clippingArgumentsAreChecked() {
        List<Node> grads = List.of(w.node());
        refuses("clip by global norm: max norm must be a finite positive number, got 0.0",
                () -> Clipping.byGlobalNorm(grads, 0));
        refuses("clip by global norm: needs at least one gradient", () -> Clipping.byGlobalNorm(List.of(), 1));
        refuses("clip by value: limit must be a finite positive number, got NaN", () -> Clipping.byValue(grads, Double.NaN));
    }

    @Test
    void secondOrderArgumentsAreChecked() {
        Node loss = w.node().square().sum();
        refuses("LBFGS: history must be positive, got 0", () -> LBFGS.create(0));
        refuses("NewtonCG: damping must be a finite non-negative number, got -1.0",
                () -> NewtonCG.builder().damping(-1).build());
        refuses("NewtonCG: max CG iterations must be positive, got 0", () -> NewtonCG.builder().maxCgIterations(0).build());
        refuses("LBFGS: the loss must hold a single element, got shape [3]",
                () -> LBFGS.create().minimize(w.node(), List.of(w), 10, 1e-6));
        refuses("NewtonCG: needs at least one parameter", () -> NewtonCG.create().minimize(loss, List.of(), 10, 1e-6));
        refuses("LBFGS: parameter 'w' is listed twice", () -> LBFGS.create().minimize(loss, List.of(w, w), 10, 1e-6));
        refuses("LBFGS: max iterations must be non-negative, got -1",
                () -> LBFGS.create().minimize(loss, List.of(w), -1, 1e-6));
        refuses("NewtonCG: gradient tolerance must be a finite non-negative number, got NaN",
                () -> NewtonCG.create().minimize(loss, List.of(w), 10, Double.NaN));
        Node x = Node.placeholder("x", 3);
        refuses("run: placeholder 'x' [3] was not fed",
                () -> LBFGS.create().minimize(w.node().mul(x).sum(), List.of(w), 10, 1e-6));
    }
}
