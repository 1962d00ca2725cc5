package leibniz.autograd.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import leibniz.autograd.Node;
import leibniz.autograd.Op;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * GradCheck passes correct derivatives and catches wrong ones, with messages naming the element. The
 * wrong ops below are what a user's custom op with a slip in its VJP looks like. Power-of-two steps and
 * dyadic inputs make the central differences exact, so the messages can be asserted verbatim.
 */
class GradCheckTest {
    private static final double EXACT_EPS = 0x1p-20;

    /** out = 2x, with the VJP off by a factor of 2: dx = g (should be 2g). */
    record WrongTwice() implements Op {
        public String name() { return "wrongTwice"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) { return in[0].mul(2); }
        public List<Node> vjp(Node out, Node g) { return List.of(g); }
    }

    /** out = x², with the VJP off by a factor of 2: dx = g ⊙ x (should be 2 g ⊙ x). */
    record WrongSquare() implements Op {
        public String name() { return "wrongSquare"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) { return in[0].square(); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out.input(0))); }
    }

    /** out = x³ with the right VJP 3g ⊙ x², whose x² is WrongSquare: right first, wrong second derivative. */
    record Cube() implements Op {
        public String name() { return "cube"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) { return in[0].pow(3); }
        public List<Node> vjp(Node out, Node g) {
            return List.of(g.mul(Node.apply(new WrongSquare(), out.input(0))).mul(3));
        }
    }

    /** out = x, with a VJP wrong at element 1 only: dx = g ⊙ [1, 2, 1, 1, ...]. */
    record WrongAtOne() implements Op {
        public String name() { return "wrongAtOne"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) { return in[0]; }
        public List<Node> vjp(Node out, Node g) {
            double[] m = new double[out.shape().size()];
            java.util.Arrays.fill(m, 1);
            m[1] = 2;
            return List.of(g.mul(Node.constant(Tensor.of(m, out.shape()))));
        }
    }

    @Test
    void aSampleChecksEvenlySpreadElementsOnly() {
        GradCheck check = GradCheck.of(xs -> Node.apply(new WrongAtOne(), xs.get(0)).sum()).eps(EXACT_EPS);
        Tensor x = Tensor.linspace(-1, 1, 8);
        check.elements(2).check(x);                  // elements 0 and 4
        check.elements(4).check(x);                  // 0, 2, 4 and 6
        assertArrayEquals(new int[] {1}, assertThrows(GradCheckError.class, () -> check.elements(8).check(x))
                .element());
        assertArrayEquals(new int[] {1}, assertThrows(GradCheckError.class, () -> check.check(x)).element());
        assertEquals("gradcheck: elements must be at least 0 (0 for all), got -1",
                assertThrows(IllegalArgumentException.class, () -> check.elements(-1)).getMessage());
    }

    /** out = x², right VJP, and a JVP rule off by a factor of 2: ṫ ⊙ x (should be 2 ṫ ⊙ x). */
    record WrongTangent() implements Op {
        public String name() { return "wrongTangent"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) { return in[0].square(); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out.input(0)).mul(2)); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).mul(out.input(0)); }
    }

    @Test
    void checkJvpPassesForwardModeAndNamesAWrongColumn() {
        Tensor a = Tensor.of(new double[] {0.3, -1.2, 0.7, 2.0, -0.4, 1.1}, 2, 3);
        Tensor b = Tensor.vector(0.5, -0.8, 1.3);
        GradCheck.of(xs -> xs.get(0).mul(xs.get(1)).tanh().add(xs.get(1).exp()).sum(0)).checkJvp(a, b);
        GradCheck.of(xs -> Node.apply(new WrongTangent(), xs.get(0))).check(b); // its VJP is right
        GradCheck check = GradCheck.of(xs -> Node.apply(new WrongTangent(), xs.get(0)).mul(xs.get(1))).eps(EXACT_EPS);
        GradCheckError e = assertThrows(GradCheckError.class, () -> check.checkJvp(Tensor.vector(0.5, 1.25),
                Tensor.vector(1, -1)));
        assertEquals("jvpcheck: input 0, element [0], output element [0]: numeric 1.0 vs analytic 0.5 (atol 1e-05, "
                + "rtol 0.001)", e.getMessage());
        assertEquals(0, e.input());
        assertArrayEquals(new int[] {0}, e.element());
    }

    @Test
    void passesCorrectDerivativesOfSeveralInputs() {
        Tensor a = Tensor.of(new double[] {0.3, -1.2, 0.7, 2.0, -0.4, 1.1}, 2, 3);
        Tensor b = Tensor.vector(0.5, -0.8, 1.3);
        GradCheck check = GradCheck.of(xs -> xs.get(0).mul(xs.get(1)).tanh().add(xs.get(1).exp()));
        check.check(a, b);
        check.checkSecondOrder(a, b);
    }

    @Test
    void passesAScalarOutputAndAScalarInput() {
        GradCheck check = GradCheck.of(xs -> xs.get(0).sin().mul(xs.get(1)).sum());
        check.check(Tensor.scalar(0.4), Tensor.vector(1, 2, 3));
        check.checkSecondOrder(Tensor.scalar(0.4), Tensor.vector(1, 2, 3));
    }

    @Test
    void passesAnInputTheOutputDoesNotDependOn() {
        GradCheck check = GradCheck.of(xs -> xs.get(0).square());
        check.check(Tensor.vector(1, 2), Tensor.vector(3));
        check.checkSecondOrder(Tensor.vector(1, 2), Tensor.vector(3));
    }

    @Test
    void namesTheFirstWrongElementOfAScalarOutput() {
        GradCheck check = GradCheck.of(xs -> xs.get(0).add(Node.apply(new WrongTwice(), xs.get(1))).sum())
                .eps(EXACT_EPS);
        Tensor x0 = Tensor.vector(0.5, 1.25, -2);
        Tensor x1 = Tensor.of(new double[] {1, 0.5, -0.75, 2, 3, -1}, 2, 3);
        GradCheckError e = assertThrows(GradCheckError.class, () -> check.check(x0, x1));
        assertEquals("gradcheck: input 1, element [0, 0]: numeric 2.0 vs analytic 1.0 (atol 1e-05, rtol 0.001)",
                e.getMessage());
        assertEquals(1, e.input());
        assertArrayEquals(new int[] {0, 0}, e.element());
        assertEquals(2.0, e.numeric());
        assertEquals(1.0, e.analytic());
    }

    @Test
    void projectsANonScalarOutputOnARandomVector() {
        GradCheck check = GradCheck.of(xs -> Node.apply(new WrongTwice(), xs.get(0))).eps(EXACT_EPS).seed(7);
        GradCheckError e = assertThrows(GradCheckError.class,
                () -> check.check(Tensor.of(new double[] {1, 0.5, -0.75, 2}, 2, 2)));
        Matcher m = Pattern.compile("gradcheck: input 0, element \\[0, 0\\]: numeric (\\S+) vs analytic (\\S+) "
                + "\\(atol 1e-05, rtol 0\\.001\\)").matcher(e.getMessage());
        assertTrue(m.matches(), e.getMessage());
        double numeric = Double.parseDouble(m.group(1));
        double analytic = Double.parseDouble(m.group(2));
        // The projection is nonzero and the VJP is off by exactly a factor of 2.
        assertTrue(Math.abs(analytic) >= 1, e.getMessage());
        assertEquals(2 * analytic, numeric);
    }

    @Test
    void secondOrderCatchesAWrongDerivativeOfTheVjp() {
        GradCheck check = GradCheck.of(xs -> Node.apply(new Cube(), xs.get(0))).eps(EXACT_EPS);
        check.check(Tensor.scalar(1));
        check.check(Tensor.of(new double[] {0.5, -1, 1.5, 2}, 2, 2));
        GradCheckError e = assertThrows(GradCheckError.class, () -> check.checkSecondOrder(Tensor.scalar(1)));
        assertEquals("gradgradcheck: input 0, element []: numeric 6.0 vs analytic 3.0 (atol 1e-05, rtol 0.001)",
                e.getMessage());
        GradCheckError matrix = assertThrows(GradCheckError.class,
                () -> check.checkSecondOrder(Tensor.of(new double[] {0.5, -1, 1.5, 2}, 2, 2)));
        assertTrue(matrix.getMessage().startsWith("gradgradcheck: input 0, element [0, 0]: "), matrix.getMessage());
        assertEquals(2 * matrix.analytic(), matrix.numeric(), 1e-9);
    }

    @Test
    void tolerancesDecideAndConfigurationIsImmutable() {
        GradCheck loose = GradCheck.of(xs -> xs.get(0).exp());
        GradCheck strict = loose.atol(0).rtol(0);
        Tensor x = Tensor.vector(0.3, -0.7, 1.9);
        loose.check(x);
        GradCheckError e = assertThrows(GradCheckError.class, () -> strict.check(x));
        assertTrue(e.getMessage().endsWith("(atol 0.0, rtol 0.0)"), e.getMessage());
        loose.check(x);
    }

    @Test
    void reportsNaNDerivativesAsFailures() {
        GradCheck check = GradCheck.of(xs -> xs.get(0).sqrt());
        GradCheckError e = assertThrows(GradCheckError.class, () -> check.check(Tensor.vector(4, 0)));
        assertTrue(e.getMessage().startsWith("gradcheck: input 0, element [1]: numeric NaN vs analytic "),
                e.getMessage());
    }

    @Test
    void refusesBadConfiguration() {
        GradCheck check = GradCheck.of(xs -> xs.get(0));
        assertEquals("gradcheck: eps must be positive and finite, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> check.eps(0)).getMessage());
        assertEquals("gradcheck: eps must be positive and finite, got NaN",
                assertThrows(IllegalArgumentException.class, () -> check.eps(Double.NaN)).getMessage());
        assertEquals("gradcheck: atol must be non-negative and finite, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> check.atol(-1)).getMessage());
        assertEquals("gradcheck: rtol must be non-negative and finite, got -0.001",
                assertThrows(IllegalArgumentException.class, () -> check.rtol(-1e-3)).getMessage());
        assertEquals("gradcheck: needs at least one input",
                assertThrows(IllegalArgumentException.class, () -> check.check()).getMessage());
        assertEquals("gradcheck: needs at least one input",
                assertThrows(IllegalArgumentException.class, () -> check.checkSecondOrder()).getMessage());
        assertEquals("gradcheck: input 1 is null", assertThrows(IllegalArgumentException.class,
                () -> check.check(Tensor.scalar(1), null)).getMessage());
        assertEquals("gradcheck: f is null; it builds the output node from the input nodes",
                assertThrows(IllegalArgumentException.class, () -> GradCheck.of(null)).getMessage());
        assertEquals("gradcheck: the function returned null instead of an output node",
                assertThrows(IllegalArgumentException.class,
                        () -> GradCheck.of(xs -> null).check(Tensor.scalar(1))).getMessage());
    }

    @Test
    void formatsNumbersLikeNumPy() {
        assertEquals("1e-05", GradCheck.format(1e-5));
        assertEquals("0.001", GradCheck.format(1e-3));
        assertEquals("2.5e-07", GradCheck.format(2.5e-7));
        assertEquals("1.5e+20", GradCheck.format(1.5e20));
        assertEquals("-0.25", GradCheck.format(-0.25));
    }
}
