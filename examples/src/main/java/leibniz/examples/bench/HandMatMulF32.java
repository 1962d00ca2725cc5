// Generated from HandMatMul.java by GenerateF32; do not edit. Regenerate from the repository root:
// java core/src/test/java/leibniz/core/GenerateF32.java
package leibniz.examples.bench;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;

/**
 * W3 written by hand on EJML with preallocated buffers: {@code C = A·B}, {@code L = Σ C}, and with G all
 * ones {@code ∂L/∂A = G·Bᵀ} and {@code ∂L/∂B = Aᵀ·G}, on EJML's threaded kernels when {@code parallel}.
 */
final class HandMatMulF32 {
    private final boolean parallel;
    private final FMatrixRMaj a;
    private final FMatrixRMaj b;
    private final FMatrixRMaj c;
    private final FMatrixRMaj g;
    final FMatrixRMaj da;
    final FMatrixRMaj db;

    /** The harness's {@code n × n} A and B. */
    HandMatMulF32(int n, boolean parallel) {
        this.parallel = parallel;
        a = FMatrixRMaj.wrap(n, n, Workloads.toFloat(Workloads.matrixA(n)));
        b = FMatrixRMaj.wrap(n, n, Workloads.toFloat(Workloads.matrixB(n)));
        c = new FMatrixRMaj(n, n);
        g = new FMatrixRMaj(n, n);
        da = new FMatrixRMaj(n, n);
        db = new FMatrixRMaj(n, n);
    }

    /** The three products; returns the loss plus one element of each gradient, which are left in da and db. */
    float run() {
        if (parallel) {
            CommonOps_MT_FDRM.mult(a, b, c);
        } else {
            CommonOps_FDRM.mult(a, b, c);
        }
        float loss = CommonOps_FDRM.elementSum(c);
        CommonOps_FDRM.fill(g, 1);
        if (parallel) {
            CommonOps_MT_FDRM.multTransB(g, b, da);
            CommonOps_MT_FDRM.multTransA(a, g, db);
        } else {
            CommonOps_FDRM.multTransB(g, b, da);
            CommonOps_FDRM.multTransA(a, g, db);
        }
        return loss + da.data[0] + db.data[0];
    }
}
