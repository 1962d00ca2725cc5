package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import leibniz.autograd.check.GradCheck;
import leibniz.core.DType;
import leibniz.core.Tensor;

/**
 * The checks every op's gradient property makes: first and second derivatives against float64 central
 * differences ({@link GradCheck}), and the function's F32 twin. The twin is the same function built on
 * F32 parameters holding the inputs rounded to float; it computes in F32 (its value and its gradients have
 * that type), and its value and gradients match the F64 function's on the same values to float precision,
 * with the symbolic zero exactly where the F64 gradient has one. Because the twin is checked here, an op's
 * one gradient property covers both types: no list of ops to keep in step with the op records.
 */
final class OpChecks {
    /** Float precision, relative to the magnitude of the compared values. */
    static final double RTOL = 1e-4;

    private OpChecks() {
    }

    /** Both derivative checks of f at {@code xs}, and f's F32 twin. */
    static void gradients(Function<List<Node>, Node> f, Tensor... xs) {
        GradCheck check = GradCheck.of(f);
        check.check(xs);
        check.checkSecondOrder(xs);
        twin(f, xs);
    }

    /**
     * For f linear in its inputs, whose own second derivative is zero: the first-order check of f, the
     * second-order check of f², whose gradient goes through f's VJP and the VJP of that VJP, and f's F32 twin.
     */
    static void linear(Function<List<Node>, Node> f, Tensor... xs) {
        GradCheck.of(f).check(xs);
        GradCheck.of(ys -> f.apply(ys).square()).checkSecondOrder(xs);
        twin(f, xs);
    }

    /** The F32 twin of f at {@code xs}, whose value must be F32. */
    static void twin(Function<List<Node>, Node> f, Tensor... xs) {
        twin(DType.F32, f, xs);
    }

    /**
     * The F32 twin of f at {@code xs}, whose value must have type {@code type} (F64 where an op documents it:
     * one-hot rows, Bernoulli masks, a cast to F64); its gradients are F32 whatever the value's type.
     */
    static void twin(DType type, Function<List<Node>, Node> f, Tensor... xs) {
        List<Node> x32 = new ArrayList<>();
        List<Node> x64 = new ArrayList<>();
        for (Tensor t : xs) {
            Tensor rounded = t.to(DType.F32); // both twins see exactly the same values
            x32.add(Parameter.of("x", rounded).node());
            x64.add(Parameter.of("x", rounded.to(DType.F64)).node());
        }
        Node y32 = f.apply(x32);
        Node y64 = f.apply(x64);
        assertEquals(type, y32.dtype(), "the F32 twin's value");
        // A fixed projection of the output: a function of its shape, so that a failure replays and shrinks.
        Tensor r = Tensor.uniform(31L + y32.shape().size(), -1, 1, y32.shape().dims());
        List<Node> g32 = Autograd.grad(y32.mul(Node.constant(r.to(y32.dtype()))).sum(), x32);
        List<Node> g64 = Autograd.grad(y64.mul(Node.constant(r)).sum(), x64);
        List<Node> outputs = new ArrayList<>(List.of(y32, y64));
        outputs.addAll(g32);
        outputs.addAll(g64);
        List<Tensor> v = Program.of(outputs).run();
        assertClose("the F32 twin's value", type, v.get(0), v.get(1), RTOL);
        int n = xs.length;
        for (int i = 0; i < n; i++) {
            String what = "the F32 twin's gradient " + i;
            assertEquals(DType.F32, g32.get(i).dtype(), what);
            if (g64.get(i).isZero()) {
                assertTrue(g32.get(i).isZero(), what + " is not the symbolic zero");
            } else {
                assertClose(what, DType.F32, v.get(2 + i), v.get(2 + n + i), RTOL);
            }
        }
    }

    /** Elementwise {@code |a − b| <= rtol · max(1, max |b|)}, with the dtype of {@code a} checked first. */
    static void assertClose(String what, DType type, Tensor a, Tensor b, double rtol) {
        assertEquals(type, a.dtype(), what + ": dtype");
        double scale = 1;
        for (double v : b.toArray()) {
            scale = Math.max(scale, Math.abs(v));
        }
        double tol = rtol * scale;
        assertTrue(a.allClose(b, 0, tol), () -> what + ": " + a + " vs " + b);
    }
}
