package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
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
 * <pre>{@code
 * Node x = Node.placeholder("x", 64, 784);
 * Node h = x.matmul(w.node()).add(b.node()).tanh();
 * }</pre>
 */
public final class Node {
    private final Op op;
    private final Node[] inputs;
    private final Shape shape;
    private final DType dtype;

    private Node(Op op, Node[] inputs, Shape shape, DType dtype) {
        this.op = op;
        this.inputs = inputs;
        this.shape = shape;
        this.dtype = dtype;
    }

    /** The node applying {@code op} to {@code inputs}; its shape and element type are computed (and checked) now. */
    public static Node apply(Op op, Node... inputs) {
        Node[] in = inputs.clone();
        Shape[] shapes = new Shape[in.length];
        DType[] types = new DType[in.length];
        for (int i = 0; i < in.length; i++) {
            shapes[i] = in[i].shape;
            types[i] = in[i].dtype;
        }
        Shape s = op.shape(shapes);
        if (s == null) {
            throw new IllegalArgumentException(op.name() + ": shape() returned no shape");
        }
        DType d = op.dtype(types, shapes);
        if (d == null) {
            throw new IllegalArgumentException(op.name() + ": dtype() returned no type");
        }
        return new Node(op, in, s, d);
    }

    // ---------------------------------------------------------------- leaves

    /** A constant leaf holding {@code value}. */
    public static Node constant(Tensor value) {
        return apply(new Leaves.Constant(value));
    }

    /** A constant leaf holding an F64 copy of an EJML matrix; to feed one to a placeholder, feed {@code Tensor.of(m)}. */
    public static Node constant(DMatrixRMaj m) { return constant(Tensor.of(m)); }

    /** A constant leaf holding an F32 copy of an EJML matrix. */
    public static Node constant(FMatrixRMaj m) { return constant(Tensor.of(m)); }

    /** A constant scalar leaf. */
    public static Node scalar(double value) {
        return constant(Tensor.scalar(value));
    }

    /** A constant scalar leaf of the given type: {@code Node.scalar(1, x.dtype())}. */
    public static Node scalar(double value, DType dtype) {
        return constant(Tensor.full(Shape.scalar(), value, dtype));
    }

    /** The symbolic zero of a shape: a constant the engine recognises and skips, standing for "no gradient". */
    public static Node zeros(Shape shape) {
        return zeros(shape, DType.F64);
    }

    /** The symbolic zero of a shape and element type. */
    public static Node zeros(Shape shape, DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("zeros: a dtype is required");
        }
        return apply(new Leaves.Zeros(shape, dtype));
    }

    /** A leaf whose value is fed each time a {@link Program} runs; {@code name} appears in error messages. */
    public static Node placeholder(String name, int... dims) {
        return placeholder(name, Shape.of(dims));
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
        if (dtype == null) {
            throw new IllegalArgumentException("placeholder '" + name + "': a dtype is required");
        }
        return apply(new Leaves.Placeholder(name, shape, dtype));
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
        if (counter == null) {
            throw new IllegalArgumentException("bernoulli: a counter is required");
        }
        return apply(RandomOps.Bernoulli.of(shape, p, seed), counter);
    }

    /** One fixed random mask: {@link #bernoulli(Shape, double, long, Node)} at counter 0, on every evaluation. */
    public static Node bernoulli(Shape shape, double p, long seed) {
        return bernoulli(shape, p, seed, scalar(0));
    }

    /**
     * A Java number as a scalar constant of this node's type, as PyTorch treats a number: {@code x.mul(0.5)}
     * keeps an F32 node F32 even when x is itself a scalar (an F32 loss).
     */
    private Node number(double c) {
        return scalar(c, dtype);
    }

    // ---------------------------------------------------------------- structure

    /** The op. */
    public Op op() {
        return op;
    }

    /** The shape, known since construction. */
    public Shape shape() {
        return shape;
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

    // ---------------------------------------------------------------- elementwise unary

    /** {@code −x}. */
    public Node neg() {
        return isZero() ? this : apply(new UnaryOps.Neg(), this);
    }

    /** {@code |x|}; its derivative at 0 is taken as 0. */
    public Node abs() {
        return apply(new UnaryOps.Abs(), this);
    }

    /** {@code sign(x)}, carrying no gradient. */
    public Node sign() {
        return apply(new UnaryOps.Sign(), this);
    }

    /** {@code e^x}. */
    public Node exp() {
        return apply(new UnaryOps.Exp(), this);
    }

    /** {@code ln x}. */
    public Node log() {
        return apply(new UnaryOps.Log(), this);
    }

    /** {@code ln(1 + x)}. */
    public Node log1p() {
        return apply(new UnaryOps.Log1p(), this);
    }

    /** {@code √x}. */
    public Node sqrt() {
        return apply(new UnaryOps.Sqrt(), this);
    }

    /** {@code x²}. */
    public Node square() {
        return apply(new UnaryOps.Square(), this);
    }

    /** {@code 1 / x}. */
    public Node reciprocal() {
        return apply(new UnaryOps.Reciprocal(), this);
    }

    /** {@code sin x}. */
    public Node sin() {
        return apply(new UnaryOps.Sin(), this);
    }

    /** {@code cos x}. */
    public Node cos() {
        return apply(new UnaryOps.Cos(), this);
    }

    /** {@code tanh x}. */
    public Node tanh() {
        return apply(new UnaryOps.Tanh(), this);
    }

    /** {@code σ(x) = 1 / (1 + e^−x)}, stable for large |x|. */
    public Node sigmoid() {
        return apply(new UnaryOps.Sigmoid(), this);
    }

    /** The error function {@code erf x = (2/√π) ∫₀ˣ e^(−t²) dt}. */
    public Node erf() {
        return apply(new UnaryOps.Erf(), this);
    }

    /** {@code max(x, 0)}; its derivative at 0 is taken as 0. */
    public Node relu() {
        return apply(new UnaryOps.Relu(), this);
    }

    /** The step function, 1 where {@code x > 0} else 0, carrying no gradient. */
    public Node step() {
        return apply(new UnaryOps.Step(), this);
    }

    /**
     * The value converted to {@code dtype} ({@link Tensor#to}); this node itself if it has that type. The
     * gradient converts back, so an F32 model can be checked against its F64 twin.
     */
    public Node to(DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("to: a dtype is required");
        }
        return dtype == this.dtype ? this : apply(new UnaryOps.Cast(dtype), this);
    }

    /** The same value with no gradient flowing back through it (stop-gradient). */
    public Node detach() {
        return isConstant() ? this : apply(new UnaryOps.StopGradient(), this);
    }

    // ---------------------------------------------------------------- elementwise binary (broadcasting)

    /** {@code a + b}, broadcast. */
    public Node add(Node b) {
        Shape s = Shape.broadcast(shape, b.shape, "add");
        if (b.isZero() && s.equals(shape)) {
            return this;
        }
        if (isZero() && s.equals(b.shape)) {
            return b;
        }
        return apply(new BinaryOps.Add(), this, b);
    }

    /**
     * {@code a + α·b} for a scalar node α, broadcast, computed in one pass: an optimizer's
     * {@code w.sub(grad, lr)} allocates one tensor per step where {@code w.sub(lr.mul(grad))} allocates two.
     */
    public Node add(Node b, Node alpha) {
        Shape s = Shape.broadcast(shape, b.shape, "addScaled");
        if ((b.isZero() || alpha.isZero()) && s.equals(shape) && alpha.rank() == 0) {
            return this;
        }
        return apply(new BinaryOps.AddScaled(), this, b, alpha);
    }

    /** {@code a − α·b} for a scalar node α: {@link #add(Node, Node)} with {@code −α}. */
    public Node sub(Node b, Node alpha) {
        return add(b, alpha.neg());
    }

    /** {@code a + c}. */
    public Node add(double c) {
        return add(number(c));
    }

    /** {@code a − b}, broadcast. */
    public Node sub(Node b) {
        Shape s = Shape.broadcast(shape, b.shape, "sub");
        if (b.isZero() && s.equals(shape)) {
            return this;
        }
        return apply(new BinaryOps.Sub(), this, b);
    }

    /** {@code a − c}. */
    public Node sub(double c) {
        return sub(number(c));
    }

    /** {@code a ⊙ b}, broadcast. */
    public Node mul(Node b) {
        Shape s = Shape.broadcast(shape, b.shape, "mul");
        if (isZero() || b.isZero()) {
            return zeros(s, DType.common(new DType[] {dtype, b.dtype}, new Shape[] {shape, b.shape}));
        }
        return apply(new BinaryOps.Mul(), this, b);
    }

    /** {@code c · a}. */
    public Node mul(double c) {
        return isZero() ? this : mul(number(c));
    }

    /** {@code a / b}, broadcast. */
    public Node div(Node b) {
        return apply(new BinaryOps.Div(), this, b);
    }

    /** {@code a / c}. */
    public Node div(double c) {
        return div(number(c));
    }

    /** {@code a^b}, broadcast. */
    public Node pow(Node b) {
        return apply(new BinaryOps.Pow(), this, b);
    }

    /** {@code a^c} for a constant exponent. */
    public Node pow(double c) {
        return pow(number(c));
    }

    /** {@code max(a, b)}, broadcast; at ties the gradient is split evenly. */
    public Node maximum(Node b) {
        return apply(new BinaryOps.Maximum(), this, b);
    }

    /** {@code min(a, b)}, broadcast; at ties the gradient is split evenly. */
    public Node minimum(Node b) {
        return apply(new BinaryOps.Minimum(), this, b);
    }

    /** 1 where {@code a == b}, else 0; no gradient. */
    public Node eq(Node b) {
        return apply(new BinaryOps.Compare(BinaryOps.Comparison.EQ), this, b);
    }

    /** 1 where {@code a != b}, else 0; no gradient. */
    public Node ne(Node b) {
        return apply(new BinaryOps.Compare(BinaryOps.Comparison.NE), this, b);
    }

    /** 1 where {@code a < b}, else 0; no gradient. */
    public Node lt(Node b) {
        return apply(new BinaryOps.Compare(BinaryOps.Comparison.LT), this, b);
    }

    /** 1 where {@code a <= b}, else 0; no gradient. */
    public Node le(Node b) {
        return apply(new BinaryOps.Compare(BinaryOps.Comparison.LE), this, b);
    }

    /** 1 where {@code a > b}, else 0; no gradient. */
    public Node gt(Node b) {
        return apply(new BinaryOps.Compare(BinaryOps.Comparison.GT), this, b);
    }

    /** 1 where {@code a >= b}, else 0; no gradient. */
    public Node ge(Node b) {
        return apply(new BinaryOps.Compare(BinaryOps.Comparison.GE), this, b);
    }

    /** {@code cond ? a : b} elementwise (cond non-zero picks a); the gradient flows to a and b, not to cond. */
    public static Node where(Node cond, Node a, Node b) {
        return apply(new BinaryOps.Where(), cond, a, b);
    }

    /** {@code min(max(x, lo), hi)}; the gradient is g inside {@code [lo, hi]} and 0 outside. */
    public Node clamp(double lo, double hi) {
        return apply(new BinaryOps.Clamp(lo, hi), this);
    }

    // ---------------------------------------------------------------- reductions

    /** {@code Σ x} over all elements, a scalar. */
    public Node sum() {
        return apply(ReductionOps.Reduce.all(ReductionOps.Kind.SUM), this);
    }

    /** {@code Σ x} over {@code axis}. */
    public Node sum(int axis) {
        return sum(axis, false);
    }

    /** {@code Σ x} over {@code axis}, keeping it as size 1 if {@code keepDims}. */
    public Node sum(int axis, boolean keepDims) {
        return apply(ReductionOps.Reduce.along(ReductionOps.Kind.SUM, axis, keepDims), this);
    }

    /** The mean of all elements, a scalar. */
    public Node mean() {
        return apply(ReductionOps.Reduce.all(ReductionOps.Kind.MEAN), this);
    }

    /** The mean over {@code axis}. */
    public Node mean(int axis) {
        return mean(axis, false);
    }

    /** The mean over {@code axis}, keeping it as size 1 if {@code keepDims}. */
    public Node mean(int axis, boolean keepDims) {
        return apply(ReductionOps.Reduce.along(ReductionOps.Kind.MEAN, axis, keepDims), this);
    }

    /** The largest element; the gradient is split evenly among ties. */
    public Node max() {
        return apply(ReductionOps.Reduce.all(ReductionOps.Kind.MAX), this);
    }

    /** The largest element along {@code axis}. */
    public Node max(int axis) {
        return max(axis, false);
    }

    /** The largest element along {@code axis}, keeping it as size 1 if {@code keepDims}. */
    public Node max(int axis, boolean keepDims) {
        return apply(ReductionOps.Reduce.along(ReductionOps.Kind.MAX, axis, keepDims), this);
    }

    /** The smallest element; the gradient is split evenly among ties. */
    public Node min() {
        return apply(ReductionOps.Reduce.all(ReductionOps.Kind.MIN), this);
    }

    /** The smallest element along {@code axis}. */
    public Node min(int axis) {
        return min(axis, false);
    }

    /** The smallest element along {@code axis}, keeping it as size 1 if {@code keepDims}. */
    public Node min(int axis, boolean keepDims) {
        return apply(ReductionOps.Reduce.along(ReductionOps.Kind.MIN, axis, keepDims), this);
    }

    /** {@code ln Σ e^x} over all elements, stable. */
    public Node logsumexp() {
        return apply(ReductionOps.Reduce.all(ReductionOps.Kind.LOGSUMEXP), this);
    }

    /** {@code ln Σ e^x} over {@code axis}, stable. */
    public Node logsumexp(int axis) {
        return logsumexp(axis, false);
    }

    /** {@code ln Σ e^x} over {@code axis}, stable, keeping it as size 1 if {@code keepDims}. */
    public Node logsumexp(int axis, boolean keepDims) {
        return apply(ReductionOps.Reduce.along(ReductionOps.Kind.LOGSUMEXP, axis, keepDims), this);
    }

    /** The population variance of all elements. */
    public Node variance() {
        return apply(ReductionOps.Reduce.all(ReductionOps.Kind.VARIANCE), this);
    }

    /** The population variance over {@code axis}. */
    public Node variance(int axis) {
        return variance(axis, false);
    }

    /** The population variance over {@code axis}, keeping it as size 1 if {@code keepDims}. */
    public Node variance(int axis, boolean keepDims) {
        return apply(ReductionOps.Reduce.along(ReductionOps.Kind.VARIANCE, axis, keepDims), this);
    }

    /** The flat index of the largest element; no gradient. */
    public Node argmax() {
        return apply(ReductionOps.Reduce.all(ReductionOps.Kind.ARGMAX), this);
    }

    /** The index of the largest element along {@code axis}; no gradient. */
    public Node argmax(int axis) {
        return apply(ReductionOps.Reduce.along(ReductionOps.Kind.ARGMAX, axis, false), this);
    }

    /** The flat index of the smallest element; no gradient. */
    public Node argmin() {
        return apply(ReductionOps.Reduce.all(ReductionOps.Kind.ARGMIN), this);
    }

    /** The index of the smallest element along {@code axis}; no gradient. */
    public Node argmin(int axis) {
        return apply(ReductionOps.Reduce.along(ReductionOps.Kind.ARGMIN, axis, false), this);
    }

    // ---------------------------------------------------------------- products

    /** The matrix product with NumPy's {@code matmul} rules (vectors, matrices, broadcast batches). */
    public Node matmul(Node b) {
        return apply(new MatMulOp(false, false), this, b);
    }

    /** {@code op(a) · op(b)}, where a set flag swaps that operand's last two axes without copying. */
    public Node matmul(Node b, boolean transposeA, boolean transposeB) {
        return apply(new MatMulOp(transposeA, transposeB), this, b);
    }

    // ---------------------------------------------------------------- shape operations

    /** The same values in a new shape; one dimension may be {@code -1}. */
    public Node reshape(int... dims) {
        return apply(LayoutOps.Reshape.of(shape, dims), this);
    }

    /** The same values in {@code target}, which must have the same size. */
    public Node reshape(Shape target) {
        return reshape(target.dims());
    }

    /** The last two axes swapped; rank 0 and 1 are returned as they are. */
    public Node transpose() {
        return rank() < 2 ? this : transpose(-2, -1);
    }

    /** Axes {@code a} and {@code b} swapped. */
    public Node transpose(int a, int b) {
        int[] order = new int[rank()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int x = shape.axis(a, "transpose");
        int y = shape.axis(b, "transpose");
        order[x] = y;
        order[y] = x;
        return permute(order);
    }

    /** The axes reordered: output axis i is input axis {@code order[i]}. */
    public Node permute(int... order) {
        // Shape.permuted accepts negative axes but the core kernel does not: check, then normalise, so
        // that a permute which builds also runs.
        shape.permuted(order);
        int[] o = order.clone();
        for (int i = 0; i < o.length; i++) {
            o[i] = o[i] < 0 ? o[i] + o.length : o[i];
        }
        return apply(new LayoutOps.Permute(o), this);
    }

    /** Every size-1 dimension removed. */
    public Node squeeze() {
        List<Integer> kept = new ArrayList<>();
        for (int d : shape.dims()) {
            if (d != 1) {
                kept.add(d);
            }
        }
        return reshape(kept.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Dimension {@code axis}, which must have size 1, removed. */
    public Node squeeze(int axis) {
        int a = shape.axis(axis, "squeeze");
        if (shape.dim(a) != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " has size " + shape.dim(a) + ", not 1");
        }
        return reshape(shape.without(a));
    }

    /** A size-1 dimension inserted at {@code axis} (0..rank; negative counts from rank + 1). */
    public Node unsqueeze(int axis) {
        int r = rank();
        if (axis < -(r + 1) || axis > r) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " out of range for rank " + r);
        }
        return reshape(shape.inserting(axis < 0 ? axis + r + 1 : axis, 1));
    }

    /** The value repeated to fill {@code target} by NumPy's broadcasting rules. */
    public Node broadcastTo(Shape target) {
        return shape.equals(target) ? this : apply(new LayoutOps.BroadcastTo(target), this);
    }

    /** The sum over the dimensions that broadcasting {@code target} to this shape would add or stretch. */
    public Node sumTo(Shape target) {
        return shape.equals(target) ? this : apply(new LayoutOps.SumTo(target), this);
    }

    /** Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code axis}. */
    public Node slice(int axis, int start, int end) {
        return apply(new LayoutOps.Slice(shape.axis(axis, "slice"), start, end), this);
    }

    /** The nodes joined along an existing {@code axis}. */
    public static Node concat(int axis, Node... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: needs at least one part");
        }
        return apply(new LayoutOps.Concat(parts[0].shape.axis(axis, "concat")), parts);
    }

    /** The nodes, all of one shape, joined along a new {@code axis}. */
    public static Node stack(int axis, Node... parts) {
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

    // ---------------------------------------------------------------- indexing

    /** The slices at integer {@code indices} along {@code axis} (NumPy's {@code take}); gradient to this node only. */
    public Node gather(int axis, Node indices) {
        return apply(new IndexOps.Gather(shape.axis(axis, "gather")), this, indices);
    }

    /** The adjoint of {@link #gather}: {@code updates} added into zeros of {@code shape} at {@code indices} along {@code axis}. */
    public static Node scatterAdd(Shape shape, int axis, Node indices, Node updates) {
        return apply(new IndexOps.ScatterAdd(shape, shape.axis(axis, "scatterAdd")), indices, updates);
    }

    /** A new last axis of size {@code classes} with a 1 at each index; no gradient. */
    public Node oneHot(int classes) {
        return apply(new IndexOps.OneHot(classes), this);
    }

    // ---------------------------------------------------------------- printing

    /** The op name and the shape, e.g. {@code matmul[64, 10]}. */
    @Override
    public String toString() {
        return op.name() + shape;
    }
}
