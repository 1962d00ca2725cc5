package leibniz.core;

/**
 * The loops behind {@link Convolutions}: {@code unfold} gathers windows into columns and {@code fold}
 * scatters them back with the same index map, which is what makes the pair exact adjoints.
 *
 * <p>Both walk the columns row by row ({@code n, c, i, j}) so that writes (unfold) or reads (fold) of
 * the columns are contiguous; the rows and columns of a window that fall in the padding are skipped
 * by computing their valid range once per row instead of testing every element.
 */
final class Im2col {
    private Im2col() {}

    /** {@code cols[n, (c·kh + i)·kw + j, oh·OW + ow] = x[n, c, oh·sh − ph + i, ow·sw − pw + j]}, 0 in the padding. */
    static double[] unfold(double[] x, Shape shape, Shape columns, Convolutions.Window win) {
        int n = shape.dim(0);
        int c = shape.dim(1);
        int h = shape.dim(2);
        int w = shape.dim(3);
        int oh = win.outHeight(h);
        int ow = win.outWidth(w);
        int positions = oh * ow;
        double[] cols = Storage.doubles("im2col", columns);
        int row = 0;
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = (b * c + ch) * h * w;
                for (int i = 0; i < win.kh(); i++) {
                    for (int j = 0; j < win.kw(); j++, row++) {
                        int[] cw = validRange(j - win.pw(), win.sw(), ow, w);
                        int base = row * positions;
                        for (int r = 0; r < oh; r++) {
                            int y = r * win.sh() - win.ph() + i;
                            if (y < 0 || y >= h) {
                                continue;
                            }
                            int src = plane + y * w + j - win.pw();
                            int dst = base + r * ow;
                            for (int q = cw[0]; q < cw[1]; q++) {
                                cols[dst + q] = x[src + q * win.sw()];
                            }
                        }
                    }
                }
            }
        }
        return cols;
    }

    /** {@code x[n, c, oh·sh − ph + i, ow·sw − pw + j] += cols[n, (c·kh + i)·kw + j, oh·OW + ow]}, from zeros. */
    static double[] fold(double[] cols, Shape image, Convolutions.Window win) {
        int n = image.dim(0);
        int c = image.dim(1);
        int h = image.dim(2);
        int w = image.dim(3);
        int oh = win.outHeight(h);
        int ow = win.outWidth(w);
        int positions = oh * ow;
        double[] x = Storage.doubles("col2im", image);
        int row = 0;
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = (b * c + ch) * h * w;
                for (int i = 0; i < win.kh(); i++) {
                    for (int j = 0; j < win.kw(); j++, row++) {
                        int[] cw = validRange(j - win.pw(), win.sw(), ow, w);
                        int base = row * positions;
                        for (int r = 0; r < oh; r++) {
                            int y = r * win.sh() - win.ph() + i;
                            if (y < 0 || y >= h) {
                                continue;
                            }
                            int dst = plane + y * w + j - win.pw();
                            int src = base + r * ow;
                            for (int q = cw[0]; q < cw[1]; q++) {
                                x[dst + q * win.sw()] += cols[src + q];
                            }
                        }
                    }
                }
            }
        }
        return x;
    }

    /** The positions {@code q} in {@code [lo, hi)} ⊆ {@code [0, count)} with {@code 0 <= offset + q·stride < size}. */
    private static int[] validRange(int offset, int stride, int count, int size) {
        int lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int hi = offset >= size ? 0 : Math.min(count, (size - 1 - offset) / stride + 1);
        return new int[] {Math.min(lo, hi), hi};
    }
}
