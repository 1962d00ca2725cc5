package leibniz.core;

/**
 * Sliding windows over images: {@code im2col} copies every kernel-sized window of a
 * {@code [N, C, H, W]} tensor into a column, and {@code col2im}, its exact adjoint, adds columns back
 * into place, so that a convolution becomes one matrix product and its gradient another.
 *
 * <p>The columns use PyTorch's {@code unfold} layout {@code [N, C·kh·kw, OH·OW]}: row
 * {@code (c·kh + i)·kw + j} holds input channel {@code c} at kernel offset {@code (i, j)} for every
 * output position. With it a convolution is {@code weight[OC, C·kh·kw] · cols} straight into
 * {@code [N, OC, OH·OW]}, already in channels-first order, and a pooling window is a reshape to
 * {@code [N, C, kh·kw, OH·OW]} followed by a reduction over axis 2: neither needs a transpose.
 *
 * <pre>{@code
 * Convolutions.Window w = Convolutions.Window.of(3, 3, 1, 1, 1, 1);  // 3x3, stride 1, padding 1
 * Tensor cols = Convolutions.im2col(x, w);                            // [N, C·9, H·W]
 * }</pre>
 */
public final class Convolutions {
    private Convolutions() {}

    /**
     * The geometry of a sliding window: kernel {@code kh x kw}, stride {@code (sh, sw)} and zero padding
     * {@code (ph, pw)} added on both sides. The output has {@code OH = (H + 2ph − kh) / sh + 1} rows
     * (rounded down) and likewise {@code OW} columns.
     */
    public record Window(int kh, int kw, int sh, int sw, int ph, int pw) {
        /** Refuses kernels or strides below 1 and negative padding. */
        public Window {
            if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0) {
                throw new IllegalArgumentException("window: kernel " + kh + "x" + kw + ", stride " + sh + "x" + sw
                        + ", padding " + ph + "x" + pw + ": kernel and stride must be at least 1, padding at least 0");
            }
        }

        /** A window with the given kernel, stride and padding per axis (height first). */
        public static Window of(int kh, int kw, int sh, int sw, int ph, int pw) {
            return new Window(kh, kw, sh, sw, ph, pw);
        }

        /** A square window: kernel {@code k x k}, stride {@code s} and padding {@code p} on both axes. */
        public static Window square(int k, int s, int p) {
            return new Window(k, k, s, s, p, p);
        }

        /** The number of output rows for {@code h} input rows; at least 1 when the kernel fits the padded input. */
        public int outHeight(int h) {
            return Math.floorDiv(h + 2 * ph - kh, sh) + 1;
        }

        /** The number of output columns for {@code w} input columns. */
        public int outWidth(int w) {
            return Math.floorDiv(w + 2 * pw - kw, sw) + 1;
        }

        /** True if the kernel fits inside an {@code h x w} input once padded. */
        public boolean fits(int h, int w) {
            return h + 2 * ph >= kh && w + 2 * pw >= kw;
        }

        /**
         * The shape of the columns of an {@code [N, C, H, W]} input, {@code [N, C·kh·kw, OH·OW]}, or an
         * exception naming {@code op}: {@code unfold: input [1, 1, 2, 2]: kernel 3x3 larger than padded input 2x2}.
         */
        public Shape columns(Shape x, String op) {
            Arguments.notNull(op, "columns", "op");
            Arguments.notNull(x, op, "x");
            if (x.rank() != 4) {
                throw new IllegalArgumentException(op + ": input " + x + " must have rank 4 [N, C, H, W]");
            }
            int h = x.dim(2);
            int w = x.dim(3);
            if (!fits(h, w)) {
                throw new IllegalArgumentException(op + ": input " + x + ": kernel " + kh + "x" + kw
                        + " larger than padded input " + (h + 2 * ph) + "x" + (w + 2 * pw));
            }
            long rows = (long) x.dim(1) * kh * kw;
            long positions = (long) outHeight(h) * outWidth(w);
            Storage.count(op, x.dim(0), rows, positions); // refuses, naming op, what no int or array holds
            return Shape.of(new int[] {x.dim(0), (int) rows, (int) positions}, op);
        }

        /**
         * The image shape {@code [N, C, h, w]} that columns of shape {@code cols} fold back into, or an
         * exception naming {@code op} when {@code cols} is not {@code [N, C·kh·kw, OH·OW]} for that image.
         */
        public Shape image(Shape cols, int h, int w, String op) {
            Arguments.notNull(op, "image", "op");
            Arguments.notNull(cols, op, "cols");
            int k = kh * kw;
            boolean ok = cols.rank() == 3 && cols.dim(1) % k == 0 && h >= 0 && w >= 0 && fits(h, w)
                    && cols.dim(2) == outHeight(h) * outWidth(w);
            if (!ok) {
                throw new IllegalArgumentException(op + ": columns " + cols + " do not fold into a " + h + "x" + w
                        + " image with kernel " + kh + "x" + kw + ", stride " + sh + "x" + sw + ", padding " + ph + "x"
                        + pw + " (expected [N, C*" + k + ", " + (fits(h, w) ? outHeight(h) * outWidth(w) : "?") + "])");
            }
            return Shape.of(new int[] {cols.dim(0), cols.dim(1) / k, h, w}, op);
        }
    }

    /**
     * The windows of {@code x} as columns:
     * {@code out[n, (c·kh + i)·kw + j, oh·OW + ow] = x[n, c, oh·sh − ph + i, ow·sw − pw + j]}, zero where
     * the index falls in the padding. {@code x} is {@code [N, C, H, W]}; the result {@code [N, C·kh·kw, OH·OW]}.
     */
    public static Tensor im2col(Tensor x, Window window) {
        Arguments.notNull(x, "im2col", "x");
        Arguments.notNull(window, "im2col", "window");
        Shape out = window.columns(x.shape, "im2col");
        if (x.floats != null) {
            return im2col(x.f64(), window).to(DType.F32); // moves values only: exact
        }
        return new Tensor(out, Im2col.unfold(x.data, x.shape, out, window));
    }

    /**
     * The adjoint of {@link #im2col}: each column entry added back to the input position it was copied
     * from (overlapping windows accumulate; padding positions are dropped), giving {@code [N, C, h, w]}.
     */
    public static Tensor col2im(Tensor cols, int h, int w, Window window) {
        Arguments.notNull(cols, "col2im", "cols");
        Arguments.notNull(window, "col2im", "window");
        Shape image = window.image(cols.shape, h, w, "col2im");
        if (cols.floats != null) {
            return col2im(cols.f64(), h, w, window).to(DType.F32); // accumulated in double, rounded once
        }
        return new Tensor(image, Im2col.fold(cols.data, image, window));
    }
}
