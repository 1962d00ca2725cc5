package leibniz.autograd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * A loop while a condition holds, JAX's {@code lax.while_loop}:
 * {@code c = init; while (cond(c, wc) ≠ 0) c = body(c, wb); results = c}, with {@code wc} and {@code wb}
 * the values each function captured. Not reverse-differentiable, as in JAX: the number of steps is known
 * only when it runs, so nothing of the steps is saved to go back through; the VJP refuses with a sentence
 * when a gradient would flow through the loop (a loop with a fixed number of steps is a scan).
 */
record WhileLoopOp(Body cond, Body body, int carries, List<Shape> shapes, List<DType> types)
        implements Results.Multi {
    @Override
    public Map<String, Body> bodies() {
        Map<String, Body> b = new LinkedHashMap<>();
        b.put("condition", cond);
        b.put("body", body);
        return b;
    }

    public String name() {
        return "whileLoop";
    }

    public Tensor[] evaluate(Tensor... in) {
        int k = carries;
        int wc = cond.inputs().size() - k;
        int wb = body.inputs().size() - k;
        Tensor[] c = new Tensor[k + wc];
        Tensor[] b = new Tensor[k + wb];
        System.arraycopy(in, 0, c, 0, k);
        System.arraycopy(in, k, c, k, wc);
        System.arraycopy(in, k + wc, b, k, wb);
        while (cond.run(c)[0].item() != 0) {
            System.arraycopy(c, 0, b, 0, k);
            System.arraycopy(body.run(b), 0, c, 0, k);
        }
        Tensor[] out = new Tensor[k];
        System.arraycopy(c, 0, out, 0, k);
        return out;
    }

    public List<Node> vjp(Node out, List<Node> g) {
        for (Node part : g) {
            if (!part.isZero()) {
                throw new IllegalArgumentException("whileLoop: is not reverse-differentiable, as its number of steps is"
                        + " known only when it runs; for a fixed number of steps use ControlFlow.scan, or detach()"
                        + " the loop's inputs to take no gradient through it");
            }
        }
        List<Node> d = new ArrayList<>();
        for (Node x : out.inputs()) {
            d.add(Node.zeros(x.shape(), x.dtype()));
        }
        return d;
    }
}
