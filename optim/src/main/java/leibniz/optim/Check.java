package leibniz.optim;

/** Hyperparameter checks whose messages name the optimizer, the hyperparameter and the bad value. */
final class Check {
    private Check() {
    }

    static double learningRate(String op, double lr) {
        return nonNegative(op, "learning rate", lr);
    }

    static double nonNegative(String op, String what, double v) {
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException(op + ": " + what + " must be a finite non-negative number, got " + v);
        }
        return v;
    }

    static double positive(String op, String what, double v) {
        if (!Double.isFinite(v) || v <= 0) {
            throw new IllegalArgumentException(op + ": " + what + " must be a finite positive number, got " + v);
        }
        return v;
    }

    /** A decay or momentum factor in [0, 1): at 1 the average would never move. */
    static double unitInterval(String op, String what, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(op + ": " + what + " must be in [0, 1), got " + v);
        }
        return v;
    }

    static double closedUnitInterval(String op, String what, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(op + ": " + what + " must be in [0, 1], got " + v);
        }
        return v;
    }

    static int positiveCount(String op, String what, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException(op + ": " + what + " must be positive, got " + n);
        }
        return n;
    }
}
