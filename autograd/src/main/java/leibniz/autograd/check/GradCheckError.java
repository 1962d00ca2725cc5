package leibniz.autograd.check;

/**
 * A gradient or JVP check that failed: the analytic derivative of one element of one input differs from
 * its central-difference estimate by more than {@code atol + rtol · |numeric|}.
 *
 * <p>The message names the check, the input, the element and both values, e.g.
 * {@code gradcheck: input 1, element [0, 2]: numeric 0.5000001 vs analytic 0.25 (atol 1e-05, rtol 0.001)}.
 */
public final class GradCheckError extends AssertionError {
    private final int input;
    private final int[] element;
    private final double numeric;
    private final double analytic;

    GradCheckError(String message, int input, int[] element, double numeric, double analytic) {
        super(message);
        this.input = input;
        this.element = element.clone();
        this.numeric = numeric;
        this.analytic = analytic;
    }

    /** The position of the failing input in the argument list of the check. */
    public int input() {
        return input;
    }

    /** The multi-index of the failing element within its input (empty for a scalar). */
    public int[] element() {
        return element.clone();
    }

    /** The central-difference estimate of the derivative. */
    public double numeric() {
        return numeric;
    }

    /** The derivative computed by the engine under check (reverse mode, or forward mode for a JVP check). */
    public double analytic() {
        return analytic;
    }
}
