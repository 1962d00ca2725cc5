package leibniz.optim;

/** Flat double-array arithmetic for the second-order methods, which work on the parameters as one vector. */
final class Vectors {
    private Vectors() {
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** {@code x + α d} as a new array. */
    static double[] axpy(double[] x, double alpha, double[] d) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] + alpha * d[i];
        }
        return out;
    }

    /** {@code y ← y + α d} in place. */
    static void addTo(double[] y, double alpha, double[] d) {
        for (int i = 0; i < y.length; i++) {
            y[i] += alpha * d[i];
        }
    }

    static double[] scaled(double[] a, double c) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = c * a[i];
        }
        return out;
    }

    static double[] minus(double[] a, double[] b) {
        return axpy(a, -1, b);
    }
}
