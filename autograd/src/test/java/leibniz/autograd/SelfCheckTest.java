package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Ops check themselves: always, the output's shape and type against the node (ProgramTest); in debug mode,
 * the first run of each op type of the user's against central differences on a sample of its inputs.
 */
class SelfCheckTest {
    private static final Program.Options DEBUG = Program.Options.defaults().debug(true);

    /**
     * x³ with a VJP that forgets the factor 3 when {@code wrong}; counts its forward runs. The check projects
     * the output on a random vector r, so it compares r·3x² with r·x² (r = −1.25 at [0, 0]).
     */
    record Cube(boolean wrong, AtomicInteger runs) implements Op {
        public String name() {
            return "cube";
        }

        public Shape shape(Shape... in) {
            return in[0];
        }

        public Tensor forward(Tensor... in) {
            runs.incrementAndGet();
            return in[0].mul(in[0]).mul(in[0]);
        }

        public List<Node> vjp(Node out, Node g) {
            Node dx = g.mul(out.input(0).square());
            return List.of(wrong ? dx : dx.mul(3));
        }
    }

    /** {@code x[index]} along axis 0, the index an input of its own that receives no gradient. */
    record Pick() implements Op {
        public String name() {
            return "pick";
        }

        public Shape shape(Shape... in) {
            return in[0].taken(0, in[1], "pick");
        }

        public Tensor forward(Tensor... in) {
            return in[0].indexSelect(0, in[1]);
        }

        public List<Node> vjp(Node out, Node g) {
            Node x = out.input(0);
            return List.of(Node.indexAdd(x.shape(), 0, out.input(1), g), Node.zeros(out.input(1).shape()));
        }
    }

    @Test
    void aWrongVjpFailsOnTheFirstRunNamingTheOp() {
        Node x = Node.placeholder("x", 2, 3);
        Node y = Node.apply(new Cube(true, new AtomicInteger()), x).sum();
        Program p = Program.of(List.of(y), List.of(), DEBUG);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> p.run(Map.of(x, Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3))));
        assertEquals("cube: the VJP disagrees with central differences at the inputs of its first run: input 0,"
                + " element [0, 0]: numeric -3.75 vs analytic -1.25 (debug mode checks each op of your own once, on"
                + " a sample of its inputs)", e.getMessage());
    }

    @Test
    void aRightVjpPassesAndIsCheckedOncePerProgram() {
        AtomicInteger runs = new AtomicInteger();
        Node x = Node.placeholder("x", 40);
        Node y = Node.apply(new Cube(false, runs), x).sum();
        Program p = Program.of(List.of(y), List.of(), DEBUG);
        Map<Node, Tensor> feed = Map.of(x, Tensor.linspace(-1, 1, 40));
        p.run(feed);
        int first = runs.get();
        p.run(feed);
        // The run itself, then the check: the op at x ± ε for each sampled element (4 of the 40); not again.
        assertEquals(1 + 2 * Inspector.SAMPLE, first);
        assertEquals(first + 1, runs.get());
    }

    @Test
    void inputsWithoutGradientAreHeldConstant() {
        Node x = Node.placeholder("x", 4, 2);
        Node index = Node.constant(Tensor.vector(3, 0, 3));
        Node y = Node.apply(new Pick(), x, index).square().sum();
        Tensor v = Program.of(List.of(y), List.of(), DEBUG).run(Map.of(x, Tensor.arange(8).reshape(4, 2))).get(0);
        assertEquals(36 + 49 + 0 + 1 + 36 + 49, v.item());
    }

    @Test
    void withoutDebugModeAWrongVjpIsNotChecked() {
        Node x = Node.placeholder("x", 2);
        Node y = Node.apply(new Cube(true, new AtomicInteger()), x).sum();
        assertEquals(9, Program.of(y).run(Map.of(x, Tensor.vector(1, 2))).get(0).item());
    }
}
