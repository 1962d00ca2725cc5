package leibniz.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fused elementwise kernel: a small program of elementwise functions over input tensors, compiled to
 * one loop that reads each input once per element and writes each output once, as XLA's loop fusion and
 * Spark's whole-stage code generation do. The loop is Java source ({@link #source()}) generated for the
 * kernel's structure and element types and compiled in-process by Janino; kernels of the same structure
 * share one compiled loop, whatever their shapes.
 *
 * <pre>{@code
 * Pointwise.Builder k = Pointwise.builder(Shape.of(64, 256));
 * int z = k.input(Shape.of(64, 256), DType.F64);
 * int b = k.input(Shape.of(256), DType.F64);                      // a bias, read along each row
 * k.output(k.apply(Pointwise.Fn.RELU, DType.F64, k.apply(Pointwise.Fn.ADD, DType.F64, z, b)));
 * Tensor h = k.build().run(new Tensor[] {zv, bv})[0];   // relu(z + b), in one pass
 * }</pre>
 *
 * <p>Each function computes exactly what the {@link Tensor} method of its name computes, bit for bit, in
 * the type it is given: its operands are converted to that type first, as the tensor methods convert
 * mixed operands. Inputs broadcast to the loop's shape in four ways, decided by one split of the loop's
 * dimensions into outer and inner ones: the whole shape, one element, a row repeated over the outer
 * dimensions (a bias {@code [C]} against {@code [N, C]}), or a column constant along the inner ones
 * ({@code [N, 1]} against {@code [N, C]}); {@link #fits} says whether one split serves a set of inputs.
 */
public final class Pointwise {
    /**
     * The most operations a kernel holds when it runs element by element: a method past 8,000 bytes of
     * bytecode is never JIT-compiled.
     */
    public static final int MAX_OPERATIONS = 120;
    /**
     * The most operations a tiled kernel holds: the JIT unrolls and vectorizes each operation's loop, and a
     * method with many such loops exceeds its compiler's node budget and runs unoptimized.
     */
    public static final int MAX_TILED_OPERATIONS = 24;
    /** Loops of at least this many elements run one operation at a time over tiles ({@link PointwiseSource}). */
    static final int TILED = 16;

    /**
     * The functions a kernel applies, each the scalar form of the {@link Tensor} method of its name;
     * comparisons give 1 or 0 in the result type.
     */
    public enum Fn {
        NEG(1, true, "-{0}"),
        ABS(1, true, "Math.abs({0})"),
        SIGN(1, true, "Math.signum({0})"),
        EXP(1, false, "Math.exp({0})"),
        LOG(1, false, "Math.log({0})"),
        LOG1P(1, false, "Math.log1p({0})"),
        SQRT(1, false, "Math.sqrt({0})"),
        SQUARE(1, true, "{0} * {0}"),
        RECIPROCAL(1, true, "{one} / {0}"),
        SIN(1, false, "Math.sin({0})"),
        COS(1, false, "Math.cos({0})"),
        // fdlibm's tanh in Java: the same bits on every JDK, and no native call (see Tanh).
        TANH(1, false, "leibniz.core.Scalars.tanh({0})"),
        SIGMOID(1, false, "leibniz.core.Scalars.sigmoid({0})"),
        // Math.max keeps NaN as NaN; a comparison would turn it into 0.
        RELU(1, true, "Math.max({0}, {zero})"),
        // The derivative of relu, whose subgradient at 0 is taken to be 0.
        STEP(1, true, "{0} > 0 ? {one} : {zero}"),
        ERF(1, false, "leibniz.core.Scalars.erf({0})"),
        /** Attributes: β and the threshold. */
        SOFTPLUS(1, false, "leibniz.core.Scalars.softplus({0}, {a0}, {a1})"),
        /** Attributes: the lower and upper bound; evaluated in double, as {@link Tensor#clamp}. */
        CLAMP(1, false, "{0} < {a0} ? {a0} : {0} > {a1} ? {a1} : {0}"),
        /** The operand converted to the result type. */
        CAST(1, true, "{0}"),
        /** No operands; attribute: the value, rounded to the result type. */
        CONSTANT(0, false, "{a0}"),
        ADD(2, true, "{0} + {1}"),
        SUB(2, true, "{0} - {1}"),
        MUL(2, true, "{0} * {1}"),
        DIV(2, true, "{0} / {1}"),
        POW(2, false, "Math.pow({0}, {1})"),
        MAXIMUM(2, true, "Math.max({0}, {1})"),
        MINIMUM(2, true, "Math.min({0}, {1})"),
        EQ(2, true, "{0} == {1} ? {one} : {zero}"),
        NE(2, true, "{0} != {1} ? {one} : {zero}"),
        LT(2, true, "{0} < {1} ? {one} : {zero}"),
        LE(2, true, "{0} <= {1} ? {one} : {zero}"),
        GT(2, true, "{0} > {1} ? {one} : {zero}"),
        GE(2, true, "{0} >= {1} ? {one} : {zero}"),
        /** a + α·b for operands (a, b, α), as {@link Tensor#add(Tensor, double)} for a and b of the result's type. */
        ADD_SCALED(3, true, "{0} + {2} * {1}"),
        /** cond ≠ 0 ? a : b for operands (cond, a, b); the condition keeps its own type. */
        WHERE(3, true, "{0} != 0 ? {1} : {2}");

        final int arity;
        /** True if computed in the result type; false if in double and rounded once (transcendentals). */
        final boolean inType;
        /** The Java expression: {n} an operand, {a0}/{a1} the attributes, {zero}/{one} literals of the type. */
        final String template;

        Fn(int arity, boolean inType, String template) {
            this.arity = arity;
            this.inType = inType;
            this.template = template;
        }

        int attributes() {
            return this == SOFTPLUS || this == CLAMP ? 2 : this == CONSTANT ? 1 : 0;
        }
    }

    /** The loop a kernel's source compiles to; implemented by generated code only. */
    public interface Loop {
        /**
         * Runs the elements {@code [from, to)}, or the rows {@code [from, to)} of {@code inner} elements
         * each when the kernel reads rows or columns; {@code in} and {@code out} hold the storage arrays,
         * {@code tiles} the scratch arrays of a tiled loop.
         */
        void run(Object[] in, Object[] out, Object[] tiles, int inner, int from, int to);
    }

    /** One operation: {@code fn} in {@code type} on earlier values. */
    record Operation(Fn fn, DType type, double[] attributes, int[] args) {
    }

    private final Shape loop;
    private final Shape[] inputShapes;
    private final DType[] inputTypes;
    private final int[] outputs;
    private final DType[] outputTypes;
    /** Where the loop's dimensions split into outer and inner ones; 0 when every input is full or one element. */
    private final int split;
    private final String source;
    private final Loop compiled;
    /** The types of a tiled loop's scratch arrays (none for a loop element by element). */
    private final DType[] tileTypes;
    /** This kernel's scratch arrays, made on first use and reused; in use by a run when {@link #busy}. */
    private Object[] tiles;
    private final AtomicBoolean busy = new AtomicBoolean();

    private Pointwise(Builder b) {
        loop = b.loop;
        inputShapes = b.shapes.toArray(new Shape[0]);
        inputTypes = b.inputTypes.toArray(new DType[0]);
        outputs = b.outputs.stream().mapToInt(Integer::intValue).toArray();
        outputTypes = new DType[outputs.length];
        for (int k = 0; k < outputs.length; k++) {
            outputTypes[k] = b.type(outputs[k]);
        }
        split = Access.split(loop, inputShapes);
        if (split < 0) {
            throw new IllegalArgumentException("pointwise: inputs " + List.of(inputShapes) + " are not read by one"
                    + " split of the loop " + loop + " into rows and columns");
        }
        Access[] access = new Access[inputShapes.length];
        for (int k = 0; k < access.length; k++) {
            access[k] = Access.of(loop, inputShapes[k], split);
        }
        boolean tiled = loop.size() >= TILED;
        tileTypes = tiled ? PointwiseSource.tiles(inputTypes, access, b.operations) : new DType[0];
        source = PointwiseSource.of(inputTypes, access, b.operations, outputs, outputTypes, split > 0, tiled);
        compiled = KernelCache.loop(source);
    }

    /** A builder of a kernel whose loop runs over {@code loop}. */
    public static Builder builder(Shape loop) {
        return new Builder(Arguments.notNull(loop, "pointwise", "loop"));
    }

    /** Whether one kernel over {@code loop} can read all of {@code inputs} (see the class comment). */
    public static boolean fits(Shape loop, Shape... inputs) {
        Arguments.notNull(loop, "pointwise", "loop");
        Arguments.noNulls(inputs, "pointwise", "inputs");
        for (Shape s : inputs) {
            if (!s.broadcastsTo(loop)) {
                return false;
            }
        }
        return Access.split(loop, inputs) >= 0;
    }

    /** The most operations a kernel over {@code loop} holds. */
    public static int maxOperations(Shape loop) {
        return Arguments.notNull(loop, "pointwise", "loop").size() >= TILED ? MAX_TILED_OPERATIONS : MAX_OPERATIONS;
    }

    /** The generated Java source of the loop's body, as compiled. */
    public String source() {
        return source;
    }

    /** The loop's shape. */
    public Shape shape() {
        return loop;
    }

    /** Runs the kernel on {@code inputs} and returns its outputs in new storage; see {@link #run(Tensor[], Buffer[])}. */
    public Tensor[] run(Tensor[] inputs) {
        Arguments.noNulls(inputs, "pointwise", "inputs");
        Buffer[] outputs = new Buffer[this.outputs.length];
        for (int k = 0; k < outputs.length; k++) {
            outputs[k] = Buffer.of(loop, outputTypes[k]);
        }
        return run(inputs, outputs);
    }

    /**
     * Runs the kernel on {@code inputs} (in the order they were declared, of the declared shapes and
     * types), writing output k into {@code outputs[k]} (of the loop's shape and the output's type), and
     * returns the outputs' views. An output buffer may be an input's storage: every element is read
     * before it is written.
     */
    public Tensor[] run(Tensor[] inputs, Buffer[] outputs) {
        Arguments.noNulls(inputs, "pointwise", "inputs");
        Arguments.noNulls(outputs, "pointwise", "outputs");
        Object[] in = storages(inputs);
        Tensor[] result = new Tensor[outputs.length];
        Object[] out = new Object[outputs.length];
        for (int k = 0; k < out.length; k++) {
            Buffer b = Buffer.orNew(outputs[k], loop, outputTypes[k], "pointwise");
            out[k] = b.storage();
            result[k] = b.view();
        }
        execute(in, out);
        return result;
    }

    /**
     * This kernel bound to {@code outputs} (as {@link #run(Tensor[], Buffer[])} takes them), for a runtime
     * that runs it many times into the same buffers: they are checked once, here, rather than at every run.
     */
    public Bound bind(Buffer... outputs) {
        Arguments.noNulls(outputs, "pointwise", "outputs");
        count(inputShapes.length, outputs.length);
        Object[] out = new Object[outputs.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = Buffer.orNew(outputs[k], loop, outputTypes[k], "pointwise").storage();
        }
        return new Bound(out);
    }

    /**
     * A kernel bound to its output buffers ({@link #bind}): each run writes them, and their views then hold
     * the outputs. One thread runs it at a time.
     */
    public final class Bound {
        private final Object[] out;

        private Bound(Object[] out) {
            this.out = out;
        }

        /** Runs the kernel on {@code inputs} into the bound buffers, as {@link Pointwise#run(Tensor[], Buffer[])}. */
        public void run(Tensor... inputs) {
            execute(storages(inputs), out);
        }
    }

    /** The storage arrays of {@code inputs}, each checked to be of its declared shape and type. */
    private Object[] storages(Tensor[] inputs) {
        Arguments.noNulls(inputs, "pointwise", "inputs");
        count(inputs.length, this.outputs.length);
        Object[] in = new Object[inputs.length];
        for (int k = 0; k < in.length; k++) {
            if (inputs[k].dtype() != inputTypes[k] || !inputs[k].shape.equals(inputShapes[k])) {
                throw new IllegalArgumentException("pointwise: input " + k + " is " + inputs[k].shape + " "
                        + inputs[k].dtype() + ", the kernel reads " + inputShapes[k] + " " + inputTypes[k]);
            }
            in[k] = inputs[k].storage();
        }
        return in;
    }

    private void count(int inputs, int outputs) {
        if (inputs != inputShapes.length || outputs != this.outputs.length) {
            throw new IllegalArgumentException("pointwise: the kernel takes " + inputShapes.length + " inputs and "
                    + this.outputs.length + " outputs, got " + inputs + " and " + outputs);
        }
    }

    /** The loop over every element, on this core or split across cores. */
    private void execute(Object[] in, Object[] out) {
        int n = loop.size();
        if (n == 0) {
            return;
        }
        int rows = split == 0 ? n : loop.sizeBetween(0, split);
        int inner = split == 0 ? n : n / rows;
        if (!Parallel.splits(n)) {
            // Most loops: small enough to keep to this core, on this kernel's scratch arrays unless another
            // thread runs it at the same time.
            boolean mine = busy.compareAndSet(false, true);
            try {
                if (mine && tiles == null) {
                    tiles = newTiles();
                }
                compiled.run(in, out, mine ? tiles : newTiles(), inner, 0, rows);
            } finally {
                if (mine) {
                    busy.set(false);
                }
            }
        } else if (split == 0) {
            Parallel.elements(n, (from, to) -> compiled.run(in, out, newTiles(), n, from, to));
        } else {
            Parallel.run(Math.min(rows, Parallel.parts(n, Parallel.MIN_ELEMENTS)), rows,
                    (from, to) -> compiled.run(in, out, newTiles(), inner, from, to));
        }
    }

    /** New scratch arrays for a tiled loop. */
    private Object[] newTiles() {
        Object[] t = new Object[tileTypes.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = tileTypes[i] == DType.F32 ? new float[PointwiseSource.TILE] : new double[PointwiseSource.TILE];
        }
        return t;
    }

    /**
     * Declares a kernel's inputs, its operations in order and its outputs. Values are numbered as
     * declared, inputs and operations alike; an operation uses earlier values only.
     */
    public static final class Builder {
        private final Shape loop;
        private final List<Shape> shapes = new ArrayList<>();
        private final List<DType> inputTypes = new ArrayList<>();
        private final List<Operation> operations = new ArrayList<>();
        private final List<Integer> outputs = new ArrayList<>();

        private Builder(Shape loop) {
            this.loop = loop;
        }

        /** A new input of {@code shape}, which broadcasts to the loop's shape, holding {@code type} values. */
        public int input(Shape shape, DType type) {
            Arguments.notNull(shape, "pointwise", "shape");
            Arguments.notNull(type, "pointwise", "type");
            if (!operations.isEmpty()) {
                throw new IllegalArgumentException("pointwise: inputs are declared before the operations");
            }
            if (!shape.broadcastsTo(loop)) {
                throw new IllegalArgumentException("pointwise: input " + shape + " does not broadcast to the loop "
                        + loop);
            }
            shapes.add(shape);
            inputTypes.add(type);
            return shapes.size() - 1;
        }

        /** The value of {@code fn} applied to earlier values {@code args}, computed in {@code type}. */
        public int apply(Fn fn, DType type, int... args) {
            return apply(fn, type, new double[0], args);
        }

        /** {@link #apply(Fn, DType, int...)} for a function with attributes (bounds, β, a constant). */
        public int apply(Fn fn, DType type, double[] attributes, int... args) {
            Arguments.notNull(fn, "pointwise", "fn");
            Arguments.notNull(type, "pointwise", "type");
            Arguments.notNull(attributes, "pointwise", "attributes");
            Arguments.notNull(args, "pointwise", "args");
            if (args.length != fn.arity || attributes.length != fn.attributes()) {
                throw new IllegalArgumentException("pointwise: " + fn + " takes " + fn.arity + " operands and "
                        + fn.attributes() + " attributes, got " + args.length + " and " + attributes.length);
            }
            int next = shapes.size() + operations.size();
            for (int a : args) {
                if (a < 0 || a >= next) {
                    throw new IllegalArgumentException("pointwise: " + fn + " uses value " + a + ", but only values"
                            + " 0 to " + (next - 1) + " exist");
                }
            }
            if (fn == Fn.CONSTANT) {
                // One local per constant of a kernel, however often its formulas use it.
                for (int i = 0; i < operations.size(); i++) {
                    Operation op = operations.get(i);
                    if (op.fn() == Fn.CONSTANT && op.type() == type
                            && Double.compare(op.attributes()[0], attributes[0]) == 0) {
                        return shapes.size() + i;
                    }
                }
            }
            if (operations.size() == maxOperations(loop)) {
                throw new IllegalArgumentException("pointwise: a kernel over " + loop + " holds at most "
                        + maxOperations(loop) + " operations");
            }
            operations.add(new Operation(fn, type, attributes.clone(), args.clone()));
            return next;
        }

        /** Writes value {@code v} to the next output, in its own type. */
        public void output(int v) {
            if (v < 0 || v >= shapes.size() + operations.size()) {
                throw new IllegalArgumentException("pointwise: no value " + v + " to output");
            }
            outputs.add(v);
        }

        /** The number of operations declared so far. */
        public int operations() {
            return operations.size();
        }

        /** The kernel, compiled (or found compiled for the same structure). */
        public Pointwise build() {
            if (outputs.isEmpty()) {
                throw new IllegalArgumentException("pointwise: a kernel needs at least one output");
            }
            return new Pointwise(this);
        }

        DType type(int v) {
            return v < shapes.size() ? inputTypes.get(v) : operations.get(v - shapes.size()).type();
        }
    }
}
