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
 * A loop while a condition holds, JAX's {@code lax.while_loop}:
 * {@code c = init; while (cond(c, wc) ≠ 0) c = body(c, wb); results = c}, with {@code wc} and {@code wb}
 * the values each function captured. Not reverse-differentiable, as in JAX: the number of steps is known
 * only when it runs, so nothing of the steps is saved to go back through; the VJP refuses with a sentence
 * when a gradient would flow through the loop (a loop with a fixed number of steps is a scan). The JVP goes
 * through it, a loop over the carries and their tangents.
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
        while (cond.run(true, c)[0].item() != 0) {
            System.arraycopy(c, 0, b, 0, k);
            System.arraycopy(body.run(true, b), 0, c, 0, k);
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
            d.add(Patterns.zeroLike(x));
        }
        return d;
    }

    /**
     * tangent: a while loop over (c, ċ) with the same condition on c,
     * {@code while (cond(c, wc) ≠ 0) (c, ċ) = jvp(body)(c, ċ, wb, ẇb)}, JAX's JVP of {@code while_loop}: the
     * condition, piecewise constant, moves nothing, so the tangent is that of the steps taken. A carry has a
     * tangent once anything that reaches it has one (a fixed point); the loop computes c again beside ċ.
     */
    public Node jvp(Node out, List<Node> t) {
        int k = carries;
        int wc = cond.inputs().size() - k;
        int wb = body.inputs().size() - k;
        List<Node> in = out.inputs();
        boolean[] start = new boolean[k + wb];
        for (int i = 0; i < k + wb; i++) {
            start[i] = !t.get(i < k ? i : i + wc).isZero();
        }
        boolean[] moving = Body.fixedPoint(start, k, f -> Body.moving(body.jvp(name(), f).outputs()));
        Body.Jvp j = body.jvp(name(), moving);
        List<Integer> tangentCarries = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            if (moving[c]) {
                tangentCarries.add(c);
            }
        }
        if (tangentCarries.isEmpty()) {
            return Node.zeros(out.shape(), out.dtype());
        }
        List<Node> condArgs = new ArrayList<>(cond.inputs().subList(0, k));
        List<Node> bodyArgs = new ArrayList<>(body.inputs().subList(0, k));
        List<Node> next = new ArrayList<>(body.outputs());
        List<Node> inits = new ArrayList<>(in.subList(0, k));
        List<Shape> s = new ArrayList<>(shapes);
        List<DType> d = new ArrayList<>(types);
        for (int c : tangentCarries) {
            condArgs.add(Body.standIn(name() + " unused tangent " + c, cond.inputs().get(c)));
            bodyArgs.add(j.tangents().get(c));
            next.add(Body.materialized(j.outputs().get(c), in.get(c)));
            inits.add(Body.materialized(t.get(c), in.get(c)));
            s.add(shapes.get(c));
            d.add(types.get(c));
        }
        condArgs.addAll(cond.inputs().subList(k, k + wc));
        bodyArgs.addAll(body.inputs().subList(k, k + wb));
        List<Node> bodyIn = new ArrayList<>(in.subList(k + wc, in.size()));
        for (int i = k; i < k + wb; i++) {
            if (moving[i]) {
                bodyArgs.add(j.tangents().get(i));
                bodyIn.add(t.get(i + wc));
            }
        }
        Body.Closure c = Body.close(condArgs, cond.outputs(), Map.of());
        Body.Closure b = Body.close(bodyArgs, next, Map.of());
        List<Node> r = Results.picks(call(c, b, inits, in.subList(k, k + wc), bodyIn, s, d));
        return Results.tangent(this, tangentCarries, r.subList(k, r.size()));
    }

    /**
     * The batch. A carry is batched once anything that reaches it is (a fixed point). While the condition does
     * not depend on the batch, the loop is the same loop over batched carries. Where it does, JAX's rule: every
     * carry is batched, the loop runs while any example's condition holds, and an example whose condition
     * fails keeps its carries, {@code c = where(cond(c), body(c), c)}, so each ends as it would alone.
     */
    public Node batch(Node out, List<Node> in, boolean[] batched) {
        int size = Batching.size(in, batched);
        int k = carries;
        int wc = cond.inputs().size() - k;
        int wb = body.inputs().size() - k;
        boolean[] fb = new boolean[k + wb];
        for (int i = 0; i < k + wb; i++) {
            fb[i] = batched[i < k ? i : i + wc];
        }
        fb = Body.fixedPoint(fb, k, f -> body.batched(f, size, new boolean[k]).batched());
        boolean[] fc = new boolean[k + wc];
        System.arraycopy(fb, 0, fc, 0, k);
        System.arraycopy(batched, k, fc, k, wc);
        boolean perExample = cond.batched(fc, size, new boolean[1]).batched()[0];
        for (int i = 0; i < k && perExample; i++) {
            fb[i] = true;
            fc[i] = true;
        }
        Body.Batched bc = cond.batched(fc, size, new boolean[1]);
        Body.Batched bb = body.batched(fb, size, Arrays.copyOf(fb, k));
        List<Node> inits = new ArrayList<>();
        List<Shape> s = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            inits.add(fb[c] ? Batching.lift(in.get(c), batched[c], size) : in.get(c));
            s.add(fb[c] ? Batching.shape(size, shapes.get(c)) : shapes.get(c));
        }
        List<Node> wcIn = in.subList(k, k + wc);
        List<Node> wbIn = in.subList(k + wc, in.size());
        if (!perExample) {
            Node loop = Node.apply(new WhileLoopOp(bc.body(), bb.body(), k, s, types), concat(inits, wcIn, wbIn));
            return Results.batched(loop, Arrays.copyOf(fb, k), size);
        }
        List<Node> carry = bc.body().inputs().subList(0, k);
        Node running = bc.body().outputs().get(0).reshape(size);
        Map<Node, Node> same = new IdentityHashMap<>();
        for (int c = 0; c < k; c++) {
            same.put(bb.body().inputs().get(c), carry.get(c));
        }
        List<Node> stepped = Body.substitute(bb.body().outputs(), same);
        List<Node> kept = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            kept.add(Node.where(Batching.align(running, true, shapes.get(c).rank()), stepped.get(c), carry.get(c)));
        }
        List<Node> bodyArgs = new ArrayList<>(bc.body().inputs());
        bodyArgs.addAll(bb.body().inputs().subList(k, k + wb));
        Body.Closure any = Body.close(bc.body().inputs(), List.of(running.ne(Node.scalar(0)).max()), Map.of());
        Body.Closure step = Body.close(bodyArgs, kept, Map.of());
        List<Node> bodyIn = new ArrayList<>(wcIn);
        bodyIn.addAll(wbIn);
        return call(any, step, inits, wcIn, bodyIn, s, types);
    }

    /** The loop of {@code cond} and {@code body} from {@code inits}, each closure given its values and its captures. */
    private static Node call(Body.Closure cond, Body.Closure body, List<Node> inits, List<Node> condIn,
            List<Node> bodyIn, List<Shape> shapes, List<DType> types) {
        List<Node> in = new ArrayList<>(inits);
        in.addAll(condIn);
        in.addAll(cond.captured());
        in.addAll(bodyIn);
        in.addAll(body.captured());
        WhileLoopOp op = new WhileLoopOp(cond.body(), body.body(), inits.size(), List.copyOf(shapes),
                List.copyOf(types));
        return Node.apply(op, in.toArray(new Node[0]));
    }

    private static Node[] concat(List<Node> a, List<Node> b, List<Node> c) {
        List<Node> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all.toArray(new Node[0]);
    }
}
