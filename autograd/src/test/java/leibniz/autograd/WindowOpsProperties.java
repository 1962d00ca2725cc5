package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import leibniz.autograd.check.GradCheck;
import leibniz.core.Convolutions.Window;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * unfold and fold: gradients and second derivatives against central differences, and the adjoint
 * identity {@code <unfold(x), r> = <x, fold(r)>} to 1e-12, both for the ops' values and for the VJPs; their
 * JVP and batching rules.
 */
class WindowOpsProperties {

    /** A small image shape and a window that fits it, from one seed so that failures replay. */
    private record Case(Shape image, Window window, SplittableRandom rng) {
        static Case of(long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            Shape image = Shape.of(1 + rng.nextInt(2), 1 + rng.nextInt(2), 1 + rng.nextInt(4), 1 + rng.nextInt(4));
            int ph = rng.nextInt(2);
            int pw = rng.nextInt(2);
            int kh = Math.min(1 + rng.nextInt(3), image.dim(2) + 2 * ph);
            int kw = Math.min(1 + rng.nextInt(3), image.dim(3) + 2 * pw);
            return new Case(image, Window.of(kh, kw, 1 + rng.nextInt(2), 1 + rng.nextInt(2), ph, pw), rng);
        }

        Tensor uniform(Shape shape) {
            return Tensor.uniform(rng, -1, 1, shape.dims());
        }

        Shape columns() {
            return window.columns(image, "test");
        }
    }

    @Property(tries = 20)
    void gradOfUnfold(@ForAll long seed) {
        Case c = Case.of(seed);
        GradCheck check = GradCheck.of(xs -> Windows.unfold(xs.get(0), c.window()));
        Tensor x = c.uniform(c.image());
        check.check(x);
        check.checkSecondOrder(x);
    }

    @Property(tries = 20)
    void gradOfFold(@ForAll long seed) {
        Case c = Case.of(seed);
        int h = c.image().dim(2);
        int w = c.image().dim(3);
        GradCheck check = GradCheck.of(xs -> Windows.fold(xs.get(0), h, w, c.window()));
        Tensor cols = c.uniform(c.columns());
        check.check(cols);
        check.checkSecondOrder(cols);
    }

    @Property(tries = 15)
    void jvpOfUnfoldAndFold(@ForAll long seed) {
        Case c = Case.of(seed);
        int h = c.image().dim(2);
        int w = c.image().dim(3);
        TransformChecks.jvp(xs -> Windows.unfold(xs.get(0), c.window()).square(), c.uniform(c.image()));
        TransformChecks.jvp(xs -> Windows.fold(xs.get(0), h, w, c.window()).square(), c.uniform(c.columns()));
    }

    /** A batch of images is merged into the images' own batch axis and split back. */
    @Property(tries = 15)
    void vmapOfUnfoldAndFold(@ForAll long seed, @ForAll("batches") TransformChecks.Batch b) {
        Case c = Case.of(seed);
        int h = c.image().dim(2);
        int w = c.image().dim(3);
        TransformChecks.vmap(xs -> Windows.unfold(xs.get(0), c.window()), b, c.uniform(c.image()));
        TransformChecks.vmap(xs -> Windows.fold(xs.get(0), h, w, c.window()), b, c.uniform(c.columns()));
    }

    @Provide
    Arbitrary<TransformChecks.Batch> batches() {
        return TransformChecks.batches();
    }

    @Property(tries = 30)
    void unfoldAndFoldAreAdjoint(@ForAll long seed) {
        Case c = Case.of(seed);
        Tensor x = c.uniform(c.image());
        Tensor r = c.uniform(c.columns());
        Node unfolded = Windows.unfold(Node.constant(x), c.window());
        Node folded = Windows.fold(Node.constant(r), c.image().dim(2), c.image().dim(3), c.window());
        double lhs = unfolded.value().mul(r).sum().item();
        double rhs = x.mul(folded.value()).sum().item();
        assertEquals(lhs, rhs, 1e-12 * (1 + Math.abs(lhs)));
    }

    @Property(tries = 20)
    void vjpOfEachIsTheOther(@ForAll long seed) {
        Case c = Case.of(seed);
        Node x = Parameter.of("x", c.uniform(c.image())).node();
        Tensor r = c.uniform(c.columns());
        Node unfolded = Windows.unfold(x, c.window());
        Tensor dx = Autograd.vjp(unfolded, List.of(x), Node.constant(r)).get(0).value();
        assertEquals(Windows.fold(Node.constant(r), c.image().dim(2), c.image().dim(3), c.window()).value(), dx);

        Node cols = Parameter.of("cols", r).node();
        Tensor g = c.uniform(c.image());
        Node folded = Windows.fold(cols, c.image().dim(2), c.image().dim(3), c.window());
        Tensor dcols = Autograd.vjp(folded, List.of(cols), Node.constant(g)).get(0).value();
        assertEquals(Windows.unfold(Node.constant(g), c.window()).value(), dcols);
    }

    @Example
    void shapesAreCheckedWhenTheNodeIsBuilt() {
        Node x = Node.placeholder("x", 2, 3, 4, 4);
        assertEquals(Shape.of(2, 27, 4), Windows.unfold(x, Window.square(3, 2, 1)).shape());
        assertEquals(Shape.of(2, 3, 4, 4),
                Windows.fold(Node.placeholder("c", 2, 27, 4), 4, 4, Window.square(3, 2, 1)).shape());
        assertEquals("unfold: input [2, 3, 4, 4]: kernel 5x5 larger than padded input 4x4",
                assertThrows(IllegalArgumentException.class, () -> Windows.unfold(x, Window.square(5, 1, 0)))
                        .getMessage());
        assertEquals("fold: columns [2, 27, 5] do not fold into a 4x4 image with kernel 3x3, stride 2x2, padding 1x1"
                        + " (expected [N, C*9, 4])",
                assertThrows(IllegalArgumentException.class, () -> Windows.fold(Node.placeholder("c", 2, 27, 5), 4, 4,
                        Window.square(3, 2, 1))).getMessage());
    }
}
