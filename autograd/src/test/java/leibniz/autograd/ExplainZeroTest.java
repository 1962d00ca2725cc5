package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** {@link Autograd#explainZero}: each cause of a zero gradient, provoked, and its sentence. */
class ExplainZeroTest {
    private final Parameter w = Parameter.of("w", Tensor.vector(1, -2, 3, 4));

    @Test
    void noPath() {
        Node x = Node.placeholder("x", 4);
        assertEquals("parameter 'w' has no path to the loss: the loss never reads it",
                Autograd.explainZero(x.sum(), w, Map.of(x, Tensor.ones(4))));
    }

    @Test
    void throughADetach() {
        assertEquals("every path from parameter 'w' to the loss passes through a detach: detach[4]",
                Autograd.explainZero(w.node().detach().square().sum(), w));
    }

    @Test
    void throughPiecewiseConstantOps() {
        Node loss = w.node().argmax().add(w.node().step().sum()).add(w.node().sign().sum());
        assertEquals("every path from parameter 'w' to the loss passes through piecewise-constant ops, whose"
                + " derivative is 0: argmax[], step[4], sign[4]", Autograd.explainZero(loss, w));
        Node both = w.node().detach().sum().add(w.node().lt(Node.scalar(0)).sum());
        assertEquals("every path from parameter 'w' to the loss passes through a detach: detach[4]; or piecewise-"
                + "constant ops, whose derivative is 0: lt[4]", Autograd.explainZero(both, w));
    }

    @Test
    void throughReluInactiveForTheWholeBatch() {
        Node x = Node.placeholder("x", 3, 4);
        Node h = x.mul(w.node()).sub(100).relu();
        Node loss = h.sum().add(h.mean());
        assertEquals("every path from parameter 'w' to the loss passes through a ReLU inactive (input at most 0) for"
                + " every input of this batch: relu[3, 4]", Autograd.explainZero(loss, w, Map.of(x, Tensor.ones(3, 4))));
        Node two = x.mul(w.node()).sub(100).relu().sum().add(x.mul(w.node()).sub(200).relu().sum());
        assertEquals("every path from parameter 'w' to the loss passes through ReLUs inactive (input at most 0) for"
                + " every input of this batch: relu[3, 4], relu[3, 4]",
                Autograd.explainZero(two, w, Map.of(x, Tensor.ones(3, 4))));
    }

    @Test
    void exactlyZeroForAnotherReason() {
        Node x = Node.placeholder("x", 4);
        assertEquals("the gradient with respect to parameter 'w' is exactly 0 for these inputs, though the loss"
                + " depends on it through differentiable ops (a zero factor, a saturated clamp or a mask)",
                Autograd.explainZero(w.node().mul(x).sum(), w, Map.of(x, Tensor.zeros(4))));
    }

    @Test
    void tinyOrNotZeroAtAll() {
        assertEquals("the gradient with respect to parameter 'w' is not zero but tiny: its largest element is 1.0E-12"
                + " (norm 2.0E-12)", Autograd.explainZero(w.node().mul(1e-12).sum(), w));
        assertEquals("the gradient with respect to parameter 'w' is not zero: its largest element is 8.0 (norm"
                + " 10.9545)", Autograd.explainZero(w.node().square().sum(), w));
    }

    @Test
    void theLossMustBeOneValue() {
        assertEquals("explainZero: the loss must be a single value, got [4]",
                assertThrows(IllegalArgumentException.class, () -> Autograd.explainZero(w.node(), w)).getMessage());
    }
}
