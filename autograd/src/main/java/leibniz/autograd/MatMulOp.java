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
 * broadcast are summed back by the engine. The tangent is {@code op(ȧ)·op(b) + op(a)·op(ḃ)}.
 *
 * <p>A batch of products is one product where it can be: a batch of a's against a shared b stacks the
 * rows (one tall matrix), a batch of vectors b against a shared matrix a is {@code B · op(a)ᵀ}; otherwise the
 * batch becomes the leading batch dimension of a batched product, vectors written as one-row or one-column
 * matrices and the example's batch dimensions aligned behind it.
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

    public Node jvp(Node out, List<Node> t) {
        Node a = out.input(0);
        Node b = out.input(1);
        Node da = t.get(0).isZero() ? null : Node.apply(this, t.get(0), b);
        Node db = t.get(1).isZero() ? null : Node.apply(this, a, t.get(1));
        return da == null ? db : db == null ? da : da.add(db);
    }

    public Node batch(Node out, List<Node> in, boolean[] batched) {
        Node a = in.get(0);
        Node b = in.get(1);
        int ra = out.input(0).rank();
        int rb = out.input(1).rank();
        int size = Batching.size(in, batched);
        Shape want = Batching.shape(size, out.shape());
        if (!batched[1] && rb <= 2) {
            return Node.apply(this, a, b); // the batch is more rows of a (or more batch dimensions before them)
        }
        if (!batched[0] && rb == 1 && ra <= 2) {
            // op(a)·bᵢ for every i is B·op(a)ᵀ, and a·bᵢ for a vector a is B·a
            return ra == 1 ? b.matmul(a) : b.matmul(a, false, !transposeA);
        }
        if (!batched[0] && ra == 1) {
            return Node.apply(this, a, b); // a vector a broadcasts over every batch dimension of the matrices b
        }
        Node a2 = ra == 1 ? a.unsqueeze(batched[0] ? 1 : 0) : a;
        Node b2 = rb == 1 ? b.unsqueeze(-1) : b;
        int rank = Math.max(Math.max(ra, rb), 2);
        Node product = Node.apply(this, Batching.align(a2, batched[0], rank), Batching.align(b2, batched[1], rank));
        return product.reshape(want);
    }
}
