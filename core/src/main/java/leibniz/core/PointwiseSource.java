package leibniz.core;

import java.util.List;
import leibniz.core.Pointwise.Access;
import leibniz.core.Pointwise.Fn;
import leibniz.core.Pointwise.Operation;

/**
 * The Java source of a {@link Pointwise} kernel's loop: the body of {@link Pointwise.Loop#run}, one local
 * per value, the same text for F32 and F64 from each function's one template. Inputs read once per
 * element are loaded before anything is stored, so an output may overwrite an input in place.
 * <pre>
 * final double[] in0 = (double[]) in[0];
 * final double[] out0 = (double[]) out[0];
 * final double v1 = ((double[]) in[1])[0];
 * for (int o = from; o &lt; to; o++) {
 *     final double v0 = in0[o];
 *     final double v2 = Math.tanh(v0 * v1);
 *     out0[o] = v2;
 * }
 * </pre>
 */
final class PointwiseSource {
    private PointwiseSource() {
    }

    /** The loop body; rows and columns are read in a loop over rows of {@code inner} elements when {@code rows}. */
    static String of(DType[] inputTypes, Access[] access, List<Operation> operations, int[] outputs,
            DType[] outputTypes, boolean rows) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < inputTypes.length; k++) {
            if (access[k] != Access.SCALAR) {
                s.append("final ").append(array(inputTypes[k])).append(" in").append(k).append(" = (")
                        .append(array(inputTypes[k])).append(") in[").append(k).append("];\n");
            }
        }
        for (int k = 0; k < outputs.length; k++) {
            s.append("final ").append(array(outputTypes[k])).append(" out").append(k).append(" = (")
                    .append(array(outputTypes[k])).append(") out[").append(k).append("];\n");
        }
        for (int k = 0; k < inputTypes.length; k++) {
            if (access[k] == Access.SCALAR) {
                s.append("final ").append(scalar(inputTypes[k])).append(" v").append(k).append(" = ((")
                        .append(array(inputTypes[k])).append(") in[").append(k).append("])[0];\n");
            }
        }
        String indent = "    ";
        if (rows) {
            s.append("for (int r = from; r < to; r++) {\n");
            loads(s, inputTypes, access, Access.COLUMN, "r", indent);
            s.append(indent).append("for (int j = 0, o = r * inner; j < inner; j++, o++) {\n");
            indent = "        ";
        } else {
            s.append("for (int o = from; o < to; o++) {\n");
        }
        loads(s, inputTypes, access, Access.FULL, "o", indent);
        loads(s, inputTypes, access, Access.ROW, "j", indent);
        DType[] types = new DType[inputTypes.length + operations.size()];
        System.arraycopy(inputTypes, 0, types, 0, inputTypes.length);
        for (int i = 0; i < operations.size(); i++) {
            Operation op = operations.get(i);
            int v = inputTypes.length + i;
            types[v] = op.type();
            s.append(indent).append("final ").append(scalar(op.type())).append(" v").append(v).append(" = ")
                    .append(expression(op, types)).append(";\n");
        }
        for (int k = 0; k < outputs.length; k++) {
            s.append(indent).append("out").append(k).append("[o] = ")
                    .append(converted(outputs[k], types[outputs[k]], outputTypes[k])).append(";\n");
        }
        if (rows) {
            s.append("    }\n");
        }
        return s.append("}\n").toString();
    }

    private static void loads(StringBuilder s, DType[] types, Access[] access, Access which, String index,
            String indent) {
        for (int k = 0; k < types.length; k++) {
            if (access[k] == which) {
                s.append(indent).append("final ").append(scalar(types[k])).append(" v").append(k).append(" = in")
                        .append(k).append('[').append(index).append("];\n");
            }
        }
    }

    /** The operation's template filled in: operands converted to its type, literals of its type. */
    static String expression(Operation op, DType[] types) {
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
            e = e.replace("{" + a + "}", converted(args[a], types[args[a]], own ? types[args[a]] : t));
        }
        return f32 && !op.fn().inType ? "(float) (" + e + ")" : e;
    }

    /** Value {@code v} of type {@code from} as a {@code to}: rounded to float, or widened exactly. */
    private static String converted(int v, DType from, DType to) {
        if (from == to) {
            return "v" + v;
        }
        return (to == DType.F32 ? "(float) v" : "(double) v") + v;
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
