package leibniz.autograd;

import java.util.List;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/** The ops of leaf nodes: constants, the symbolic zero, placeholders and parameter reads. */
final class Leaves {
    private Leaves() {
    }

    /** A leaf that never receives or passes a gradient. */
    private interface Leaf extends BuiltIn {
        @Override
        default List<Node> vjp(Node out, Node g) {
            return List.of();
        }
    }

    /** out = value. */
    record Constant(Tensor value) implements Leaf {
        public String name() {
            return "constant";
        }

        public Shape shape(Shape... in) {
            return value.shape();
        }

        public DType dtype(DType[] in, Shape[] shapes) {
            return value.dtype();
        }

        public Tensor forward(Tensor... in) {
            return value;
        }
    }

    /**
     * out = 0, the symbolic zero: the engine skips it instead of adding zeros. With a dynamic axis (-1 for
     * none) it stands for a gradient only and has no value.
     */
    record Zeros(Shape zeroShape, DType zeroType, int dynamicAxis) implements Leaf {
        public String name() {
            return "zeros";
        }

        public Shape shape(Shape... in) {
            return zeroShape;
        }

        public DType dtype(DType[] in, Shape[] shapes) {
            return zeroType;
        }

        public Tensor forward(Tensor... in) {
            if (dynamicAxis >= 0) {
                throw new IllegalArgumentException("zeros: the zero gradient of " + zeroShape.withDim(dynamicAxis, 0)
                        + " with dynamic axis " + dynamicAxis + " has no value: its length is known only when a program"
                        + " runs; take gradients with respect to nodes the output depends on");
            }
            return Tensor.zeros(zeroShape, zeroType);
        }
    }

    /**
     * out = the tensor fed for this placeholder when a {@link Program} runs. A final class, not a record:
     * two placeholders are different inputs even when their names and shapes agree.
     */
    static final class Placeholder implements Leaf {
        private final String label;
        private final Shape placeholderShape;
        private final DType placeholderType;
        private final int dynamicAxis;

        Placeholder(String label, Shape placeholderShape, DType placeholderType, int dynamicAxis) {
            this.label = label;
            this.placeholderShape = placeholderShape;
            this.placeholderType = placeholderType;
            this.dynamicAxis = dynamicAxis;
        }

        String label() {
            return label;
        }

        /** The axis whose length a run gives, or -1. */
        int dynamicAxis() {
            return dynamicAxis;
        }

        public String name() {
            return "placeholder";
        }

        public Shape shape(Shape... in) {
            return placeholderShape;
        }

        public DType dtype(DType[] in, Shape[] shapes) {
            return placeholderType;
        }

        public Tensor forward(Tensor... in) {
            throw new IllegalArgumentException("placeholder '" + label + "' " + placeholderShape
                    + " has no value: run the graph with a Program and feed it");
        }

        @Override
        public String toString() {
            return "placeholder '" + label + "'";
        }
    }

    /** out = the parameter's current value, read each time the graph runs. */
    record Read(Parameter parameter) implements Leaf {
        public String name() {
            return "parameter";
        }

        public Shape shape(Shape... in) {
            return parameter.shape();
        }

        public DType dtype(DType[] in, Shape[] shapes) {
            return parameter.dtype();
        }

        public Tensor forward(Tensor... in) {
            return parameter.value();
        }

        @Override
        public String toString() {
            return "parameter '" + parameter.name() + "'";
        }
    }
}
