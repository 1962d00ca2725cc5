package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import leibniz.core.Arguments;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;

/**
 * A node of the computation graph: an op, the op's attributes (held by the op) and its inputs.
 *
 * <p>Building a node computes its shape and element type at once, so a shape error is thrown on the
 * line that built the bad node, and the type of every value is known before anything runs. Its value
 * is computed on demand by {@link #value()}, or many times over by a {@link Program}. Nodes are
 * immutable and compared by identity.
 *
 * <p>The operations are grouped by concept in the sealed interfaces this class implements:
 * {@link NodeMath} (elementwise functions and products), {@link NodeReductions} and {@link NodeShapes};
 * leaves and operations on several nodes are here.
 *
 * <pre>{@code
 * Node x = Node.placeholder("x", 64, 784);
 * Node h = x.matmul(w.node()).add(b.node()).tanh();
 * }</pre>
 */
public final class Node implements NodeMath, NodeReductions, NodeShapes {
    /**
     * A dimension of a placeholder whose length is given when a program runs:
     * {@code Node.placeholder("x", 32, Node.ANY, 8)} takes sequences of any length; see {@link #dynamicAxis()}.
     */
    public static final int ANY = -1;

    private final Op op;
    private final Node[] inputs;
    private final Shape shape;
    private final DType dtype;
    private final int dynamicAxis;
    /** Where the node was built, in debug mode ({@link Site#RECORDING}); null otherwise. */
    private final Site site;

    private Node(Op op, Node[] inputs, Shape shape, DType dtype, int dynamicAxis, Site site) {
        this.op = op;
        this.inputs = inputs;
        this.shape = shape;
        this.dtype = dtype;
        this.dynamicAxis = dynamicAxis;
        this.site = site;
    }

    /** The node applying {@code op} to {@code inputs}; its shape and element type are computed (and checked) now. */
    public static Node apply(Op op, Node... inputs) {
        Arguments.notNull(op, "apply", "op");
        Arguments.notNull(inputs, op.name(), "inputs");
        Node[] in = inputs.clone();
        for (int i = 0; i < in.length; i++) {
            if (in[i] == null) {
                throw new IllegalArgumentException(op.name() + ": input " + i + " is null");
            }
        }
        Shape[] shapes = new Shape[in.length];
        DType[] types = new DType[in.length];
        for (int i = 0; i < in.length; i++) {
            shapes[i] = in[i].shape;
            types[i] = in[i].dtype;
        }
        // Before the shape rule, so that an op refusing a dynamic axis says so rather than tripping over its 0.
        int dynamic = Dynamic.axis(op, in);
        Shape s;
        try {
            s = op.shape(shapes);
        } catch (IllegalArgumentException e) {
            throw Provenance.explain(e, op, in);
        }
        if (s == null) {
            throw new IllegalArgumentException(op.name() + ": shape() returned no shape");
        }
        DType d = op.dtype(types, shapes);
        if (d == null) {
            throw new IllegalArgumentException(op.name() + ": dtype() returned no type");
        }
        return new Node(op, in, s, d, dynamic, Site.RECORDING ? Site.capture() : null);
    }


    /** A constant leaf holding {@code value}. */
    public static Node constant(Tensor value) {
        return apply(new Leaves.Constant(Arguments.notNull(value, "constant", "value")));
    }

    /** A constant leaf holding an F64 copy of an EJML matrix; to feed one to a placeholder, feed {@code Tensor.of(m)}. */
    public static Node constant(DMatrixRMaj m) { return constant(Tensor.of(Arguments.notNull(m, "constant", "m"))); }

    /** A constant leaf holding an F32 copy of an EJML matrix. */
    public static Node constant(FMatrixRMaj m) { return constant(Tensor.of(Arguments.notNull(m, "constant", "m"))); }

    /** A constant scalar leaf. */
    public static Node scalar(double value) {
        return constant(Tensor.scalar(value));
    }

    /** A constant scalar leaf of the given type: {@code Node.scalar(1, x.dtype())}. */
    public static Node scalar(double value, DType dtype) {
        Arguments.notNull(dtype, "scalar", "dtype");
        return constant(Tensor.full(Shape.scalar(), value, dtype));
    }

    /** The symbolic zero of a shape: a constant the engine recognises and skips, standing for "no gradient". */
    public static Node zeros(Shape shape) {
        return zeros(Arguments.notNull(shape, "zeros", "shape"), DType.F64);
    }

    /** The symbolic zero of a shape and element type. */
    public static Node zeros(Shape shape, DType dtype) {
        Arguments.notNull(shape, "zeros", "shape");
        Arguments.notNull(dtype, "zeros", "dtype");
        return apply(new Leaves.Zeros(shape, dtype, -1));
    }

    /** The symbolic zero of a shape, element type and dynamic axis (-1 for none): a gradient that has no value. */
    static Node zeros(Shape shape, DType dtype, int dynamicAxis) {
        return apply(new Leaves.Zeros(shape, dtype, dynamicAxis));
    }

    /**
     * A leaf whose value is fed each time a {@link Program} runs; {@code name} appears in error messages. One
     * dimension may be {@link #ANY}, a length given when the program runs: a scan runs along it, and
     * elementwise ops, products with static matrices and reductions over the other axes keep it
     * ({@link #dynamicAxis()}).
     */
    public static Node placeholder(String name, int... dims) {
        Arguments.notNull(name, "placeholder", "name");
        return placeholder(name, DType.F64, Arguments.notNull(dims, "placeholder", "dims"));
    }

    /** {@link #placeholder(String, int...)} of the given element type: {@code Node.placeholder("x", DType.F32, 8, Node.ANY)}. */
    public static Node placeholder(String name, DType dtype, int... dims) {
        Arguments.notNull(name, "placeholder", "name");
        Arguments.notNull(dtype, "placeholder", "dtype");
        int dynamic = -1;
        int[] d = Arguments.notNull(dims, "placeholder", "dims").clone();
        for (int i = 0; i < d.length; i++) {
            if (d[i] == ANY) {
                if (dynamic >= 0) {
                    throw new IllegalArgumentException("placeholder '" + name + "': more than one dynamic dimension in "
                            + java.util.Arrays.toString(dims).replace("-1", "ANY"));
                }
                dynamic = i;
                d[i] = 0;
            }
        }
        return apply(new Leaves.Placeholder(name, Shape.of(d, "placeholder"), dtype, dynamic));
    }

    /** An F64 placeholder of the given shape. */
    public static Node placeholder(String name, Shape shape) {
        return placeholder(name, shape, DType.F64);
    }

    /**
     * A placeholder of the given shape and element type; a {@link Program} converts each value fed to it
     * to that type, so F64 data can feed an F32 model: {@code Node.placeholder("x", Shape.of(64, 784), DType.F32)}.
     */
    public static Node placeholder(String name, Shape shape, DType dtype) {
        Arguments.notNull(name, "placeholder", "name");
        Arguments.notNull(shape, "placeholder", "shape");
        Arguments.notNull(dtype, "placeholder", "dtype");
        return apply(new Leaves.Placeholder(name, shape, dtype, -1));
    }

    /**
     * A random 0/1 tensor, each element 1 with probability {@code p}, a pure function of {@code seed} and
     * the value of the scalar {@code counter}; no gradient flows into either. A step that also assigns
     * {@code counter + 1} to a counter {@link Parameter} draws a fresh mask each step, and saving that
     * parameter saves the position of the random stream. Within one run the node has one value, so a
     * forward pass and its backward pass see the same mask (dropout):
     * {@code Node.bernoulli(x.shape(), 0.9, seed, draws.node())}.
     */
    public static Node bernoulli(Shape shape, double p, long seed, Node counter) {
        Arguments.notNull(shape, "bernoulli", "shape");
        Arguments.notNull(counter, "bernoulli", "counter");
        return apply(RandomOps.Bernoulli.of(shape, p, seed), counter);
    }

    /** One fixed random mask: {@link #bernoulli(Shape, double, long, Node)} at counter 0, on every evaluation. */
    public static Node bernoulli(Shape shape, double p, long seed) {
        Arguments.notNull(shape, "bernoulli", "shape");
        return bernoulli(shape, p, seed, scalar(0));
    }

    /**
     * The source line that built this node and the Leibniz method it called, recorded in debug mode
     * ({@link Site#PROPERTY}); empty otherwise.
     */
    public Optional<Site> site() {
        return Optional.ofNullable(site);
    }

    /** The op. */
    public Op op() {
        return op;
    }

    /** The shape, known since construction. */
    public Shape shape() {
        return shape;
    }

    /**
     * The axis whose length is given only when a program runs, or -1 for a node of static shape. The shape
     * holds 0 there; {@code toString} shows {@code ?}.
     */
    public int dynamicAxis() {
        return dynamicAxis;
    }

    /** The element type of the value, known since construction. */
    public DType dtype() {
        return dtype;
    }

    /** The rank of the shape. */
    public int rank() {
        return shape.rank();
    }

    /** Input {@code i}. */
    public Node input(int i) {
        return inputs[i];
    }

    /** The inputs, in order. */
    public List<Node> inputs() {
        return Collections.unmodifiableList(Arrays.asList(inputs));
    }

    int arity() {
        return inputs.length;
    }

    /** True for the symbolic zero made by {@link #zeros(Shape)}. */
    public boolean isZero() {
        return op instanceof Leaves.Zeros;
    }

    /** True if this node holds a constant value (including the symbolic zero). */
    public boolean isConstant() {
        return op instanceof Leaves.Constant || op instanceof Leaves.Zeros;
    }

    /**
     * The value computed from the current values of parameters and constants. A graph with
     * placeholders must be run by a {@link Program} that feeds them.
     */
    public Tensor value() {
        return Program.of(this).run().get(0);
    }

    /**
     * The value converted to {@code dtype} ({@link Tensor#to}); this node itself if it has that type. The
     * gradient converts back, so an F32 model can be checked against its F64 twin.
     */
    public Node to(DType dtype) {
        Arguments.notNull(dtype, "to", "dtype");
        return dtype == this.dtype ? this : apply(new UnaryOps.Cast(dtype), this);
    }

    /** The same value with no gradient flowing back through it (stop-gradient). */
    public Node detach() {
        return isConstant() ? this : apply(new UnaryOps.StopGradient(), this);
    }

    /** {@code cond ? a : b} elementwise (cond non-zero picks a); the gradient flows to a and b, not to cond. */
    public static Node where(Node cond, Node a, Node b) {
        Arguments.notNull(cond, "where", "cond");
        Arguments.notNull(a, "where", "a");
        Arguments.notNull(b, "where", "b");
        return apply(new BinaryOps.Where(), cond, a, b);
    }

    /** The nodes joined along an existing {@code axis}. */
    public static Node concat(int axis, Node... parts) {
        Arguments.noNulls(parts, "concat", "parts");
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: needs at least one part");
        }
        return apply(new LayoutOps.Concat(parts[0].shape.axis(axis, "concat")), parts);
    }

    /** The nodes, all of one shape, joined along a new {@code axis}. */
    public static Node stack(int axis, Node... parts) {
        Arguments.noNulls(parts, "stack", "parts");
        if (parts.length == 0) {
            throw new IllegalArgumentException("stack: needs at least one part");
        }
        Node[] lifted = new Node[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].shape.equals(parts[0].shape)) {
                throw new IllegalArgumentException("stack: part " + i + " has shape " + parts[i].shape
                        + ", part 0 has " + parts[0].shape);
            }
            lifted[i] = parts[i].unsqueeze(axis);
        }
        return concat(axis, lifted);
    }

    /**
     * The adjoint of {@link #indexSelect}: {@code updates} added into zeros of {@code shape} at {@code indices}
     * along {@code axis}, as PyTorch's {@code index_add} ({@link Tensor#indexAdd}); the gradient flows to the
     * updates only.
     */
    public static Node indexAdd(Shape shape, int axis, Node indices, Node updates) {
        Arguments.notNull(shape, "indexAdd", "shape");
        Arguments.notNull(indices, "indexAdd", "indices");
        Arguments.notNull(updates, "indexAdd", "updates");
        return apply(new IndexOps.IndexAdd(shape, shape.axis(axis, "indexAdd")), indices, updates);
    }

    /**
     * The adjoint of {@link #gather}: each element of {@code src} added into zeros of {@code shape} at the
     * position whose {@code axis} coordinate its {@code index} element gives, as PyTorch's
     * {@code zeros(shape).scatter_add(axis, index, src)} ({@link Tensor#scatterAdd}); the gradient flows to
     * {@code src} only.
     */
    public static Node scatterAdd(Shape shape, int axis, Node index, Node src) {
        Arguments.notNull(shape, "scatterAdd", "shape");
        Arguments.notNull(index, "scatterAdd", "index");
        Arguments.notNull(src, "scatterAdd", "src");
        return apply(new IndexOps.ScatterAdd(shape, shape.axis(axis, "scatterAdd")), index, src);
    }

    /** The op name and the shape, e.g. {@code matmul[64, 10]}, or {@code tanh[32, ?, 64]} with a dynamic axis. */
    @Override
    public String toString() {
        return op.name() + Dynamic.show(this);
    }
}
