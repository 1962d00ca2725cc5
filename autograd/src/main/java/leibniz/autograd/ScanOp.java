package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import leibniz.core.Buffer;
import leibniz.core.DType;
import leibniz.core.Kernels;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * A loop over a sequence, JAX's {@code lax.scan}: with carries {@code c} (initial values first among the
 * inputs), sequences {@code xs} (sliced along their axes) and captured values {@code w},
 * <pre>
 * for t = 0 .. L−1 (L−1 .. 0 if reverse):   (c, y_t) = body(c, xs[t], w)
 * results = (c, ys stacked along their axes)
 * </pre>
 * The VJP is a scan in the other direction whose body is the body's VJP: carries the gradient of c and the
 * running sums of the gradients of w; its outputs are the gradients of xs[t]. The values that the body's
 * VJP reads from the forward pass (the residuals: carries, activations) are saved by a twin of this scan
 * that also stacks them along axis 0; a {@link Program} that holds both evaluates only the twin, so a
 * training step runs the forward loop once. A body that is itself checkpointed leaves only the carries to
 * save and recomputes the rest. The JVP is a scan of the body's JVP, again a twin ({@link ScanTwins}); the
 * batch, a scan of the batched body.
 */
record ScanOp(Body body, int carries, List<Integer> xsAxes, List<Integer> ysAxes, int length, boolean dynamic,
        boolean reverse, List<Shape> shapes, List<DType> types) implements Results.Multi {

    /**
     * The scan of {@code body} (inputs: carries, one step of each sequence, captured; outputs: carries, one
     * step of each output) over sequences of {@code length} steps (ignored, 0, for a dynamic length).
     */
    static ScanOp of(Body body, int carries, List<Integer> xsAxes, List<Integer> ysAxes, int length, boolean dynamic,
            boolean reverse) {
        List<Shape> shapes = new ArrayList<>();
        List<DType> types = new ArrayList<>();
        for (int i = 0; i < carries; i++) {
            shapes.add(body.inputs().get(i).shape());
            types.add(body.inputs().get(i).dtype());
        }
        for (int j = 0; j < ysAxes.size(); j++) {
            Node y = body.outputs().get(carries + j);
            shapes.add(y.shape().inserting(ysAxes.get(j), dynamic ? 0 : length));
            types.add(y.dtype());
        }
        return new ScanOp(body, carries, List.copyOf(xsAxes), List.copyOf(ysAxes), length, dynamic, reverse,
                List.copyOf(shapes), List.copyOf(types));
    }

    @Override
    public Map<String, Body> bodies() {
        return Map.of("body", body);
    }

    public String name() {
        return reverse ? "scan reverse" : "scan";
    }

    @Override
    public int dynamicAxis(int i) {
        return dynamic && i >= carries ? ysAxes.get(i - carries) : -1;
    }

    public Tensor[] evaluate(Body.Calls calls, Tensor... in) {
        int k = carries;
        int m = xsAxes.size();
        int steps = m == 0 ? length : in[k].shape().dim(xsAxes.get(0));
        for (int i = 1; i < m; i++) {
            int n = in[k + i].shape().dim(xsAxes.get(i));
            if (n != steps) {
                throw new IllegalArgumentException(name() + ": sequence " + i + " " + in[k + i].shape() + " has " + n
                        + " steps along axis " + xsAxes.get(i) + ", sequence 0 " + in[k].shape() + " has " + steps);
            }
        }
        Tensor[] args = in.clone();
        // Each step's y_t goes straight into its place in the stacked output, allocated once: holding every
        // step and then stacking a copy would hold the stacked outputs twice (Memory counts them once).
        Buffer[] ys = new Buffer[ysAxes.size()];
        for (int j = 0; j < ys.length; j++) {
            Shape y = body.outputs().get(k + j).shape();
            ys[j] = Buffer.of(y.inserting(ysAxes.get(j), steps), types.get(k + j));
        }
        // The steps of the sequences and the body's results live in buffers reused from step to step: what a
        // step makes is consumed (stacked, or read by the next step as carries) before its buffer is taken again.
        StepBuffers reused = stepBuffers(in);
        Buffer[] into = new Buffer[body.outputs().size()];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            for (int i = 0; i < m; i++) {
                Buffer step = reused.free(i, Arrays.copyOf(args, k));
                args[k + i] = Kernels.select(in[k + i], xsAxes.get(i), t, step);
            }
            for (int j = 0; j < into.length; j++) {
                into[j] = reused.free(m + j, args);
            }
            Tensor[] out = body.run(calls, into, args);
            System.arraycopy(out, 0, args, 0, k);
            for (int j = 0; j < ys.length; j++) {
                Kernels.place(out[k + j], ysAxes.get(j), t, ys[j]);
            }
        }
        Tensor[] results = new Tensor[k + ys.length];
        System.arraycopy(args, 0, results, 0, k);
        for (int j = 0; j < ys.length; j++) {
            results[k + j] = ys[j].view(); // no step writes it again: an immutable value from here on
        }
        return results;
    }

    /**
     * The buffers of one evaluation: one step of each sequence of {@code in}, then each of the body's results
     * (none for a result of dynamic shape, whose size a step gives).
     */
    private StepBuffers stepBuffers(Tensor[] in) {
        int m = xsAxes.size();
        List<Node> outs = body.outputs();
        Shape[] shapes = new Shape[m + outs.size()];
        DType[] dtypes = new DType[shapes.length];
        for (int i = 0; i < m; i++) {
            Tensor x = in[carries + i];
            shapes[i] = x.shape().without(xsAxes.get(i));
            dtypes[i] = x.dtype();
        }
        for (int j = 0; j < outs.size(); j++) {
            Node y = outs.get(j);
            shapes[m + j] = y.dynamicAxis() < 0 ? y.shape() : null;
            dtypes[m + j] = y.dtype();
        }
        return new StepBuffers(shapes, dtypes);
    }

    public List<Node> vjp(Node out, List<Node> g) {
        int k = carries;
        int m = xsAxes.size();
        int n = ysAxes.size();
        List<Node> in = out.inputs();
        int p = in.size() - k - m;
        // Every carry gets a cotangent (its gradient flows from step to step); an output only if one arrives.
        boolean[] withCotangent = new boolean[k + n];
        boolean any = false;
        for (int i = 0; i < k + n; i++) {
            withCotangent[i] = i < k || !g.get(i).isZero();
            any |= !g.get(i).isZero();
        }
        List<Node> dIn = new ArrayList<>(in.size());
        if (!any) {
            for (Node x : in) {
                dIn.add(Patterns.zeroLike(x));
            }
            return dIn;
        }
        Body.Vjp v = body.vjp(name(), withCotangent);
        List<Node> args = body.inputs();
        List<Node> grads = v.grads();
        Residuals saved = Residuals.of(body, k, m, grads);

        // The reverse body: carries (cotangents of c, sums of the gradients of w), then one step of the
        // output cotangents, the residuals and the sequences it reads.
        List<Node> revArgs = new ArrayList<>(v.cotangents().subList(0, k));
        List<Node> revOut = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            Node d = grads.get(i);
            revOut.add(Body.materialized(d, d));
        }
        List<Integer> sums = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            Node d = grads.get(k + m + j);
            if (!d.isZero()) {
                Node sum = Body.standIn(name() + " gradient sum " + j, args.get(k + m + j));
                revArgs.add(sum);
                revOut.add(sum.add(d));
                sums.add(j);
            }
        }
        List<Integer> dxs = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            if (!grads.get(k + i).isZero()) {
                revOut.add(grads.get(k + i));
                dxs.add(i);
            }
        }
        List<Node> revXs = new ArrayList<>();
        List<Integer> revXsAxes = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            if (withCotangent[k + j]) {
                revArgs.add(v.cotangents().get(k + j));
                revXs.add(g.get(k + j));
                revXsAxes.add(ysAxes.get(j));
            }
        }
        revOut = Body.substitute(revOut, saved.standIns());
        if (!saved.nodes().isEmpty()) {
            Node twin = Node.apply(extended(saved.nodes()), in.toArray(new Node[0]));
            List<Node> picks = Results.picks(twin);
            revArgs.addAll(saved.standIns().values());
            revXs.addAll(picks.subList(k + n, picks.size()));
            for (int r = 0; r < saved.nodes().size(); r++) {
                revXsAxes.add(0);
            }
        }
        Set<Node> read = identitySet(Topo.order(revOut, false));
        for (int i = 0; i < m; i++) {
            // A dynamic length is read from a sequence, so the reverse loop keeps one even if its body does not.
            if (read.contains(args.get(k + i)) || (dynamic && revXs.isEmpty())) {
                revArgs.add(args.get(k + i));
                revXs.add(in.get(k + i));
                revXsAxes.add(xsAxes.get(i));
            }
        }
        Map<Node, Node> outer = new IdentityHashMap<>();
        for (int j = 0; j < p; j++) {
            outer.put(args.get(k + m + j), in.get(k + m + j));
        }
        Body.Closure rev = Body.close(revArgs, revOut, outer);
        List<Integer> revYsAxes = new ArrayList<>();
        for (int i : dxs) {
            revYsAxes.add(xsAxes.get(i));
        }
        List<Node> revIn = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            Node c = in.get(i);
            revIn.add(Body.materialized(g.get(i), c));
        }
        for (int j : sums) {
            Node w = in.get(k + m + j);
            revIn.add(Node.constant(Tensor.zeros(w.shape(), w.dtype())));
        }
        revIn.addAll(revXs);
        revIn.addAll(rev.captured());
        ScanOp back = ScanOp.of(rev.body(), k + sums.size(), revXsAxes, revYsAxes, length, dynamic, !reverse);
        List<Node> d = Results.picks(Node.apply(back, revIn.toArray(new Node[0])));
        for (int i = 0; i < k; i++) {
            dIn.add(d.get(i));
        }
        for (int i = 0; i < m; i++) {
            int at = dxs.indexOf(i);
            Node x = in.get(k + i);
            dIn.add(at >= 0 ? d.get(k + sums.size() + at) : Patterns.zeroLike(x));
        }
        for (int j = 0; j < p; j++) {
            int at = sums.indexOf(j);
            Node w = in.get(k + m + j);
            dIn.add(at >= 0 ? d.get(k + at) : Patterns.zeroLike(w));
        }
        return dIn;
    }

    /**
     * tangent: the scan of the body's JVP, {@code (c, ċ, y_t, ẏ_t) = jvp(body)(c, ċ, xs[t], ẋs[t], w, ẇ)} from
     * the initial carries and their tangents; a carry has a tangent once anything that reaches it has one (a
     * fixed point), starting from zeros. As JAX's JVP of scan, the loop computes the primal values again beside
     * the tangents, which read them.
     */
    public Node jvp(Node out, List<Node> t) {
        int k = carries;
        int m = xsAxes.size();
        int n = ysAxes.size();
        List<Node> in = out.inputs();
        boolean[] moving = Body.fixedPoint(Body.moving(t), k, f -> Body.moving(body.jvp(name(), f).outputs()));
        Body.Jvp j = body.jvp(name(), moving);
        List<Node> args = body.inputs();
        List<Node> bodyIn = new ArrayList<>();
        List<Node> outerIn = new ArrayList<>();
        List<Integer> axes = new ArrayList<>(xsAxes);
        // Each group (carries, sequences, captured) followed by the tangents of its moving members.
        int[] groups = {0, k, k + m, in.size()};
        for (int g = 0; g < 3; g++) {
            bodyIn.addAll(args.subList(groups[g], groups[g + 1]));
            outerIn.addAll(in.subList(groups[g], groups[g + 1]));
            for (int i = groups[g]; i < groups[g + 1]; i++) {
                if (moving[i]) {
                    bodyIn.add(j.tangents().get(i));
                    outerIn.add(g == 0 ? Body.materialized(t.get(i), in.get(i)) : t.get(i));
                    if (g == 1) {
                        axes.add(xsAxes.get(i - k));
                    }
                }
            }
        }
        List<Node> outs = new ArrayList<>(body.outputs().subList(0, k));
        List<Integer> tangentCarries = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            if (moving[c]) {
                outs.add(Body.materialized(j.outputs().get(c), args.get(c)));
                tangentCarries.add(c);
            }
        }
        outs.addAll(body.outputs().subList(k, k + n));
        List<Integer> ys = new ArrayList<>(ysAxes);
        List<Integer> tangentYs = new ArrayList<>();
        for (int y = 0; y < n; y++) {
            if (!j.outputs().get(k + y).isZero()) {
                outs.add(j.outputs().get(k + y));
                ys.add(ysAxes.get(y));
                tangentYs.add(y);
            }
        }
        if (tangentCarries.isEmpty() && tangentYs.isEmpty()) {
            return Node.zeros(out.shape(), out.dtype());
        }
        Body.Closure c = Body.close(bodyIn, outs, Map.of());
        outerIn.addAll(c.captured());
        int kt = tangentCarries.size();
        ScanOp op = ScanOp.of(c.body(), k + kt, axes, ys, length, dynamic, reverse);
        List<Node> r = Results.picks(Node.apply(op, outerIn.toArray(new Node[0])));
        List<Integer> at = new ArrayList<>(tangentCarries);
        tangentYs.forEach(y -> at.add(k + y));
        List<Node> values = new ArrayList<>(r.subList(k, k + kt));
        values.addAll(r.subList(k + kt + n, r.size()));
        return Results.tangent(this, at, values);
    }

    /**
     * The batch: one scan of the batched body ({@link Body#batched}), whose batched carries, steps and outputs
     * hold the batch axis first, so a sequence batched along axis a + 1 is sliced there and a batched output is
     * stacked there. A carry is batched once anything that reaches it is (a fixed point), its initial value
     * then repeated over the batch if shared; what no example changes (shared sequences, weights) stays shared.
     */
    public Node batch(Node out, List<Node> in, boolean[] batched) {
        int size = Batching.size(in, batched);
        int k = carries;
        int all = body.outputs().size();
        boolean[] flags = Body.fixedPoint(batched, k, f -> body.batched(f, size, new boolean[all]).batched());
        boolean[] lift = new boolean[all];
        System.arraycopy(flags, 0, lift, 0, k);
        Body.Batched b = body.batched(flags, size, lift);
        Node[] args = in.toArray(new Node[0]);
        for (int c = 0; c < k; c++) {
            args[c] = flags[c] ? Batching.lift(in.get(c), batched[c], size) : in.get(c);
        }
        List<Integer> xs = new ArrayList<>();
        for (int i = 0; i < xsAxes.size(); i++) {
            xs.add(xsAxes.get(i) + (flags[k + i] ? 1 : 0));
        }
        List<Integer> ys = new ArrayList<>();
        for (int j = 0; j < ysAxes.size(); j++) {
            ys.add(ysAxes.get(j) + (b.batched()[k + j] ? 1 : 0));
        }
        Node scan = Node.apply(ScanOp.of(b.body(), k, xs, ys, length, dynamic, reverse), args);
        return Results.batched(scan, java.util.Arrays.copyOf(b.batched(), k + ysAxes.size()), size);
    }

    /** This scan with the residual nodes of its body as more outputs, stacked along axis 0. */
    private ScanOp extended(List<Node> residuals) {
        List<Integer> axes = new ArrayList<>(ysAxes);
        for (int r = 0; r < residuals.size(); r++) {
            axes.add(0);
        }
        return ScanOp.of(body.extended(residuals), carries, xsAxes, axes, length, dynamic, reverse);
    }

    /**
     * The values of the body that its VJP reads and that change from step to step: forward nodes built from
     * the carries or the sequences' steps (a step itself is read from the sequence instead), each with the
     * stand-in that replaces it in the reverse body.
     */
    record Residuals(List<Node> nodes, Map<Node, Node> standIns) {
        static Residuals of(Body body, int carries, int xs, List<Node> grads) {
            List<Node> forwardOrder = Topo.order(body.outputs(), false);
            Set<Node> forward = identitySet(forwardOrder);
            Set<Node> varying = identitySet(body.inputs().subList(0, carries + xs));
            for (Node f : forwardOrder) {
                for (Node x : f.inputs()) {
                    if (varying.contains(x)) {
                        varying.add(f);
                    }
                }
            }
            Set<Node> steps = identitySet(body.inputs().subList(carries, carries + xs));
            List<Node> live = new ArrayList<>();
            for (Node d : grads) {
                if (!d.isZero()) {
                    live.add(d);
                }
            }
            Map<Node, Node> standIns = new LinkedHashMap<>();
            for (Node r : Topo.order(live, x -> !forward.contains(x))) {
                if (forward.contains(r) && varying.contains(r) && !steps.contains(r)) {
                    standIns.put(r, Body.standIn("scan residual " + standIns.size(), r));
                }
            }
            return new Residuals(List.copyOf(standIns.keySet()), Collections.unmodifiableMap(standIns));
        }
    }

    private static Set<Node> identitySet(List<Node> nodes) {
        Set<Node> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(nodes);
        return set;
    }
}
