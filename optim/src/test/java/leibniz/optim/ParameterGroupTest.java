package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import leibniz.autograd.Assign;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** Parameter groups, learning-rate changes between steps, and the optimizer state seen by checkpoints. */
class ParameterGroupTest {
    private final Parameter w = Parameter.of("w", Tensor.vector(1, -2));
    private final Parameter b = Parameter.of("b", Tensor.scalar(0.5));
    private final Node gw = Node.placeholder("gw", 2);
    private final Node gb = Node.placeholder("gb");

    private Program program(Optimizer optimizer) {
        return Program.of(List.of(), optimizer.step(List.of(w, b), List.of(gw, gb)));
    }

    private void run(Program p, double g0, double g1, double g2) {
        p.run(Map.of(gw, Tensor.vector(g0, g1), gb, Tensor.scalar(g2)));
    }

    @Test
    void groupsHaveTheirOwnRateAndDecayAndFollowTheBaseRate() {
        Sgd sgd = Sgd.builder().learningRate(0.1).group(List.of(w), 0.01, 0.5).build();
        Program p = program(sgd);
        run(p, 0.2, -0.4, 1.0);
        // w: g + 0.5 w with rate 0.01; b: plain g with rate 0.1
        assertArrayEquals(new double[] {1 - 0.01 * (0.2 + 0.5), -2 - 0.01 * (-0.4 - 1)}, w.value().toArray(), 1e-15);
        assertEquals(0.5 - 0.1, b.value().item(), 1e-15);
        double[] w1 = w.value().toArray();
        sgd.setLearningRate(0.05);
        assertEquals(0.05, sgd.learningRate());
        run(p, 0.2, -0.4, 1.0);
        // The group keeps its ratio 1/10 to the base rate: now 0.005.
        assertEquals(w1[0] - 0.005 * (0.2 + 0.5 * w1[0]), w.value().get(0), 1e-15);
        assertEquals(0.4 - 0.05, b.value().item(), 1e-15);
    }

    @Test
    void setLearningRateBetweenAdamStepsScalesTheStep() {
        Adam adam = Adam.create(0.1);
        Program p = program(adam);
        run(p, 0.2, -0.4, 1.0);
        adam.setLearningRate(0.01);
        double before = b.value().item();
        run(p, 0.2, -0.4, 1.0);
        // Same gradient twice: m̂ = g and v̂ = g², so the step is 0.01 g / (|g| + ε).
        assertEquals(before - 0.01 / (1 + 1e-8), b.value().item(), 1e-15);
        assertEquals(0.01, adam.state().get("adam.lr").value().item());
    }

    @Test
    void groupsWithAdamwDecoupledDecay() {
        AdamW adamw = AdamW.builder().learningRate(0.1).weightDecay(0).group(new ParameterGroup(List.of(b), 0.2, 0.5))
                .build();
        Program p = program(adamw);
        run(p, 0.2, -0.4, 1.0);
        assertEquals(0.5 * (1 - 0.2 * 0.5) - 0.2 / (1 + 1e-8), b.value().item(), 1e-15);
        assertEquals(1 - 0.1 * 0.2 / (0.2 + 1e-8), w.value().get(0), 1e-15);
    }

    @Test
    void stateIsNamedInStableOrderAndSlotsAppearOnFirstStep() {
        Adam adam = Adam.builder().amsgrad(true).build();
        assertEquals(List.of("adam.lr", "adam.step"), new ArrayList<>(adam.state().keySet()));
        List<Assign> steps = adam.step(List.of(w, b), List.of(gw, gb));
        assertEquals(List.of("adam.lr", "adam.step", "adam.m.w", "adam.v.w", "adam.vmax.w", "adam.m.b", "adam.v.b",
                "adam.vmax.b"), new ArrayList<>(adam.state().keySet()));
        // One assignment per parameter and slot, plus the step count.
        assertEquals(2 + 6 + 1, steps.size());
        Parameter m = adam.state().get("adam.m.w");
        adam.step(List.of(w), List.of(gw));
        assertSame(m, adam.state().get("adam.m.w"));
    }

    @Test
    void stateNamesOfEveryOptimizer() {
        assertEquals(List.of("sgd.lr", "sgd.step", "sgd.momentum.b"), names(Sgd.builder().momentum(0.9).build()));
        assertEquals(List.of("sgd.lr", "sgd.step"), names(Sgd.create(0.1)));
        assertEquals(List.of("adagrad.lr", "adagrad.step", "adagrad.sum.b"), names(Adagrad.create(0.1)));
        assertEquals(List.of("rmsprop.lr", "rmsprop.step", "rmsprop.v.b", "rmsprop.mean.b", "rmsprop.momentum.b"),
                names(RmsProp.builder().centered(true).momentum(0.5).build()));
        assertEquals(List.of("adadelta.lr", "adadelta.step", "adadelta.v.b", "adadelta.u.b"), names(Adadelta.create(1)));
        assertEquals(List.of("adamw.lr", "adamw.step", "adamw.m.b", "adamw.v.b"), names(AdamW.create(0.1)));
    }

    private List<String> names(Optimizer o) {
        o.step(List.of(b), List.of(gb));
        return new ArrayList<>(o.state().keySet());
    }

    @Test
    void restoringTheStateReplaysTheSameSteps() {
        Parameter x = Parameter.of("x", Tensor.vector(1.5, -0.5));
        Node loss = x.node().square().mul(Node.constant(Tensor.vector(1, 10))).sum();
        Adam adam = Adam.builder().learningRate(0.05).amsgrad(true).build();
        Program train = Program.of(List.of(loss), adam.step(List.of(x), Autograd.gradients(loss, List.of(x))));
        train.run();
        Map<String, Tensor> saved = new HashMap<>();
        adam.state().forEach((name, p) -> saved.put(name, p.value()));
        Tensor x1 = x.value();
        train.run();
        train.run();
        Tensor x3 = x.value();
        adam.state().forEach((name, p) -> p.set(saved.get(name)));
        x.set(x1);
        train.run();
        train.run();
        assertArrayEquals(x3.toArray(), x.value().toArray(), 0);
    }
}
