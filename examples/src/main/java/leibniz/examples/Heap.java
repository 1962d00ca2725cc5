package leibniz.examples;

import java.util.Locale;

/**
 * Refuses model and data sizes the Java heap cannot hold before anything is allocated, so that a run
 * ends in a sentence rather than an OutOfMemoryError. Callers count in {@code long}, so that no product
 * overflows before the check.
 */
final class Heap {
    /** Training keeps each parameter, its gradient and up to two optimizer moments (Adam's). */
    private static final int COPIES = 4;

    private Heap() {
    }

    /**
     * Requires that a model of {@code parameters} weights fits the heap's limit ({@code -Xmx}) with its
     * gradients and optimizer state; {@code what} names the option and its value, e.g. {@code "--hidden 500000000"}.
     */
    static void requireParameters(String what, long parameters) {
        double need = (double) parameters * Double.BYTES * COPIES;
        if (need > limit()) {
            throw new UsageException(String.format(Locale.ROOT, "%s makes a model of %,d parameters, which need "
                    + "%.1f GB with their gradients and optimizer state, more than the Java heap's limit of %.1f GB "
                    + "(-Xmx)", what, parameters, need / 1e9, limit() / 1e9));
        }
    }

    /** Requires that one tensor of {@code values} numbers can be made and fits the heap's limit. */
    static void requireData(String what, long values) {
        double need = (double) values * Double.BYTES;
        if (values > Integer.MAX_VALUE || need > limit()) {
            throw new UsageException(String.format(Locale.ROOT, "%s makes a data set of %,d numbers (%.1f GB), more "
                    + "than one tensor holds (%,d) or the Java heap's limit of %.1f GB (-Xmx) allows", what, values,
                    need / 1e9, Integer.MAX_VALUE, limit() / 1e9));
        }
    }

    private static long limit() {
        return Runtime.getRuntime().maxMemory();
    }
}
