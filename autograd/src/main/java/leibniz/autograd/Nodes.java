package leibniz.autograd;

/** The null checks of autograd's public entry points, one sentence for all: {@code add: b is null}. */
final class Nodes {
    private Nodes() {
    }

    /** {@code value}, or an exception naming the operation and the argument if it is null. */
    static <T> T notNull(T value, String op, String argument) {
        if (value == null) {
            throw new IllegalArgumentException(op + ": " + argument + " is null");
        }
        return value;
    }

    /** {@code values}, or an exception naming the operation and the argument if it or an element is null. */
    static <T> T[] noNulls(T[] values, String op, String argument) {
        notNull(values, op, argument);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new IllegalArgumentException(op + ": " + argument + "[" + i + "] is null");
            }
        }
        return values;
    }

    /** {@code values}, or an exception naming the operation and the argument if it or an element is null. */
    static <T extends Iterable<?>> T noNulls(T values, String op, String argument) {
        notNull(values, op, argument);
        int i = 0;
        for (Object v : values) {
            if (v == null) {
                throw new IllegalArgumentException(op + ": " + argument + "[" + i + "] is null");
            }
            i++;
        }
        return values;
    }
}
