package leibniz.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.DType;
import leibniz.core.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The two sides of every benchmark compute the same numbers: Leibniz's graphs against the hand-written
 * EJML code, which shares no code with them, and the hand-written Hessian-vector product against central
 * differences of the hand-written gradient.
 */
class WorkloadAgreementTest {
    private static final int[] S = Workloads.SIZES;

    @Test
    void trainStepsAgree() {
        GraphMlp graph = new GraphMlp();
        Program step = graph.trainStep();
        HandMlp hand = new HandMlp(false);
        for (int i = 0; i < 3; i++) {
            double loss = step.run(graph.feeds).get(0).item();
            assertEquals(hand.step(), loss, 1e-12 * Math.abs(loss), "loss before step " + (i + 1));
        }
        List<Parameter> params = graph.parameters();
        for (int l = 0; l < 3; l++) {
            assertClose(hand.w[l].data, params.get(2 * l).value().toArray(), 1e-12, "weight " + l + " after 3 steps");
            assertClose(hand.b[l].data, params.get(2 * l + 1).value().toArray(), 1e-12, "bias " + l + " after 3 steps");
        }
        // The harness's EJML anchor starts from this loss with the same data; a change here means other numbers.
        assertEquals(2.8, new HandMlp(false).forward(), 0.6, "initial loss near ln 10 plus He-init spread");
    }

    @Test
    void tanhChainsAgree() {
        for (int n : new int[] {8, 1}) {
            List<Tensor> graph = W2TanhChain.chain(n, DType.F64).run();
            HandChain hand = new HandChain(n);
            double loss = hand.run();
            assertEquals(loss, graph.get(0).item(), 1e-12 * n * n, "W2 loss, n = " + n);
            assertClose(hand.gradient().data, graph.get(1).toArray(), 1e-12, "W2 gradient, n = " + n);
        }
    }

    @Test
    void matmulGradientsAgree() {
        int n = 48;
        List<Tensor> graph = W3MatMul.program(n, DType.F64).run();
        DMatrixRMaj a = DMatrixRMaj.wrap(n, n, Workloads.matrixA(n));
        DMatrixRMaj b = DMatrixRMaj.wrap(n, n, Workloads.matrixB(n));
        DMatrixRMaj c = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(a, b, c);
        assertEquals(CommonOps_DDRM.elementSum(c), graph.get(0).item(), 1e-9);
        // ∂/∂A_ik Σ_ij (AB)_ij = Σ_j B_kj and ∂/∂B_kj = Σ_i A_ik, by loops.
        double[] da = graph.get(1).toArray();
        double[] db = graph.get(2).toArray();
        for (int k = 0; k < n; k++) {
            double rowB = 0;
            double colA = 0;
            for (int j = 0; j < n; j++) {
                rowB += b.get(k, j);
                colA += a.get(j, k);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(rowB, da[i * n + k], 1e-12, "dA[" + i + "][" + k + "]");
                assertEquals(colA, db[k * n + i], 1e-12, "dB[" + k + "][" + i + "]");
            }
        }
    }

    @Test
    void hessianVectorProductsAgree() {
        Tensor v = Tensor.of(Workloads.direction(), S[0], S[1]);
        GraphMlp mlp = new GraphMlp();
        List<Tensor> graph = mlp.hvp(v).run(mlp.feeds);
        HandMlp hand = new HandMlp(false);
        DMatrixRMaj vm = DMatrixRMaj.wrap(S[0], S[1], Workloads.direction());
        DMatrixRMaj hv = new DMatrixRMaj(S[0], S[1]);
        double loss = hand.hvp(vm, hv);
        assertEquals(loss, graph.get(0).item(), 1e-12);
        assertClose(hand.firstWeightGradient().data, graph.get(1).toArray(), 1e-12, "W4 gradient");
        assertClose(hv.data, graph.get(2).toArray(), 1e-10, "W4 Hv, Leibniz against the R-operator");
        assertClose(centralDifference(vm), hv.data, 1e-5, "W4 Hv, R-operator against differences of the gradient");
    }

    /**
     * (g(W1 + εv) − g(W1 − εv)) / 2ε with the hand-written gradient. ε is small enough that no
     * pre-activation crosses a ReLU kink on this data (from ε = 1e-6 up some do, and the gradient jumps).
     */
    private static double[] centralDifference(DMatrixRMaj v) {
        double eps = 1e-7;
        double[] gPlus = gradientAt(v, eps);
        double[] gMinus = gradientAt(v, -eps);
        double[] fd = new double[gPlus.length];
        for (int i = 0; i < fd.length; i++) {
            fd[i] = (gPlus[i] - gMinus[i]) / (2 * eps);
        }
        return fd;
    }

    private static double[] gradientAt(DMatrixRMaj v, double eps) {
        HandMlp m = new HandMlp(false);
        CommonOps_DDRM.addEquals(m.w[0], eps, v);
        m.hvp(v, new DMatrixRMaj(S[0], S[1]));
        return m.firstWeightGradient().data.clone();
    }

    /** Relative agreement in the L1 sense: Σ|a − b| ≤ tol · Σ|a|. */
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
