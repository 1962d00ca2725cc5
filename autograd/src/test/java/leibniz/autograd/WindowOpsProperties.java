package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Convolutions.Window;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * unfold and fold: gradients and second derivatives against central differences, and the adjoint
 * identity {@code <unfold(x), r> = <x, fold(r)>} to 1e-12, both for the ops' values and for the VJPs; their
 * JVP and batching rules, and their F32 twins ({@link OpChecks}).
 */
class WindowOpsProperties {

    /** A small image x, a window that fits it, and columns r of the shape unfolding x gives. */
    record Case(Tensor x, Tensor r, Window window) {
        int h() {
            return x.shape().dim(2);
        }

        int w() {
            return x.shape().dim(3);
        }
    }

    private static Arbitrary<Integer> between(int min, int max) {
        return Arbitraries.integers().between(min, max);
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(between(1, 2), between(1, 2), between(1, 4), between(1, 4), between(0, 1),
                between(0, 1)).flatAs((n, c, h, w, ph, pw) -> Combinators.combine(between(1, 3), between(1, 3),
                        between(1, 2), between(1, 2)).flatAs((kh, kw, sh, sw) -> {
                            Window win = Window.of(Math.min(kh, h + 2 * ph), Math.min(kw, w + 2 * pw), sh, sw, ph, pw);
                            Shape image = Shape.of(n, c, h, w);
                            return Combinators.combine(TensorArbitraries.tensors(image, -1, 1),
                                    TensorArbitraries.tensors(win.columns(image, "test"), -1, 1))
                                    .as((x, r) -> new Case(x, r, win));
                        }));
    }

    @Property(tries = 20)
    void gradOfUnfold(@ForAll("cases") Case c) {
        OpChecks.gradients(xs -> Windows.unfold(xs.get(0), c.window()), c.x());
    }

    @Property(tries = 20)
    void gradOfFold(@ForAll("cases") Case c) {
        OpChecks.gradients(xs -> Windows.fold(xs.get(0), c.h(), c.w(), c.window()), c.r());
    }

    @Property(tries = 15)
    void jvpOfUnfoldAndFold(@ForAll("cases") Case c) {
        TransformChecks.jvp(xs -> Windows.unfold(xs.get(0), c.window()).square(), c.x());
        TransformChecks.jvp(xs -> Windows.fold(xs.get(0), c.h(), c.w(), c.window()).square(), c.r());
    }

    /** A batch of images is merged into the images' own batch axis and split back. */
    @Property(tries = 15)
    void vmapOfUnfoldAndFold(@ForAll("cases") Case c, @ForAll("batches") TransformChecks.Batch b) {
        TransformChecks.vmap(xs -> Windows.unfold(xs.get(0), c.window()), b, c.x());
        TransformChecks.vmap(xs -> Windows.fold(xs.get(0), c.h(), c.w(), c.window()), b, c.r());
    }

    @Provide
    Arbitrary<TransformChecks.Batch> batches() {
        return TransformChecks.batches();
    }

    @Property(tries = 30)
    void unfoldAndFoldAreAdjoint(@ForAll("cases") Case c) {
        Node unfolded = Windows.unfold(Node.constant(c.x()), c.window());
        Node folded = Windows.fold(Node.constant(c.r()), c.h(), c.w(), c.window());
        double lhs = unfolded.value().mul(c.r()).sum().item();
        double rhs = c.x().mul(folded.value()).sum().item();
        assertEquals(lhs, rhs, 1e-12 * (1 + Math.abs(lhs)));
    }

    /** The VJP of unfold with cotangent r is fold(r); the VJP of fold with cotangent x is unfold(x). */
    @Property(tries = 20)
    void vjpOfEachIsTheOther(@ForAll("cases") Case c) {
        Node x = Parameter.of("x", c.x()).node();
        Node unfolded = Windows.unfold(x, c.window());
        Tensor dx = Autograd.vjp(unfolded, List.of(x), Node.constant(c.r())).get(0).value();
        assertEquals(Windows.fold(Node.constant(c.r()), c.h(), c.w(), c.window()).value(), dx);

        Node cols = Parameter.of("cols", c.r()).node();
        Node folded = Windows.fold(cols, c.h(), c.w(), c.window());
        Tensor dcols = Autograd.vjp(folded, List.of(cols), Node.constant(c.x())).get(0).value();
        assertEquals(Windows.unfold(Node.constant(c.x()), c.window()).value(), dcols);
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
