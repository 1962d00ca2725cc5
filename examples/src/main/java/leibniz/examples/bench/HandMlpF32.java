package leibniz.examples.bench;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;

/**
 * W1 in float32 written by hand on EJML ({@code FMatrixRMaj}), with every buffer allocated once: the
 * training step of {@link HandMlp#step()} (forward, the backward pass written there, and
 * {@code θ ← θ − η ∂L/∂θ}) in float arithmetic on the F64 data rounded to float. W4 has no f32 variant,
 * as the peers measure it in f64 alone.
 */
final class HandMlpF32 {
    private static final int LAYERS = 3;
    private static final float LR = (float) Workloads.LR;
    private final boolean parallel;
    private final int batch = Workloads.BATCH;
    private final FMatrixRMaj x;
    private final FMatrixRMaj y;
    final FMatrixRMaj[] w = new FMatrixRMaj[LAYERS];
    final FMatrixRMaj[] b = new FMatrixRMaj[LAYERS];
    private final FMatrixRMaj[] dw = new FMatrixRMaj[LAYERS];
    private final FMatrixRMaj[] db = new FMatrixRMaj[LAYERS];
    /** Pre-activations z_l and activations h_l, as in {@link HandMlp}. */
    private final FMatrixRMaj[] z = new FMatrixRMaj[LAYERS];
    private final FMatrixRMaj[] h = new FMatrixRMaj[LAYERS - 1];
    /** d[l] = ∂L/∂z_l; dh is the gradient at h before the relu mask. */
    private final FMatrixRMaj[] d = new FMatrixRMaj[LAYERS];
    private final FMatrixRMaj[] dh = new FMatrixRMaj[LAYERS - 1];
    private final FMatrixRMaj p;

    /** The peers' network and batch in float32; products on EJML's threaded kernels when {@code parallel}. */
    HandMlpF32(boolean parallel) {
        this.parallel = parallel;
        int[] s = Workloads.SIZES;
        x = FMatrixRMaj.wrap(batch, s[0], Workloads.toFloat(Workloads.input(1)));
        y = FMatrixRMaj.wrap(batch, s[3], Workloads.toFloat(Workloads.oneHotLabels(1)));
        p = new FMatrixRMaj(batch, s[3]);
        for (int l = 0; l < LAYERS; l++) {
            w[l] = FMatrixRMaj.wrap(s[l], s[l + 1], Workloads.toFloat(Workloads.weight(l, 1)));
            b[l] = new FMatrixRMaj(1, s[l + 1]);
            dw[l] = new FMatrixRMaj(s[l], s[l + 1]);
            db[l] = new FMatrixRMaj(1, s[l + 1]);
            z[l] = new FMatrixRMaj(batch, s[l + 1]);
            d[l] = new FMatrixRMaj(batch, s[l + 1]);
            if (l < LAYERS - 1) {
                h[l] = new FMatrixRMaj(batch, s[l + 1]);
                dh[l] = new FMatrixRMaj(batch, s[l + 1]);
            }
        }
    }

    /** Forward, backward, and {@code θ ← θ − η ∂L/∂θ} for every weight and bias; returns the loss before the step. */
    float step() {
        float loss = forward();
        for (int l = LAYERS - 1; l >= 0; l--) {
            productTransA(l == 0 ? x : h[l - 1], d[l], dw[l]);
            CommonOps_FDRM.sumCols(d[l], db[l]);
            if (l > 0) {
                productTransB(d[l], w[l], dh[l - 1]);
                mask(dh[l - 1], z[l - 1], d[l - 1]);
            }
        }
        for (int l = 0; l < LAYERS; l++) {
            CommonOps_FDRM.addEquals(w[l], -LR, dw[l]);
            CommonOps_FDRM.addEquals(b[l], -LR, db[l]);
        }
        return loss;
    }

    /** Fills z, h, p and d_3 = (p − y)/B; returns the mean cross-entropy. */
    float forward() {
        FMatrixRMaj in = x;
        for (int l = 0; l < LAYERS; l++) {
            product(in, w[l], z[l]);
            addRow(z[l], b[l]);
            if (l < LAYERS - 1) {
                relu(z[l], h[l]);
                in = h[l];
            }
        }
        return softmaxCrossEntropy();
    }

    private float softmaxCrossEntropy() {
        int c = p.numCols;
        float[] logits = z[LAYERS - 1].data;
        float[] prob = p.data;
        float[] target = y.data;
        float[] g = d[LAYERS - 1].data;
        float total = 0;
        for (int i = 0; i < batch; i++) {
            int row = i * c;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, logits[row + j]);
            }
            // Shifting by the row max keeps every exponent ≤ 0; Java has no float exp, so each one is rounded.
            float sum = 0;
            for (int j = 0; j < c; j++) {
                float e = (float) Math.exp(logits[row + j] - max);
                prob[row + j] = e;
                sum += e;
            }
            float lse = max + (float) Math.log(sum);
            for (int j = 0; j < c; j++) {
                prob[row + j] /= sum;
                total += target[row + j] * (lse - logits[row + j]);
                g[row + j] = (prob[row + j] - target[row + j]) / batch;
            }
        }
        return total / batch;
    }

    private static void addRow(FMatrixRMaj m, FMatrixRMaj row) {
        float[] a = m.data;
        float[] r = row.data;
        int cols = m.numCols;
        for (int i = 0, o = 0; i < m.numRows; i++, o += cols) {
            for (int j = 0; j < cols; j++) {
                a[o + j] += r[j];
            }
        }
    }

    private static void relu(FMatrixRMaj in, FMatrixRMaj out) {
        float[] a = in.data;
        float[] o = out.data;
        for (int i = 0; i < a.length; i++) {
            o[i] = a[i] > 0 ? a[i] : 0;
        }
    }

    /** out = g ⊙ [z &gt; 0], the relu's derivative at 0 taken as 0 like Leibniz and PyTorch. */
    private static void mask(FMatrixRMaj g, FMatrixRMaj pre, FMatrixRMaj out) {
        float[] a = g.data;
        float[] zz = pre.data;
        float[] o = out.data;
        for (int i = 0; i < a.length; i++) {
            o[i] = zz[i] > 0 ? a[i] : 0;
        }
    }

    private void product(FMatrixRMaj a, FMatrixRMaj bb, FMatrixRMaj c) {
        if (parallel) {
            CommonOps_MT_FDRM.mult(a, bb, c);
        } else {
            CommonOps_FDRM.mult(a, bb, c);
        }
    }

    private void productTransA(FMatrixRMaj a, FMatrixRMaj bb, FMatrixRMaj c) {
        if (parallel) {
            CommonOps_MT_FDRM.multTransA(a, bb, c);
        } else {
            CommonOps_FDRM.multTransA(a, bb, c);
        }
    }

    private void productTransB(FMatrixRMaj a, FMatrixRMaj bb, FMatrixRMaj c) {
        if (parallel) {
            CommonOps_MT_FDRM.multTransB(a, bb, c);
        } else {
            CommonOps_FDRM.multTransB(a, bb, c);
        }
    }
}
