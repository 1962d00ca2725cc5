package leibniz.core;

import java.util.ArrayList;
import java.util.List;
import leibniz.core.Pointwise.Fn;
import leibniz.core.Pointwise.Operation;

/**
 * The Java source of a {@link Pointwise} kernel's loop: the body of {@link Pointwise.Loop#run}, F32 and
 * F64 from each function's one template. Two shapes of loop, the same arithmetic in the same order for
 * every element:
 * <ul>
 * <li>element by element, one local per value, for small loops (a chain on a scalar is latency-bound
 *     whatever the order, and this one has no overhead per operation):
 * <pre>
 * for (int o = from; o &lt; to; o++) {
 *     final double v0 = in0[o];
 *     final double v2 = leibniz.core.Scalars.tanh(v0 * v1);
 *     out0[o] = v2;
 * }
 * </pre></li>
 * <li>tiled, one operation at a time over a tile of up to {@link #TILE} elements held in small arrays, for
 * larger loops: consecutive elements are independent, so the processor overlaps them (a chain of
 * {@code tanh} runs at the function's throughput rather than its latency) and the JIT can vectorize:
 * <pre>
 * final double[] t0 = (double[]) tiles[0];
 * final double[] t2 = (double[]) tiles[1];
 * for (int b = from, e = to; b &lt; e; b += 64) {
 *     final int n = Math.min(64, e - b);
 *     System.arraycopy(in0, b, t0, 0, n);
 *     for (int j = 0; j &lt; n; j++) t2[j] = leibniz.core.Scalars.tanh(t0[j] * v1);
 *     System.arraycopy(t2, 0, out0, b, n);
 * }
 * </pre></li>
 * </ul>
 * Inputs are read before anything of a tile (or element) is stored, so an output may overwrite an input
 * in place.
 */
final class PointwiseSource {
    /** The elements a tiled loop computes one operation at a time: small enough for the level-1 cache. */
    static final int TILE = 64;

    /**
     * The types of the tiles a tiled loop uses: one per input read element by element (full or row),
     * copied in at the start of a tile, then one per operation that is not a constant. Every loop over a
     * tile then reads and writes index {@code j} only, which lets the JIT prove its arrays independent and
     * vectorize it.
     */
    static DType[] tiles(DType[] inputTypes, Access[] access, List<Operation> operations) {
        List<DType> t = new ArrayList<>();
        for (int k = 0; k < access.length; k++) {
            if (access[k] == Access.FULL || access[k] == Access.ROW) {
                t.add(inputTypes[k]);
            }
        }
        operations.stream().filter(op -> op.fn() != Fn.CONSTANT).forEach(op -> t.add(op.type()));
        return t.toArray(new DType[0]);
    }

    private final DType[] types;
    private final Access[] access;
    private final int inputs;
    /** For each value, whether it is a constant (a local in either shape of loop). */
    private final boolean[] constant;
    private final boolean tiled;
    private final StringBuilder s = new StringBuilder();

    private PointwiseSource(DType[] types, Access[] access, List<Operation> operations, boolean tiled) {
        this.types = types;
        constant = new boolean[types.length];
        for (int i = 0; i < operations.size(); i++) {
            constant[access.length + i] = operations.get(i).fn() == Fn.CONSTANT;
        }
        this.access = access;
        this.inputs = access.length;
        this.tiled = tiled;
    }

    /**
     * The loop body; rows and columns are read in a loop over rows of {@code inner} elements when
     * {@code rows}; one operation at a time over tiles when {@code tiled}.
     */
    static String of(DType[] inputTypes, Access[] access, List<Operation> operations, int[] outputs,
            DType[] outputTypes, boolean rows, boolean tiled) {
        DType[] types = new DType[inputTypes.length + operations.size()];
        System.arraycopy(inputTypes, 0, types, 0, inputTypes.length);
        for (int i = 0; i < operations.size(); i++) {
            types[inputTypes.length + i] = operations.get(i).type();
        }
        PointwiseSource g = new PointwiseSource(types, access, operations, tiled);
        g.declarations(operations, outputs);
        String indent = "    ";
        if (rows) {
            g.s.append("for (int r = from; r < to; r++) {\n");
            g.loads(Access.COLUMN, "r", indent);
            g.s.append(indent).append(tiled ? "for (int b = r * inner, e = b + inner; b < e; b += " + TILE + ") {\n"
                    : "for (int j = 0, o = r * inner; j < inner; j++, o++) {\n");
            indent = "        ";
        } else {
            g.s.append(tiled ? "for (int b = from, e = to; b < e; b += " + TILE + ") {\n"
                    : "for (int o = from; o < to; o++) {\n");
        }
        if (tiled) {
            g.s.append(indent).append("final int n = Math.min(").append(TILE).append(", e - b);\n");
            for (int k = 0; k < access.length; k++) {
                if (access[k] == Access.FULL || access[k] == Access.ROW) {
                    g.s.append(indent).append("System.arraycopy(in").append(k)
                            .append(access[k] == Access.ROW ? ", b - r * inner, t" : ", b, t").append(k)
                            .append(", 0, n);\n");
                }
            }
        } else {
            g.loads(Access.FULL, "o", indent);
            g.loads(Access.ROW, "j", indent);
        }
        for (int i = 0; i < operations.size(); i++) {
            Operation op = operations.get(i);
            if (op.fn() != Fn.CONSTANT) {
                g.operation(inputTypes.length + i, op, indent);
            }
        }
        for (int k = 0; k < outputs.length; k++) {
            String value = g.operand(outputs[k]);
            if (tiled && value.endsWith("[j]")) {
                g.s.append(indent).append("System.arraycopy(").append(value, 0, value.length() - 3).append(", 0, out")
                        .append(k).append(", b, n);\n");
            } else {
                g.statement(indent, "out" + k + (tiled ? "[b + j]" : "[o]"), value);
            }
        }
        if (rows) {
            g.s.append("    }\n");
        }
        return g.s.append("}\n").toString();
    }

    /** The arrays of inputs and outputs, the inputs of one element and the constants, and the tiles. */
    private void declarations(List<Operation> operations, int[] outputs) {
        int tile = 0;
        for (int k = 0; tiled && k < inputs; k++) {
            if (access[k] == Access.FULL || access[k] == Access.ROW) {
                s.append("final ").append(array(types[k])).append(" t").append(k).append(" = (").append(array(types[k]))
                        .append(") tiles[").append(tile++).append("];\n");
            }
        }
        for (int k = 0; k < inputs; k++) {
            if (access[k] != Access.SCALAR) {
                s.append("final ").append(array(types[k])).append(" in").append(k).append(" = (")
                        .append(array(types[k])).append(") in[").append(k).append("];\n");
            }
        }
        for (int k = 0; k < outputs.length; k++) {
            DType t = types[outputs[k]];
            s.append("final ").append(array(t)).append(" out").append(k).append(" = (").append(array(t))
                    .append(") out[").append(k).append("];\n");
        }
        for (int k = 0; k < inputs; k++) {
            if (access[k] == Access.SCALAR) {
                s.append("final ").append(scalar(types[k])).append(" v").append(k).append(" = ((")
                        .append(array(types[k])).append(") in[").append(k).append("])[0];\n");
            }
        }
        for (int i = 0; i < operations.size(); i++) {
            Operation op = operations.get(i);
            int v = inputs + i;
            if (op.fn() == Fn.CONSTANT) {
                s.append("final ").append(scalar(op.type())).append(" v").append(v).append(" = ")
                        .append(expression(op, new String[0], types)).append(";\n");
            } else if (tiled) {
                s.append("final ").append(array(op.type())).append(" t").append(v).append(" = (")
                        .append(array(op.type())).append(") tiles[").append(tile++).append("];\n");
            }
        }
    }

    private void loads(Access which, String index, String indent) {
        for (int k = 0; k < inputs; k++) {
            if (access[k] == which) {
                s.append(indent).append("final ").append(scalar(types[k])).append(" v").append(k).append(" = in")
                        .append(k).append('[').append(index).append("];\n");
            }
        }
    }

    private void operation(int v, Operation op, String indent) {
        String[] args = new String[op.args().length];
        for (int a = 0; a < args.length; a++) {
            args[a] = operand(op.args()[a]);
        }
        String e = expression(op, args, types);
        if (tiled) {
            statement(indent, "t" + v + "[j]", e);
        } else {
            s.append(indent).append("final ").append(scalar(op.type())).append(" v").append(v).append(" = ").append(e)
                    .append(";\n");
        }
    }

    /** {@code target = e;}, in a loop over the tile when tiled. */
    private void statement(String indent, String target, String e) {
        s.append(indent);
        if (tiled) {
            s.append("for (int j = 0; j < n; j++) ");
        }
        s.append(target).append(" = ").append(e).append(";\n");
    }

    /** Value {@code v} as an operand: a local, or in a tiled loop an element of its input or tile. */
    private String operand(int v) {
        if (!tiled || constant[v] || v < inputs && (access[v] == Access.SCALAR || access[v] == Access.COLUMN)) {
            return "v" + v;
        }
        return "t" + v + "[j]";
    }

    /** The operation's template filled in: operands converted to its type, literals of its type. */
    static String expression(Operation op, String[] operands, DType[] types) {
        DType t = op.type();
        boolean f32 = t == DType.F32;
        String e = op.fn().template.replace("{zero}", f32 ? "0.0f" : "0.0").replace("{one}", f32 ? "1.0f" : "1.0");
        double[] attributes = op.attributes();
        for (int a = 0; a < attributes.length; a++) {
            e = e.replace("{a" + a + "}", literal(attributes[a]));
        }
        int[] args = op.args();
        for (int a = 0; a < args.length; a++) {
            // The condition of where only selects: it is compared with 0 in its own type.
            boolean own = op.fn() == Fn.WHERE && a == 0;
            e = e.replace("{" + a + "}", converted(operands[a], types[args[a]], own ? types[args[a]] : t));
        }
        return f32 && !op.fn().inType ? "(float) (" + e + ")" : e;
    }

    /** {@code operand} of type {@code from} as a {@code to}: rounded to float, or widened exactly. */
    private static String converted(String operand, DType from, DType to) {
        if (from == to) {
            return operand;
        }
        return (to == DType.F32 ? "(float) " : "(double) ") + operand;
    }

    /** A double literal that reads back as exactly {@code x}. */
    static String literal(double x) {
        if (Double.isNaN(x)) {
            return "Double.NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        String s = Double.toString(x);
        return x < 0 || (x == 0 && 1 / x < 0) ? "(" + s + ")" : s;
    }

    private static String array(DType t) {
        return t == DType.F32 ? "float[]" : "double[]";
    }

    private static String scalar(DType t) {
        return t == DType.F32 ? "float" : "double";
    }
}
