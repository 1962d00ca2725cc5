package leibniz.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * A checkpointed call, JAX's {@code jax.checkpoint} and PyTorch's {@code torch.utils.checkpoint}:
 * {@code results = body(operands, captured)}, where none of the body's intermediate values is kept for the
 * gradient. The VJP is a checkpointed call of the body's VJP, which recomputes them from the operands:
 * {@code d(operands, captured) = vjp(body)(operands, captured, g)}; the JVP likewise a checkpointed call of
 * the body's JVP.
 */
record CheckpointOp(Body body, List<Shape> shapes, List<DType> types) implements Results.Multi {
    static CheckpointOp of(Body body) {
        List<Shape> shapes = new ArrayList<>();
        List<DType> types = new ArrayList<>();
        for (Node y : body.outputs()) {
            shapes.add(y.shape());
            types.add(y.dtype());
        }
        return new CheckpointOp(body, List.copyOf(shapes), List.copyOf(types));
    }

    /** The results of {@code f} at {@code inputs}, as one checkpointed call traced from f. */
    static List<Node> call(java.util.function.Function<List<Node>, List<Node>> f, List<Node> inputs) {
        List<Node> args = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            args.add(Body.standIn("checkpoint input " + i, inputs.get(i)));
        }
        Body.Closure c = Body.trace("checkpoint", args, f);
        if (c.body().outputs().isEmpty()) {
            throw new IllegalArgumentException("checkpoint: the function returns no result");
        }
        List<Node> in = new ArrayList<>(inputs);
        in.addAll(c.captured());
        return Results.picks(Node.apply(CheckpointOp.of(c.body()), in.toArray(new Node[0])));
    }

    @Override
    public Map<String, Body> bodies() {
        return Map.of("body", body);
    }

    @Override
    public int dynamicAxis(int i) {
        return body.outputs().get(i).dynamicAxis();
    }

    public String name() {
        return "checkpoint";
    }

    public Tensor[] evaluate(Tensor... in) {
        return body.run(false, in);
    }

    @Override
    public boolean plansBodies() {
        return false;
    }

    public List<Node> vjp(Node out, List<Node> g) {
        List<Node> in = out.inputs();
        boolean[] withCotangent = new boolean[g.size()];
        List<Node> args = new ArrayList<>(body.inputs());
        List<Node> operands = new ArrayList<>(in);
        for (int k = 0; k < g.size(); k++) {
            withCotangent[k] = !g.get(k).isZero();
        }
        Body.Vjp v = body.vjp(name(), withCotangent);
        for (int k = 0; k < g.size(); k++) {
            if (withCotangent[k]) {
                args.add(v.cotangents().get(k));
                operands.add(g.get(k));
            }
        }
        List<Node> live = new ArrayList<>();
        for (Node d : v.grads()) {
            if (!d.isZero()) {
                live.add(d);
            }
        }
        List<Node> dIn = new ArrayList<>(in.size());
        List<Node> d = List.of();
        if (!live.isEmpty()) {
            Body.Closure c = Body.close(args, live, Map.of());
            operands.addAll(c.captured());
            d = Results.picks(Node.apply(CheckpointOp.of(c.body()), operands.toArray(new Node[0])));
        }
        int at = 0;
        for (int i = 0; i < in.size(); i++) {
            Node x = in.get(i);
            dIn.add(v.grads().get(i).isZero() ? Patterns.zeroLike(x) : d.get(at++));
        }
        return dIn;
    }

    /**
     * tangent: a checkpointed call of the body's JVP, {@code jvp(body)(operands, captured, ȯ, ẇ)}. Rather than
     * the JVP inline: it costs the same, since the checkpoint kept none of the body's values and either form
     * computes them again, and it keeps the checkpoint's promise when a reverse pass runs over the tangents
     * (forward over reverse, differentiated again): the body's values are recomputed there, not kept.
     */
    public Node jvp(Node out, List<Node> t) {
        List<Node> in = out.inputs();
        boolean[] moving = Body.moving(t);
        Body.Jvp j = body.jvp(name(), moving);
        List<Node> args = new ArrayList<>(body.inputs());
        List<Node> operands = new ArrayList<>(in);
        for (int i = 0; i < in.size(); i++) {
            if (moving[i]) {
                args.add(j.tangents().get(i));
                operands.add(t.get(i));
            }
        }
        List<Integer> live = new ArrayList<>();
        List<Node> outs = new ArrayList<>();
        for (int r = 0; r < shapes.size(); r++) {
            if (!j.outputs().get(r).isZero()) {
                live.add(r);
                outs.add(j.outputs().get(r));
            }
        }
        if (live.isEmpty()) {
            return Node.zeros(out.shape(), out.dtype());
        }
        Body.Closure c = Body.close(args, outs, Map.of());
        operands.addAll(c.captured());
        List<Node> d = Results.picks(Node.apply(CheckpointOp.of(c.body()), operands.toArray(new Node[0])));
        return Results.tangent(this, live, d);
    }

    /** The batch: a checkpointed call of the batched body ({@link Body#batched}), whose values are again not kept. */
    public Node batch(Node out, List<Node> in, boolean[] batched) {
        int size = Batching.size(in, batched);
        Body.Batched b = body.batched(batched, size, new boolean[shapes.size()]);
        return Results.batched(Node.apply(CheckpointOp.of(b.body()), in.toArray(new Node[0])), b.batched(), size);
    }
}
