package leibniz.core;

/**
 * The null checks of Leibniz's public entry points, so that every module refuses a null argument with the
 * same sentence, naming the operation and the argument: {@code add: b is null}. Custom ops and layers can
 * use them too: {@code Arguments.notNull(weight, "linear", "weight")}.
 */
public final class Arguments {
    private Arguments() {}

    /** {@code value}, or an IllegalArgumentException {@code "op: argument is null"} if it is null. */
    public static <T> T notNull(T value, String op, String argument) {
        if (value == null) {
            throw new IllegalArgumentException(op + ": " + argument + " is null");
        }
        return value;
    }

    /** {@code values}, or an IllegalArgumentException naming it or its null element: {@code concat: parts[1] is null}. */
    public static <T> T[] noNulls(T[] values, String op, String argument) {
        notNull(values, op, argument);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new IllegalArgumentException(op + ": " + argument + "[" + i + "] is null");
            }
        }
        return values;
    }

    /** {@code values}, or an IllegalArgumentException naming it or its null element: {@code grad: xs[0] is null}. */
    public static <T extends Iterable<?>> T noNulls(T values, String op, String argument) {
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
