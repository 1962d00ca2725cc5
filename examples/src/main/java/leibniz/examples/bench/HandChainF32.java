// Generated from HandChain.java by GenerateF32; do not edit. Regenerate from the repository root:
// java core/src/test/java/leibniz/core/GenerateF32.java
package leibniz.examples.bench;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * W2 written by hand on EJML with preallocated buffers: {@code y_0 = x}, {@code y_{i+1} =
 * tanh(1.01 y_i + 0.1)} for 200 steps, {@code L = Σ y_200}, and {@code ∂L/∂x} by the chain rule
 * {@code g ← 1.01 · g ⊙ (1 − y_{i+1}²)} from {@code g = 1}. Each step keeps its output, as a tape does.
 */
final class HandChainF32 {
    private static final float SCALE = Workloads.toFloat(Workloads.SCALE);
    private static final float SHIFT = Workloads.toFloat(Workloads.SHIFT);
    private final FMatrixRMaj[] ys = new FMatrixRMaj[Workloads.CHAIN + 1];
    private final FMatrixRMaj g;
    private final FMatrixRMaj slope;

    /** The chain started at the harness's {@code n × n} x. */
    HandChainF32(int n) {
        ys[0] = FMatrixRMaj.wrap(n, n, Workloads.toFloat(Workloads.chainStart(n)));
        for (int i = 1; i < ys.length; i++) {
            ys[i] = new FMatrixRMaj(n, n);
        }
        g = new FMatrixRMaj(n, n);
        slope = new FMatrixRMaj(n, n);
    }

    /** Forward and backward; returns the loss, the gradient is left in {@link #gradient()}. */
    float run() {
        for (int i = 0; i < Workloads.CHAIN; i++) {
            FMatrixRMaj next = ys[i + 1];
            CommonOps_FDRM.scale(SCALE, ys[i], next);
            CommonOps_FDRM.add(next, SHIFT, next);
            float[] a = next.data;
            for (int k = 0; k < a.length; k++) {
                a[k] = (float) Math.tanh(a[k]);
            }
        }
        float loss = CommonOps_FDRM.elementSum(ys[Workloads.CHAIN]);
        CommonOps_FDRM.fill(g, 1);
        for (int i = Workloads.CHAIN; i > 0; i--) {
            CommonOps_FDRM.elementMult(ys[i], ys[i], slope);
            CommonOps_FDRM.subtract(1, slope, slope);
            CommonOps_FDRM.elementMult(g, slope);
            CommonOps_FDRM.scale(SCALE, g);
        }
        return loss;
    }

    FMatrixRMaj gradient() {
        return g;
    }
}
