package leibniz.examples.bench;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * W2 written by hand on EJML with preallocated buffers: {@code y_0 = x}, {@code y_{i+1} =
 * tanh(1.01 y_i + 0.1)} for 200 steps, {@code L = Σ y_200}, and {@code ∂L/∂x} by the chain rule
 * {@code g ← 1.01 · g ⊙ (1 − y_{i+1}²)} from {@code g = 1}. Each step keeps its output, as a tape does.
 */
final class HandChain {
    private static final double SCALE = Workloads.toDouble(Workloads.SCALE);
    private static final double SHIFT = Workloads.toDouble(Workloads.SHIFT);
    private final DMatrixRMaj[] ys = new DMatrixRMaj[Workloads.CHAIN + 1];
    private final DMatrixRMaj g;
    private final DMatrixRMaj slope;

    /** The chain started at the harness's {@code n × n} x. */
    HandChain(int n) {
        ys[0] = DMatrixRMaj.wrap(n, n, Workloads.toDouble(Workloads.chainStart(n)));
        for (int i = 1; i < ys.length; i++) {
            ys[i] = new DMatrixRMaj(n, n);
        }
        g = new DMatrixRMaj(n, n);
        slope = new DMatrixRMaj(n, n);
    }

    /** Forward and backward; returns the loss, the gradient is left in {@link #gradient()}. */
    double run() {
        for (int i = 0; i < Workloads.CHAIN; i++) {
            DMatrixRMaj next = ys[i + 1];
            CommonOps_DDRM.scale(SCALE, ys[i], next);
            CommonOps_DDRM.add(next, SHIFT, next);
            double[] a = next.data;
            for (int k = 0; k < a.length; k++) {
                a[k] = Math.tanh(a[k]);
            }
        }
        double loss = CommonOps_DDRM.elementSum(ys[Workloads.CHAIN]);
        CommonOps_DDRM.fill(g, 1);
        for (int i = Workloads.CHAIN; i > 0; i--) {
            CommonOps_DDRM.elementMult(ys[i], ys[i], slope);
            CommonOps_DDRM.subtract(1, slope, slope);
            CommonOps_DDRM.elementMult(g, slope);
            CommonOps_DDRM.scale(SCALE, g);
        }
        return loss;
    }

    DMatrixRMaj gradient() {
        return g;
    }
}
