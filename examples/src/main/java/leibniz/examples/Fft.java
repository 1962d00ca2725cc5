package leibniz.examples;

/**
 * The discrete Fourier transform {@code X[k] = Σ_n x[n] e^(−2πi·kn/N)} by the iterative radix-2
 * Cooley–Tukey algorithm, in O(N log N) for N a power of two.
 */
final class Fft {
    private Fft() {
    }

    /** Transforms the complex signal {@code (re, im)} in place; both arrays have the same power-of-two length. */
    static void transform(double[] re, double[] im) {
        int n = re.length;
        if (im.length != n || n == 0 || (n & (n - 1)) != 0) {
            throw new IllegalArgumentException("fft: needs real and imaginary parts of one power-of-two length, got "
                    + re.length + " and " + im.length);
        }
        // Bit-reversed order first, so that each pass below combines neighbouring blocks in place.
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j |= bit;
            if (i < j) {
                swap(re, i, j);
                swap(im, i, j);
            }
        }
        // Butterflies: two transforms of length len/2 make one of length len.
        for (int len = 2; len <= n; len <<= 1) {
            double angle = -2 * Math.PI / len;
            for (int start = 0; start < n; start += len) {
                for (int k = 0; k < len / 2; k++) {
                    double wr = Math.cos(angle * k);
                    double wi = Math.sin(angle * k);
                    int a = start + k;
                    int b = a + len / 2;
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }

    /** The magnitudes {@code |X[k]|} for k = 0 .. N/2 of a real signal of power-of-two length N. */
    static double[] magnitudes(double[] x) {
        double[] re = x.clone();
        double[] im = new double[x.length];
        transform(re, im);
        // A real signal's spectrum is conjugate-symmetric: the bins above N/2 repeat the ones below.
        double[] m = new double[x.length / 2 + 1];
        for (int k = 0; k < m.length; k++) {
            m[k] = Math.hypot(re[k], im[k]);
        }
        return m;
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
