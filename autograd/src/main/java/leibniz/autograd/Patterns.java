package leibniz.autograd;

import leibniz.core.DType;
import leibniz.core.Shape;

/** What the rewrite rules share: reading constants in patterns, and fitting a replacement to the node it replaces. */
final class Patterns {
    /** Constants larger than this are not scanned for a uniform value: a pattern constant is a number. */
    private static final int SCAN_LIMIT = 4096;

    private Patterns() {
    }

    /**
     * The value of every element of {@code n} if it is a constant (not the symbolic zero, which is not a
     * number but "no gradient") whose elements all have the same bits; otherwise null.
     */
    static Double uniform(Node n) {
        if (!(n.op() instanceof Leaves.Constant c) || c.value().size() == 0 || c.value().size() > SCAN_LIMIT) {
            return null;
        }
        double[] v = c.value().toArray();
        long bits = Double.doubleToLongBits(v[0]);
        for (int i = 1; i < v.length; i++) {
            if (Double.doubleToLongBits(v[i]) != bits) {
                return null;
            }
        }
        return v[0];
    }

    /** True if {@code n} is a constant whose every element equals {@code v} (as {@code ==}: 0 matches −0). */
    static boolean isConstant(Node n, double v) {
        Double u = uniform(n);
        return u != null && u == v;
    }

    /** True if {@code n} is a constant of +0 in every element (not −0). */
    static boolean isPositiveZero(Node n) {
        Double u = uniform(n);
        return u != null && Double.doubleToRawLongBits(u) == 0;
    }

    /** The value of a rank-0 constant, or null. */
    static Double scalar(Node n) {
        return n.rank() == 0 ? uniform(n) : null;
    }

    /**
     * {@code r} made to stand for {@code node}: converted to its type and broadcast to its shape. A pattern
     * such as {@code x·1 → x} loses the other operand's contribution to both: a {@code [3]} x times a
     * {@code [2, 3]} one is x broadcast to {@code [2, 3]}, an F32 x times an F64 matrix of ones is x in F64.
     * Both conversions are exact here, since the type is the one the original computed in.
     */
    static Node fit(Node r, Node node) {
        Node typed = r.dtype() == node.dtype() ? r : r.to(node.dtype());
        return typed.broadcastTo(node.shape());
    }

    /** The symbolic zero of {@code node}'s shape, type and dynamic axis. */
    static Node zeroLike(Node node) {
        return Node.zeros(node.shape(), node.dtype(), node.dynamicAxis());
    }

    /**
     * {@code v} as a scalar constant of the type that the scalar constants {@code a} and {@code b} combine
     * to, for a rule that multiplies or adds two constants into one.
     */
    static Node combined(double v, Node a, Node b) {
        return Node.scalar(v, DType.common(new DType[] {a.dtype(), b.dtype()}, new Shape[] {a.shape(), b.shape()}));
    }

    /** True if {@code v} is ±2^k for an integer k with {@code minExponent ≤ k ≤ maxExponent}. */
    static boolean powerOfTwo(double v, int minExponent, int maxExponent) {
        double a = Math.abs(v);
        if (!(a > 0) || Double.isInfinite(a) || a != Math.scalb(1.0, Math.getExponent(a))) {
            return false;
        }
        int k = Math.getExponent(a);
        return k >= minExponent && k <= maxExponent;
    }
}
