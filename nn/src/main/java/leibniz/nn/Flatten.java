package leibniz.nn;

import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

/**
 * Every axis after the first (the batch axis) merged into one: {@code [b, d1, d2, ...] -> [b, d1·d2·…]},
 * typically between convolutions and a {@link Linear} layer. A rank-1 input {@code [b]} becomes {@code [b, 1]}.
 */
public final class Flatten implements Module {
    private static final Flatten INSTANCE = new Flatten();

    private Flatten() {
    }

    /** The flatten module (it has no state, so one instance serves all). */
    public static Flatten create() {
        return INSTANCE;
    }

    /** {@code x} reshaped to {@code [x.dim(0), rest]}. */
    @Override
    public Node forward(Node x, Context ctx) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException("Flatten: input is a scalar, expected a batch axis first");
        }
        int batch = x.shape().dim(0);
        return x.reshape(batch, x.shape().sizeBetween(1, x.rank()));
    }

    /** None. */
    @Override
    public Map<String, Parameter> parameters() {
        return Map.of();
    }

    @Override
    public String toString() {
        return "Flatten";
    }
}
