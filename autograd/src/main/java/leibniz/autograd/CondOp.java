package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
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
        return (taken ? onTrue : onFalse).run(false, args);
    }

    @Override
    public boolean plansBodies() {
        return false;
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
                outTrue.add(Body.materialized(dTrue.get(i), dTrue.get(i)));
                outFalse.add(Body.materialized(dFalse.get(i), dFalse.get(i)));
            }
        }
        List<Node> dIn = new ArrayList<>(in.size());
        dIn.add(Patterns.zeroLike(in.get(0)));
        if (live.isEmpty()) {
            for (int i = 1; i < in.size(); i++) {
                dIn.add(Patterns.zeroLike(in.get(i)));
            }
            return dIn;
        }
        List<Node> extras = new ArrayList<>();
        List<Node> extraTrue = new ArrayList<>();
        List<Node> extraFalse = new ArrayList<>();
        for (int k = 0; k < g.size(); k++) {
            if (withCotangent[k]) {
                extras.add(g.get(k));
                extraTrue.add(t.cotangents().get(k));
                extraFalse.add(f.cotangents().get(k));
            }
        }
        List<Node> d = call(out, extras, extraTrue, extraFalse, outTrue, outFalse);
        for (int i = 0; i < m + wt + wf; i++) {
            int at = live.indexOf(i);
            Node x = in.get(1 + i);
            dIn.add(at >= 0 ? d.get(at) : Patterns.zeroLike(x));
        }
        return dIn;
    }

    /**
     * tangent: a conditional on the same predicate of the two branches' JVPs,
     * {@code pred ≠ 0 ? jvp(onTrue)(operands, wt, ȯ, ẇt) : jvp(onFalse)(operands, wf, ȯ, ẇf)}; the predicate,
     * piecewise constant, moves nothing. Only the branch taken runs, computing its values again beside the
     * tangents.
     */
    public Node jvp(Node out, List<Node> t) {
        List<Node> in = out.inputs();
        int m = operands;
        int wt = onTrue.inputs().size() - m;
        boolean[] moving = new boolean[in.size()];
        for (int i = 1; i < in.size(); i++) {
            moving[i] = !t.get(i).isZero();
        }
        // Tangent stand-ins of each branch's inputs: the operands, then its own captures.
        boolean[] movingTrue = Arrays.copyOfRange(moving, 1, 1 + m + wt);
        boolean[] movingFalse = new boolean[onFalse.inputs().size()];
        System.arraycopy(moving, 1, movingFalse, 0, m);
        System.arraycopy(moving, 1 + m + wt, movingFalse, m, movingFalse.length - m);
        Body.Jvp jt = onTrue.jvp(name() + " true", movingTrue);
        Body.Jvp jf = onFalse.jvp(name() + " false", movingFalse);
        List<Node> extras = new ArrayList<>();
        List<Node> extraTrue = new ArrayList<>();
        List<Node> extraFalse = new ArrayList<>();
        for (int i = 1; i < in.size(); i++) {
            if (moving[i]) {
                extras.add(t.get(i));
                extraTrue.add(i <= m + wt ? jt.tangents().get(i - 1) : null);
                extraFalse.add(i <= m || i > m + wt ? jf.tangents().get(i <= m ? i - 1 : i - 1 - wt) : null);
            }
        }
        List<Integer> live = new ArrayList<>();
        List<Node> outTrue = new ArrayList<>();
        List<Node> outFalse = new ArrayList<>();
        for (int r = 0; r < shapes.size(); r++) {
            Node a = jt.outputs().get(r);
            Node b = jf.outputs().get(r);
            if (!a.isZero() || !b.isZero()) {
                live.add(r);
                outTrue.add(Body.materialized(a, a));
                outFalse.add(Body.materialized(b, b));
            }
        }
        if (live.isEmpty()) {
            return Node.zeros(out.shape(), out.dtype());
        }
        List<Node> d = call(out, extras, extraTrue, extraFalse, outTrue, outFalse);
        return Results.tangent(this, live, d);
    }

    /**
     * The batch. A predicate shared by the examples keeps a conditional, of the batched branches. A batched
     * predicate (JAX's rule) evaluates both branches on the whole batch and selects each example's results,
     * {@code where(pred_b, onTrue_b, onFalse_b)}: both branches run, and a branch not taken by an example must
     * be finite there for the gradient of the selection to be.
     */
    public Node batch(Node out, List<Node> in, boolean[] batched) {
        int size = Batching.size(in, batched);
        int m = operands;
        int wt = onTrue.inputs().size() - m;
        boolean[] ft = Arrays.copyOfRange(batched, 1, 1 + m + wt);
        boolean[] ff = new boolean[onFalse.inputs().size()];
        System.arraycopy(batched, 1, ff, 0, m);
        System.arraycopy(batched, 1 + m + wt, ff, m, ff.length - m);
        if (!batched[0]) {
            int n = shapes.size();
            boolean[] lift = new boolean[n];
            boolean[] a = onTrue.batched(ft, size, lift).batched();
            boolean[] b = onFalse.batched(ff, size, lift).batched();
            for (int r = 0; r < n; r++) {
                lift[r] = a[r] || b[r];
            }
            Body t = onTrue.batched(ft, size, lift).body();
            Body f = onFalse.batched(ff, size, lift).body();
            return Results.batched(Node.apply(CondOp.of(t, f, m), in.toArray(new Node[0])), lift, size);
        }
        List<Node> yt = inline(onTrue, in.subList(1, 1 + m + wt), ft, size);
        List<Node> yf = inline(onFalse, branchInputs(in, wt), ff, size);
        Node pred = in.get(0);
        List<Node> selected = new ArrayList<>();
        for (int r = 0; r < yt.size(); r++) {
            int rank = shapes.get(r).rank();
            Node p = Batching.align(pred.reshape(size), true, rank);
            selected.add(Node.where(p, yt.get(r), yf.get(r)));
        }
        return Results.Tuple.of(selected);
    }

    /** The false branch's inputs among the cond's: the operands, then its own captures. */
    private List<Node> branchInputs(List<Node> in, int wt) {
        List<Node> out = new ArrayList<>(in.subList(1, 1 + operands));
        out.addAll(in.subList(1 + operands + wt, in.size()));
        return out;
    }

    /** The results of {@code branch} at {@code values}, built into the outer graph and batched, batch axis first. */
    private static List<Node> inline(Body branch, List<Node> values, boolean[] batched, int size) {
        Map<Node, Node> shared = new IdentityHashMap<>();
        Map<Node, Node> perExample = new IdentityHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            (batched[i] ? perExample : shared).put(branch.inputs().get(i), values.get(i));
        }
        Batching.Result r = Batching.of(Body.substitute(branch.outputs(), shared), perExample, size);
        List<Node> out = new ArrayList<>();
        for (int k = 0; k < r.outputs().size(); k++) {
            out.add(Batching.lift(r.outputs().get(k), r.batched()[k], size));
        }
        return out;
    }

    /**
     * A conditional on this one's predicate whose branches both take (operands, wt, wf, extras): each branch
     * reads its own inputs, a stand-in for each capture of the other, then the stand-ins {@code extraTrue} or
     * {@code extraFalse} for the {@code extras} (null: one it ignores), and returns {@code outTrue} or
     * {@code outFalse}.
     */
    private List<Node> call(Node out, List<Node> extras, List<Node> extraTrue, List<Node> extraFalse,
            List<Node> outTrue, List<Node> outFalse) {
        List<Node> in = out.inputs();
        int m = operands;
        int wt = onTrue.inputs().size() - m;
        int wf = onFalse.inputs().size() - m;
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
        for (int k = 0; k < extras.size(); k++) {
            Node e = extras.get(k);
            Node unused = Body.standIn(name() + " unused extra " + k, e);
            argsTrue.add(extraTrue.get(k) != null ? extraTrue.get(k) : unused);
            argsFalse.add(extraFalse.get(k) != null ? extraFalse.get(k) : unused);
            operandsOut.add(e);
        }
        Body.Closure ct = Body.close(argsTrue, outTrue, Map.of());
        Body.Closure cf = Body.close(argsFalse, outFalse, Map.of());
        List<Node> back = new ArrayList<>();
        back.add(in.get(0));
        back.addAll(operandsOut);
        back.addAll(ct.captured());
        back.addAll(cf.captured());
        CondOp op = CondOp.of(ct.body(), cf.body(), operandsOut.size());
        return Results.picks(Node.apply(op, back.toArray(new Node[0])));
    }
}
