package leibniz.examples.bench;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * W1 and W4 written by hand on EJML, with every buffer allocated once: the floor a graph runtime is
 * measured against. The MLP is {@code z_l = h_{l−1} W_l + b_l}, {@code h_l = relu(z_l)} (h_0 = x),
 * logits z_3, {@code L = −(1/B) Σ y ⊙ log softmax(z_3)}. The backward pass is
 * <pre>
 * d_3 = (p − y) / B,  dW_l = h_{l−1}ᵀ d_l,  db_l = Σ_rows d_l,  d_{l−1} = (d_l W_lᵀ) ⊙ [z_{l−1} &gt; 0]
 * </pre>
 * and the Hessian-vector product along V for W1 is Pearlmutter's R-operator applied to it (forward
 * over reverse, written out): R{z_1} = x V, R{z_l} = R{h_{l−1}} W_l, R{h_l} = R{z_l} ⊙ [z_l &gt; 0],
 * R{d_3} = p ⊙ (R{z_3} − Σ_c p ⊙ R{z_3}) / B, then R{d} back through the same transposed products and
 * masks (relu'' = 0 almost everywhere, and W2, W3 do not move), and {@code Hv = xᵀ R{d_1}}.
 */
final class HandMlp {
    private static final int LAYERS = 3;
    private static final double LR = Workloads.toDouble(Workloads.LR);
    private final boolean parallel;
    private final int batch = Workloads.BATCH;
    final DMatrixRMaj x;
    private final DMatrixRMaj y;
    final DMatrixRMaj[] w = new DMatrixRMaj[LAYERS];
    final DMatrixRMaj[] b = new DMatrixRMaj[LAYERS];
    private final DMatrixRMaj[] dw = new DMatrixRMaj[LAYERS];
    private final DMatrixRMaj[] db = new DMatrixRMaj[LAYERS];
    /** Pre-activations z_l and activations h_l (h[l] = relu(z[l]); the logits z[2] have no h). */
    private final DMatrixRMaj[] z = new DMatrixRMaj[LAYERS];
    private final DMatrixRMaj[] h = new DMatrixRMaj[LAYERS - 1];
    /** d[l] = ∂L/∂z_l; dh is the gradient at h before the relu mask. */
    private final DMatrixRMaj[] d = new DMatrixRMaj[LAYERS];
    private final DMatrixRMaj[] dh = new DMatrixRMaj[LAYERS - 1];
    /** The R-operator's images of z, h, d and dh. */
    private final DMatrixRMaj[] rz = new DMatrixRMaj[LAYERS];
    private final DMatrixRMaj[] rh = new DMatrixRMaj[LAYERS - 1];
    private final DMatrixRMaj[] rd = new DMatrixRMaj[LAYERS];
    private final DMatrixRMaj[] rdh = new DMatrixRMaj[LAYERS - 1];
    private final DMatrixRMaj p;

    /** The peers' network and batch; products on EJML's threaded kernels when {@code parallel}. */
    HandMlp(boolean parallel) {
        this.parallel = parallel;
        int[] s = Workloads.SIZES;
        x = DMatrixRMaj.wrap(batch, s[0], Workloads.toDouble(Workloads.input(1)));
        y = DMatrixRMaj.wrap(batch, s[3], Workloads.toDouble(Workloads.oneHotLabels(1)));
        p = new DMatrixRMaj(batch, s[3]);
        for (int l = 0; l < LAYERS; l++) {
            w[l] = DMatrixRMaj.wrap(s[l], s[l + 1], Workloads.toDouble(Workloads.weight(l, 1)));
            b[l] = new DMatrixRMaj(1, s[l + 1]);
            dw[l] = new DMatrixRMaj(s[l], s[l + 1]);
            db[l] = new DMatrixRMaj(1, s[l + 1]);
            z[l] = new DMatrixRMaj(batch, s[l + 1]);
            d[l] = new DMatrixRMaj(batch, s[l + 1]);
            rz[l] = new DMatrixRMaj(batch, s[l + 1]);
            rd[l] = new DMatrixRMaj(batch, s[l + 1]);
            if (l < LAYERS - 1) {
                h[l] = new DMatrixRMaj(batch, s[l + 1]);
                dh[l] = new DMatrixRMaj(batch, s[l + 1]);
                rh[l] = new DMatrixRMaj(batch, s[l + 1]);
                rdh[l] = new DMatrixRMaj(batch, s[l + 1]);
            }
        }
    }

    /** W1: forward, backward, and {@code θ ← θ − η ∂L/∂θ} for every weight and bias; returns the loss before the step. */
    double step() {
        double loss = forward();
        backward(0);
        for (int l = 0; l < LAYERS; l++) {
            CommonOps_DDRM.addEquals(w[l], -LR, dw[l]);
            CommonOps_DDRM.addEquals(b[l], -LR, db[l]);
        }
        return loss;
    }

    /**
     * W4: the loss, its gradient with respect to W1 (left in {@link #firstWeightGradient()}) and
     * {@code hv = H v}, the Hessian of the loss in W1 applied to {@code v}.
     */
    double hvp(DMatrixRMaj v, DMatrixRMaj hv) {
        double loss = forward();
        backwardToFirstWeight();
        // R-forward: only W1 moves along v.
        product(x, v, rz[0]);
        mask(rz[0], z[0], rh[0]);
        product(rh[0], w[1], rz[1]);
        mask(rz[1], z[1], rh[1]);
        product(rh[1], w[2], rz[2]);
        softmaxDirectional();
        // R-backward: the same transposed products and masks as the backward pass.
        productTransB(rd[2], w[2], rdh[1]);
        mask(rdh[1], z[1], rd[1]);
        productTransB(rd[1], w[1], rdh[0]);
        mask(rdh[0], z[0], rd[0]);
        productTransA(x, rd[0], hv);
        return loss;
    }

    DMatrixRMaj firstWeightGradient() {
        return dw[0];
    }

    /** Fills z, h, p and d_3 = (p − y)/B; returns the mean cross-entropy. */
    double forward() {
        DMatrixRMaj in = x;
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

    /** All gradients, from d_3 down to layer {@code lowest}. */
    private void backward(int lowest) {
        for (int l = LAYERS - 1; l >= lowest; l--) {
            productTransA(l == 0 ? x : h[l - 1], d[l], dw[l]);
            CommonOps_DDRM.sumCols(d[l], db[l]);
            if (l > 0) {
                productTransB(d[l], w[l], dh[l - 1]);
                mask(dh[l - 1], z[l - 1], d[l - 1]);
            }
        }
    }

    /** Only what the gradient of W1 needs, as the peers differentiate W1 alone in W4: d_l down to d_1, then dW1. */
    private void backwardToFirstWeight() {
        for (int l = LAYERS - 1; l > 0; l--) {
            productTransB(d[l], w[l], dh[l - 1]);
            mask(dh[l - 1], z[l - 1], d[l - 1]);
        }
        productTransA(x, d[0], dw[0]);
    }

    private double softmaxCrossEntropy() {
        int c = p.numCols;
        double[] logits = z[LAYERS - 1].data;
        double[] prob = p.data;
        double[] target = y.data;
        double[] g = d[LAYERS - 1].data;
        double total = 0;
        for (int i = 0; i < batch; i++) {
            int row = i * c;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, logits[row + j]);
            }
            // Shifting by the row max keeps every exponent ≤ 0.
            double sum = 0;
            for (int j = 0; j < c; j++) {
                double e = Math.exp(logits[row + j] - max);
                prob[row + j] = e;
                sum += e;
            }
            double lse = max + Math.log(sum);
            for (int j = 0; j < c; j++) {
                prob[row + j] /= sum;
                total += target[row + j] * (lse - logits[row + j]);
                g[row + j] = (prob[row + j] - target[row + j]) / batch;
            }
        }
        return total / batch;
    }

    /** R{d_3} = p ⊙ (R{z_3} − <p, R{z_3}>_row) / B: the softmax Jacobian applied to R{z_3}. */
    private void softmaxDirectional() {
        int c = p.numCols;
        double[] prob = p.data;
        double[] r = rz[LAYERS - 1].data;
        double[] out = rd[LAYERS - 1].data;
        for (int i = 0; i < batch; i++) {
            int row = i * c;
            double dot = 0;
            for (int j = 0; j < c; j++) {
                dot += prob[row + j] * r[row + j];
            }
            for (int j = 0; j < c; j++) {
                out[row + j] = prob[row + j] * (r[row + j] - dot) / batch;
            }
        }
    }

    private static void addRow(DMatrixRMaj m, DMatrixRMaj row) {
        double[] a = m.data;
        double[] r = row.data;
        int cols = m.numCols;
        for (int i = 0, o = 0; i < m.numRows; i++, o += cols) {
            for (int j = 0; j < cols; j++) {
                a[o + j] += r[j];
            }
        }
    }

    private static void relu(DMatrixRMaj in, DMatrixRMaj out) {
        double[] a = in.data;
        double[] o = out.data;
        for (int i = 0; i < a.length; i++) {
            o[i] = a[i] > 0 ? a[i] : 0;
        }
    }

    /** out = g ⊙ [z &gt; 0], the relu's derivative at 0 taken as 0 like Leibniz and PyTorch. */
    private static void mask(DMatrixRMaj g, DMatrixRMaj pre, DMatrixRMaj out) {
        double[] a = g.data;
        double[] zz = pre.data;
        double[] o = out.data;
        for (int i = 0; i < a.length; i++) {
            o[i] = zz[i] > 0 ? a[i] : 0;
        }
    }

    private void product(DMatrixRMaj a, DMatrixRMaj bb, DMatrixRMaj c) {
        if (parallel) {
            CommonOps_MT_DDRM.mult(a, bb, c);
        } else {
            CommonOps_DDRM.mult(a, bb, c);
        }
    }

    private void productTransA(DMatrixRMaj a, DMatrixRMaj bb, DMatrixRMaj c) {
        if (parallel) {
            CommonOps_MT_DDRM.multTransA(a, bb, c);
        } else {
            CommonOps_DDRM.multTransA(a, bb, c);
        }
    }

    private void productTransB(DMatrixRMaj a, DMatrixRMaj bb, DMatrixRMaj c) {
        if (parallel) {
            CommonOps_MT_DDRM.multTransB(a, bb, c);
        } else {
            CommonOps_DDRM.multTransB(a, bb, c);
        }
    }
}
