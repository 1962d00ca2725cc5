package leibniz.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import leibniz.core.DType;
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
 * save and recomputes the rest.
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

    public Tensor[] evaluate(Tensor... in) {
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
        Tensor[][] ys = new Tensor[ysAxes.size()][steps];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            for (int i = 0; i < m; i++) {
                Tensor x = in[k + i];
                int axis = xsAxes.get(i);
                args[k + i] = x.slice(axis, t, t + 1).reshape(x.shape().without(axis));
            }
            Tensor[] out = body.run(args);
            System.arraycopy(out, 0, args, 0, k);
            for (int j = 0; j < ys.length; j++) {
                ys[j][t] = out[k + j];
            }
        }
        Tensor[] results = new Tensor[k + ys.length];
        System.arraycopy(args, 0, results, 0, k);
        for (int j = 0; j < ys.length; j++) {
            results[k + j] = Tensor.stack(ysAxes.get(j), ys[j]);
        }
        return results;
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
                dIn.add(Node.zeros(x.shape(), x.dtype()));
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
            revOut.add(d.isZero() ? Node.constant(Tensor.zeros(d.shape(), d.dtype())) : d);
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
            revIn.add(g.get(i).isZero() ? Node.constant(Tensor.zeros(c.shape(), c.dtype())) : g.get(i));
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
            dIn.add(at >= 0 ? d.get(k + sums.size() + at) : Node.zeros(x.shape(), x.dtype()));
        }
        for (int j = 0; j < p; j++) {
            int at = sums.indexOf(j);
            Node w = in.get(k + m + j);
            dIn.add(at >= 0 ? d.get(k + at) : Node.zeros(w.shape(), w.dtype()));
        }
        return dIn;
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

    /**
     * {@code roots} with every scan whose twin (the same scan saving residuals for its gradient) is also in
     * the graph read from that twin instead, so the loop runs once; {@code roots} itself if there is none.
     */
    static List<Node> mergeTwins(List<Node> order, List<Node> roots) {
        List<Node> scans = new ArrayList<>();
        Map<Node, Integer> consumers = new IdentityHashMap<>();
        Map<Node, Integer> picks = new IdentityHashMap<>();
        for (Node x : order) {
            if (x.op() instanceof ScanOp) {
                scans.add(x);
            }
            for (Node i : x.inputs()) {
                consumers.merge(i, 1, Integer::sum);
                if (x.op() instanceof Results.Pick) {
                    picks.merge(i, 1, Integer::sum);
                }
            }
        }
        Map<Node, Node> replace = new IdentityHashMap<>();
        for (Node a : scans) {
            Node best = null;
            for (Node b : scans) {
                if (((ScanOp) a.op()).twinOf((ScanOp) b.op()) && a.inputs().equals(b.inputs())
                        && (best == null || ((ScanOp) b.op()).body.repeats(((ScanOp) best.op()).body))) {
                    best = b;
                }
            }
            boolean onlyPicked = consumers.getOrDefault(a, 0).equals(picks.getOrDefault(a, 0)) && !roots.contains(a);
            if (best != null && onlyPicked) {
                replace.put(a, best);
            }
        }
        return replace.isEmpty() ? roots : Body.substitute(roots, replace);
    }

    /** True if {@code b} is this scan with more outputs: the same loop, also saving residuals. */
    private boolean twinOf(ScanOp b) {
        return b.body.repeats(body) && b.carries == carries && b.xsAxes.equals(xsAxes) && b.length == length
                && b.dynamic == dynamic && b.reverse == reverse && b.ysAxes.subList(0, ysAxes.size()).equals(ysAxes);
    }

    private static Set<Node> identitySet(List<Node> nodes) {
        Set<Node> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(nodes);
        return set;
    }
}
