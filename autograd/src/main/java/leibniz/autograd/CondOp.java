package leibniz.autograd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * A conditional, JAX's {@code lax.cond}: with inputs {@code (pred, operands, wt, wf)},
 * {@code results = pred ≠ 0 ? onTrue(operands, wt) : onFalse(operands, wf)}, where {@code wt} and
 * {@code wf} are the values each branch captured. Only the branch taken runs. The VJP is a conditional on
 * the same predicate of the two branches' VJPs, so the gradient flows through the branch taken (and
 * recomputes its intermediate values); the predicate gets none.
 */
record CondOp(Body onTrue, Body onFalse, int operands, List<Shape> shapes, List<DType> types)
        implements Results.Multi {
    static CondOp of(Body onTrue, Body onFalse, int operands) {
        List<Shape> shapes = new ArrayList<>();
        List<DType> types = new ArrayList<>();
        for (Node y : onTrue.outputs()) {
            shapes.add(y.shape());
            types.add(y.dtype());
        }
        return new CondOp(onTrue, onFalse, operands, List.copyOf(shapes), List.copyOf(types));
    }

    @Override
    public Map<String, Body> bodies() {
        Map<String, Body> b = new LinkedHashMap<>();
        b.put("true", onTrue);
        b.put("false", onFalse);
        return b;
    }

    @Override
    public int dynamicAxis(int i) {
        return onTrue.outputs().get(i).dynamicAxis();
    }

    public String name() {
        return "cond";
    }

    public Tensor[] evaluate(Tensor... in) {
        int wt = onTrue.inputs().size() - operands;
        int wf = onFalse.inputs().size() - operands;
        boolean taken = in[0].item() != 0;
        Tensor[] args = new Tensor[operands + (taken ? wt : wf)];
        System.arraycopy(in, 1, args, 0, operands);
        System.arraycopy(in, 1 + operands + (taken ? 0 : wt), args, operands, taken ? wt : wf);
        return (taken ? onTrue : onFalse).run(args);
    }

    public List<Node> vjp(Node out, List<Node> g) {
        List<Node> in = out.inputs();
        int m = operands;
        int wt = onTrue.inputs().size() - m;
        int wf = onFalse.inputs().size() - m;
        boolean[] withCotangent = new boolean[g.size()];
        for (int k = 0; k < g.size(); k++) {
            withCotangent[k] = !g.get(k).isZero();
        }
        Body.Vjp t = onTrue.vjp(name() + " true", withCotangent);
        Body.Vjp f = onFalse.vjp(name() + " false", withCotangent);
        // Gradients of (operands, wt, wf), lined up for both branches: a branch gives zeros for the other's captures.
        List<Node> dTrue = new ArrayList<>(t.grads().subList(0, m + wt));
        List<Node> dFalse = new ArrayList<>(f.grads().subList(0, m));
        for (int j = 0; j < wt; j++) {
            dFalse.add(Node.zeros(in.get(1 + m + j).shape(), in.get(1 + m + j).dtype()));
        }
        for (int j = 0; j < wf; j++) {
            dTrue.add(Node.zeros(in.get(1 + m + wt + j).shape(), in.get(1 + m + wt + j).dtype()));
        }
        dFalse.addAll(f.grads().subList(m, m + wf));
        List<Integer> live = new ArrayList<>();
        List<Node> outTrue = new ArrayList<>();
        List<Node> outFalse = new ArrayList<>();
        for (int i = 0; i < dTrue.size(); i++) {
            if (!dTrue.get(i).isZero() || !dFalse.get(i).isZero()) {
                live.add(i);
                outTrue.add(materialized(dTrue.get(i)));
                outFalse.add(materialized(dFalse.get(i)));
            }
        }
        List<Node> dIn = new ArrayList<>(in.size());
        dIn.add(Node.zeros(in.get(0).shape(), in.get(0).dtype()));
        if (live.isEmpty()) {
            for (int i = 1; i < in.size(); i++) {
                dIn.add(Node.zeros(in.get(i).shape(), in.get(i).dtype()));
            }
            return dIn;
        }
        // Both branches of the gradient take (operands, wt, wf, cotangents); each ignores what it does not read.
        List<Node> argsTrue = new ArrayList<>(onTrue.inputs());
        List<Node> argsFalse = new ArrayList<>(onFalse.inputs().subList(0, m));
        for (int j = 0; j < wt; j++) {
            argsFalse.add(Body.standIn(name() + " unused " + j, onTrue.inputs().get(m + j)));
        }
        for (int j = 0; j < wf; j++) {
            argsTrue.add(Body.standIn(name() + " unused " + (wt + j), onFalse.inputs().get(m + j)));
        }
        argsFalse.addAll(onFalse.inputs().subList(m, m + wf));
        List<Node> operandsOut = new ArrayList<>(in.subList(1, 1 + m + wt + wf));
        for (int k = 0; k < g.size(); k++) {
            if (withCotangent[k]) {
                argsTrue.add(t.cotangents().get(k));
                argsFalse.add(f.cotangents().get(k));
                operandsOut.add(g.get(k));
            }
        }
        Body.Closure ct = Body.close(argsTrue, outTrue, Map.of());
        Body.Closure cf = Body.close(argsFalse, outFalse, Map.of());
        List<Node> back = new ArrayList<>();
        back.add(in.get(0));
        back.addAll(operandsOut);
        back.addAll(ct.captured());
        back.addAll(cf.captured());
        CondOp op = CondOp.of(ct.body(), cf.body(), operandsOut.size());
        List<Node> d = Results.picks(Node.apply(op, back.toArray(new Node[0])));
        for (int i = 0; i < m + wt + wf; i++) {
            int at = live.indexOf(i);
            Node x = in.get(1 + i);
            dIn.add(at >= 0 ? d.get(at) : Node.zeros(x.shape(), x.dtype()));
        }
        return dIn;
    }

    /** A gradient as a value a branch can return: the symbolic zero becomes a constant of zeros. */
    private static Node materialized(Node d) {
        return d.isZero() ? Node.constant(Tensor.zeros(d.shape(), d.dtype())) : d;
    }
}
