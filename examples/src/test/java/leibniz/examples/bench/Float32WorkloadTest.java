package leibniz.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.DType;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The float32 benchmarks really run in float32 and compute the same numbers as the float32 code written
 * by hand on EJML, and, to float precision, as float64. Agreement with the F64 side alone would not show
 * the F32 path is taken (an F64 graph agrees with F64 exactly); agreement with hand-written float code to
 * about 1e-6, and F32 types on every output and parameter, do.
 */
class Float32WorkloadTest {
    /** Float32 against float32 by other code: rounding differs only in summation order and kernel details. */
    private static final double SAME_TYPE = 2e-6;
    /** Float32 against float64: float's relative precision 6e-8, grown by sums of 784 terms and 200 steps. */
    private static final double ACROSS_TYPES = 1e-4;

    @Test
    void trainStepRunsInFloat32() {
        GraphMlp graph = new GraphMlp(DType.F32);
        assertEquals(DType.F32, graph.loss.dtype(), "the loss node");
        Program step = graph.trainStep();
        HandMlpF32 hand = new HandMlpF32(false);
        HandMlp reference = new HandMlp(false);
        for (int i = 0; i < 3; i++) {
            Tensor loss = step.run(graph.feeds).get(0);
            assertEquals(DType.F32, loss.dtype(), "the loss value, step " + (i + 1));
            double expected = hand.step();
            assertEquals(expected, loss.item(), SAME_TYPE * Math.abs(expected), "against F32 by hand, step " + (i + 1));
            double f64 = reference.step();
            assertEquals(f64, loss.item(), ACROSS_TYPES * Math.abs(f64), "against F64 by hand, step " + (i + 1));
        }
        List<Parameter> params = graph.parameters();
        for (int l = 0; l < 3; l++) {
            Parameter w = params.get(2 * l);
            Parameter b = params.get(2 * l + 1);
            assertEquals(DType.F32, w.dtype(), w.name() + " after 3 steps");
            assertEquals(DType.F32, w.value().dtype(), w.name() + "'s value after 3 steps");
            assertEquals(DType.F32, b.value().dtype(), b.name() + "'s value after 3 steps");
            assertClose(hand.w[l].data, w.value().toFloatArray(), SAME_TYPE, w.name() + " against F32 by hand");
            assertClose(hand.b[l].data, b.value().toFloatArray(), SAME_TYPE, b.name() + " against F32 by hand");
            assertClose(reference.w[l].data, w.value().toArray(), ACROSS_TYPES, w.name() + " against F64");
        }
    }

    @Test
    void tanhChainRunsInFloat32() {
        for (int n : new int[] {8, 1}) {
            List<Tensor> graph = W2TanhChain.chain(n, DType.F32).run();
            assertEquals(DType.F32, graph.get(0).dtype(), "W2 loss type, n = " + n);
            assertEquals(DType.F32, graph.get(1).dtype(), "W2 gradient type, n = " + n);
            HandChainF32 hand = new HandChainF32(n);
            double loss = hand.run();
            assertEquals(loss, graph.get(0).item(), SAME_TYPE * Math.abs(loss), "W2 loss against F32 by hand, n = " + n);
            assertClose(hand.gradient().data, graph.get(1).toFloatArray(), SAME_TYPE, "W2 gradient, n = " + n);
            HandChain reference = new HandChain(n);
            double f64 = reference.run();
            assertEquals(f64, graph.get(0).item(), ACROSS_TYPES * Math.abs(f64), "W2 loss against F64, n = " + n);
            // ∂L/∂x is a product of 200 factors 1.01 (1 − y²) ≈ 0.62, about 1e-40: below float's smallest
            // normal number (1.2e-38), so it ends as a subnormal with fewer significant bits (1e-4 off F64 at n = 1).
            assertClose(reference.gradient().data, graph.get(1).toArray(), 5 * ACROSS_TYPES, "W2 gradient against F64");
        }
    }

    @Test
    void matmulRunsInFloat32() {
        int n = 48;
        List<Tensor> graph = W3MatMul.program(n, DType.F32).run();
        HandMatMulF32 hand = new HandMatMulF32(n, false);
        HandMatMul reference = new HandMatMul(n, false);
        // run() returns L + dA[0][0] + dB[0][0]; the graph's three outputs give the same sum.
        double expected = hand.run();
        double f64 = reference.run();
        double actual = graph.get(0).item() + graph.get(1).toArray()[0] + graph.get(2).toArray()[0];
        for (Tensor t : graph) {
            assertEquals(DType.F32, t.dtype(), "W3 output type");
        }
        // Σ AB adds 2304 terms of size about 2 and either sign, to -10.3: float rounding leaves an absolute
        // error up to about 5e-4 (EJML's float elementSum is 6e-5 off the F64 sum here, Leibniz 4e-6).
        assertEquals(expected, actual, 1e-3, "W3 loss + gradient corners against F32 by hand");
        assertEquals(f64, actual, 1e-3, "W3 loss + gradient corners against F64");
        assertClose(hand.da.data, graph.get(1).toFloatArray(), SAME_TYPE, "dA against F32 by hand");
        assertClose(hand.db.data, graph.get(2).toFloatArray(), SAME_TYPE, "dB against F32 by hand");
        assertClose(reference.da.data, graph.get(1).toArray(), ACROSS_TYPES, "dA against F64");
        assertClose(reference.db.data, graph.get(2).toArray(), ACROSS_TYPES, "dB against F64");
    }

    /** Relative agreement in the L1 sense: Σ|a − b| ≤ tol · Σ|a|. */
    private static void assertClose(float[] expected, float[] actual, double tol, String what) {
        double[] e = new double[expected.length];
        double[] a = new double[actual.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = expected[i];
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = actual[i];
        }
        assertClose(e, a, tol, what);
    }

    private static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double diff = 0;
        double size = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += Math.abs(expected[i] - actual[i]);
            size += Math.abs(expected[i]);
        }
        assertTrue(diff <= tol * size, what + ": relative L1 difference " + diff / size + " exceeds " + tol);
    }
}
