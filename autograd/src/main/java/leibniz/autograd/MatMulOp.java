package leibniz.autograd;

import java.util.List;
import leibniz.core.Buffer;
import leibniz.core.Kernels;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * out = op(a) · op(b), with NumPy's matmul rules, where {@code op} swaps the last two axes when its
 * flag is set. Bilinear, so each gradient is a product with the other operand:
 * <pre>
 * da = g · op(b)ᵀ   (or its transpose when transposeA)
 * db = op(a)ᵀ · g   (or its transpose when transposeB)
 * </pre>
 * The transposes are flags on the products, never materialized. A vector operand is treated as a
 * one-row (a) or one-column (b) matrix and its gradient reshaped back; batch dimensions that were
 * broadcast are summed back by the engine.
 */
record MatMulOp(boolean transposeA, boolean transposeB) implements Planned {
    public String name() {
        return "matmul";
    }

    public Shape shape(Shape... in) {
        return Shape.matmul(in[0], in[1], transposeA, transposeB);
    }

    public Tensor forward(Tensor... in) {
        return in[0].matmul(in[1], transposeA, transposeB);
    }

    public Tensor forward(Buffer out, Tensor... in) {
        return Kernels.matmul(in[0], in[1], transposeA, transposeB, out);
    }

    public List<Node> vjp(Node out, Node g) {
        Node a = out.input(0);
        Node b = out.input(1);
        boolean vecA = a.rank() == 1;
        boolean vecB = b.rank() == 1;
        Node a2 = vecA ? a.unsqueeze(0) : a;
        Node b2 = vecB ? b.unsqueeze(1) : b;
        Node g2 = g;
        if (vecA) {
            g2 = g2.unsqueeze(vecB ? 0 : -2);
        }
        if (vecB) {
            g2 = g2.unsqueeze(-1);
        }
        Node da = transposeA ? b2.matmul(g2, transposeB, true) : g2.matmul(b2, false, !transposeB);
        Node db = transposeB ? g2.matmul(a2, true, transposeA) : a2.matmul(g2, !transposeA, false);
        if (vecA) {
            da = da.sumTo(a2.shape()).reshape(a.shape());
        }
        if (vecB) {
            db = db.sumTo(b2.shape()).reshape(b.shape());
        }
        return List.of(da, db);
    }
}
