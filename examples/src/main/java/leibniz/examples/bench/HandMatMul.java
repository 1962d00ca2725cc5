package leibniz.examples.bench;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * W3 written by hand on EJML with preallocated buffers: {@code C = A·B}, {@code L = Σ C}, and with G all
 * ones {@code ∂L/∂A = G·Bᵀ} and {@code ∂L/∂B = Aᵀ·G}, on EJML's threaded kernels when {@code parallel}.
 */
final class HandMatMul {
    private final boolean parallel;
    private final DMatrixRMaj a;
    private final DMatrixRMaj b;
    private final DMatrixRMaj c;
    private final DMatrixRMaj g;
    final DMatrixRMaj da;
    final DMatrixRMaj db;

    /** The harness's {@code n × n} A and B. */
    HandMatMul(int n, boolean parallel) {
        this.parallel = parallel;
        a = DMatrixRMaj.wrap(n, n, Workloads.toDouble(Workloads.matrixA(n)));
        b = DMatrixRMaj.wrap(n, n, Workloads.toDouble(Workloads.matrixB(n)));
        c = new DMatrixRMaj(n, n);
        g = new DMatrixRMaj(n, n);
        da = new DMatrixRMaj(n, n);
        db = new DMatrixRMaj(n, n);
    }

    /** The three products; returns the loss plus one element of each gradient, which are left in da and db. */
    double run() {
        if (parallel) {
            CommonOps_MT_DDRM.mult(a, b, c);
        } else {
            CommonOps_DDRM.mult(a, b, c);
        }
        double loss = CommonOps_DDRM.elementSum(c);
        CommonOps_DDRM.fill(g, 1);
        if (parallel) {
            CommonOps_MT_DDRM.multTransB(g, b, da);
            CommonOps_MT_DDRM.multTransA(a, g, db);
        } else {
            CommonOps_DDRM.multTransB(g, b, da);
            CommonOps_DDRM.multTransA(a, g, db);
        }
        return loss + da.data[0] + db.data[0];
    }
}
