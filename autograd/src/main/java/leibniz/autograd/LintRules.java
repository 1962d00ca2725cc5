package leibniz.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import leibniz.autograd.Lint.Check;
import leibniz.autograd.Lint.Role;
import leibniz.autograd.Lint.Warning;
import leibniz.core.Tensor;

/** The checks of {@link Lint} on one loss graph: those of its structure, and those of its values on a batch. */
final class LintRules {
    /** A spread that changes by this factor or more between the first and the last layer is reported. */
    static final double SCALE_LIMIT = 100;
    /** A ReLU is reported when at least this share of its units is 0 for every example of the batch. */
    static final double DEAD_SHARE = 0.5;
    /** Below this many examples a unit at 0 for all of them says little. */
    static final int DEAD_MIN_BATCH = 8;

    private final List<Node> order;

    LintRules(Node loss) {
        order = Topo.order(List.of(loss), false);
    }

    /** The checks of the graph alone. */
    List<Warning> structure(List<Parameter> parameters) {
        List<Warning> out = new ArrayList<>();
        for (Node n : order) {
            if (n.op() instanceof Expectation e && e.role() == Role.LOGITS) {
                Node p = unwrapped(n.input(0));
                String kind = probabilityOp(p);
                if (kind != null) {
                    out.add(new Warning(Check.PROBABILITIES_AS_LOGITS, e.owner() + " takes logits, but it is given"
                            + " the output of a " + kind + ", " + Provenance.describe(p) + ": the loss applies its"
                            + " own " + kind + ", so it is applied twice and the gradients shrink",
                            "pass the scores from before the " + kind + " (apply the " + kind
                                    + " only to read probabilities)"));
                }
            }
            Warning trap = broadcastTrap(n);
            if (trap != null) {
                out.add(trap);
            }
        }
        out.addAll(unreached(parameters));
        return out;
    }

    /** True if {@code feeds} feeds every placeholder of the loss, so that its values can be checked. */
    boolean fedBy(Map<Node, Tensor> feeds) {
        for (Node n : order) {
            if (n.op() instanceof Leaves.Placeholder && feeds.get(n) == null) {
                return false;
            }
        }
        return true;
    }

    /** The checks of values on a batch: ranges of marked inputs, dead ReLUs, the spread of the layers. */
    List<Warning> values(Map<Node, Tensor> feeds) {
        List<Node> watched = new ArrayList<>();
        List<Node> layers = new ArrayList<>();
        for (Node n : order) {
            if (n.op() instanceof Expectation e && e.role() != Role.LOGITS || n.op() instanceof UnaryOps.Relu) {
                watched.add(n);
            } else if (n.op() instanceof MatMulOp && (readsParameter(n.input(0)) || readsParameter(n.input(1)))) {
                layers.add(n);
            }
        }
        List<Node> outputs = new ArrayList<>(watched);
        outputs.addAll(layers);
        if (outputs.isEmpty()) {
            return List.of();
        }
        // The marks' own values: an out-of-range label must be read before a loss's own check refuses it.
        List<Node> roots = new ArrayList<>();
        for (Node n : outputs) {
            roots.add(n.op() instanceof Expectation ? n.input(0) : n);
        }
        List<Tensor> v = Program.of(roots, List.of(), Program.Options.defaults().debug(false)).run(feeds);
        List<Warning> out = new ArrayList<>();
        for (int i = 0; i < watched.size(); i++) {
            Node n = watched.get(i);
            Warning w = n.op() instanceof Expectation e ? range(n, e, v.get(i)) : deadRelu(n, v.get(i));
            if (w != null) {
                out.add(w);
            }
        }
        if (layers.size() >= 2) {
            Warning w = scale(layers, v.subList(watched.size(), v.size()));
            if (w != null) {
                out.add(w);
            }
        }
        return out;
    }

    /** Reshapes, casts and marks look through to what made the value. */
    private static Node unwrapped(Node x) {
        Node p = x;
        while (p.op() instanceof LayoutOps.Reshape || p.op() instanceof UnaryOps.Cast
                || p.op() instanceof Expectation) {
            p = p.input(0);
        }
        return p;
    }

    /** "softmax" or "sigmoid" if {@code p} computes one (a softmax as exp(x − logsumexp x) or eˣ/Σeˣ), else null. */
    static String probabilityOp(Node p) {
        if (p.op() instanceof UnaryOps.Sigmoid) {
            return "sigmoid";
        }
        if (p.op() instanceof UnaryOps.Exp && p.input(0).op() instanceof BinaryOps.Sub) {
            Node d = p.input(0);
            Node lse = unwrapped(d.input(1));
            if (lse.op() instanceof ReductionOps.LogSumExp && lse.input(0) == d.input(0)) {
                return "softmax";
            }
        }
        if (p.op() instanceof BinaryOps.Div && p.input(0).op() instanceof UnaryOps.Exp) {
            Node s = unwrapped(p.input(1));
            if (s.op() instanceof ReductionOps.Sum && (s.input(0) == p.input(0)
                    || s.input(0).op() instanceof UnaryOps.Exp && s.input(0).input(0) == p.input(0).input(0))) {
                return "softmax";
            }
        }
        return null;
    }

    /** A broadcast whose result is larger than every operand, one of which had fewer axes: [N] − [N, 1]. */
    private static Warning broadcastTrap(Node n) {
        if (!(n.op() instanceof BinaryOps.Broadcasting) || n.op() instanceof BinaryOps.Compare) {
            return null;
        }
        Node a = n.input(0);
        Node b = n.input(1);
        int size = n.shape().size();
        if (size <= a.shape().size() || size <= b.shape().size() || a.rank() == b.rank()) {
            return null;
        }
        Node wide = a.rank() > b.rank() ? a : b;
        String fix = wide.shape().dim(wide.rank() - 1) == 1
                ? "make both operands one shape before the " + n.op().name() + ": squeeze(-1) turns " + wide.shape()
                        + " into " + wide.shape().without(wide.rank() - 1)
                : "reshape one operand so that no axis of either is stretched";
        return new Warning(Check.BROADCAST_TRAP, Provenance.describe(n) + " broadcasts " + a.shape() + " against "
                + b.shape() + " into " + n.shape() + ", larger than both, and reducing to the loss hides it", fix);
    }

    /** Parameters the loss never reads, or reads only through ops that pass no gradient. */
    private List<Warning> unreached(List<Parameter> parameters) {
        Map<Node, Parameter> leaves = new IdentityHashMap<>();
        for (Parameter p : parameters) {
            leaves.put(p.node(), p);
        }
        Set<Node> differentiable = Collections.newSetFromMap(new IdentityHashMap<>());
        differentiable.addAll(Topo.order(List.of(order.get(order.size() - 1)), true));
        List<Warning> out = new ArrayList<>();
        Set<Node> all = Collections.newSetFromMap(new IdentityHashMap<>());
        all.addAll(order);
        for (Parameter p : parameters) {
            if (!all.contains(p.node())) {
                out.add(new Warning(Check.UNUSED_PARAMETER, "parameter '" + p.name() + "' " + p.shape()
                        + " never reaches the loss, so it gets no gradient and never trains",
                        "use it in the forward pass, or leave it out of the parameters to train"));
            } else if (!differentiable.contains(p.node())) {
                List<String> blockers = blockers(p.node());
                out.add(new Warning(Check.BLOCKED_PARAMETER, "parameter '" + p.name() + "' " + p.shape()
                        + " reaches the loss only through " + String.join(", ", blockers) + ", which "
                        + (blockers.size() == 1 ? "passes" : "pass") + " no gradient, so it never trains",
                        "use a differentiable form (softmax for argmax, sigmoid for step), or leave it out of the"
                                + " parameters to train"));
            }
        }
        return out;
    }

    /** The ops without a gradient that read {@code x}, directly or through other ops: {@code argmax[8] (built at ...)}. */
    private List<String> blockers(Node x) {
        Set<Node> reaches = Collections.newSetFromMap(new IdentityHashMap<>());
        List<String> found = new ArrayList<>();
        for (Node n : order) {
            boolean from = n == x;
            boolean blocked = false;
            for (Node in : n.inputs()) {
                from |= reaches.contains(in);
            }
            if (from && n != x && !n.op().differentiable()) {
                found.add(Provenance.describe(n));
                blocked = true;
            }
            if (from && !blocked) {
                reaches.add(n);
            }
        }
        return found;
    }

    private static boolean readsParameter(Node x) {
        Node p = x;
        while (p.op() instanceof LayoutOps.Reshape || p.op() instanceof LayoutOps.Permute
                || p.op() instanceof UnaryOps.Cast) {
            p = p.input(0);
        }
        return p.op() instanceof Leaves.Read;
    }

    /** Values of a marked input outside what its loss expects. */
    private static Warning range(Node n, Expectation e, Tensor value) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        boolean whole = true;
        for (double v : value.toArray()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            whole &= v == Math.rint(v);
        }
        String what = Provenance.describe(n.input(0));
        String held = "holds values from " + NonFiniteException.number(lo) + " to " + NonFiniteException.number(hi)
                + " in the batch";
        return switch (e.role()) {
            case PROBABILITIES -> lo >= 0 && hi <= 1 ? null : new Warning(Check.NOT_PROBABILITIES, e.owner()
                    + " takes probabilities in [0, 1], but its input, " + what + ", " + held,
                    "apply a sigmoid or softmax to the scores first, or pass the scores to the loss that takes"
                            + " logits");
            case LOG_PROBABILITIES -> hi <= 0 ? null : new Warning(Check.NOT_PROBABILITIES, e.owner()
                    + " takes log-probabilities (at most 0), but its input, " + what + ", " + held,
                    "apply logSoftmax to the scores first, or use crossEntropy on the scores");
            case LABELS -> whole && lo >= 0 && hi < e.classes() ? null : new Warning(Check.LABELS_OUT_OF_RANGE,
                    e.owner() + " takes class labels in [0, " + e.classes() + "), but its labels, " + what + ", "
                            + held + (whole ? "" : ", not all whole numbers"),
                    "number the classes from 0 (labels counted from 1 need y − 1), or give the last layer one"
                            + " output per class");
            case LOGITS -> null;
        };
    }

    /** A ReLU at 0 for every example of the batch in at least half of its units (the last axis). */
    private static Warning deadRelu(Node n, Tensor value) {
        int units = n.rank() == 0 ? 1 : n.shape().dim(n.rank() - 1);
        int examples = units == 0 ? 0 : value.size() / units;
        if (examples == 0) {
            return null;
        }
        double[] v = value.toArray();
        int dead = 0;
        for (int u = 0; u < units; u++) {
            boolean zero = true;
            for (int k = 0; zero && k < examples; k++) {
                zero = v[k * units + u] == 0;
            }
            dead += zero ? 1 : 0;
        }
        boolean reported = dead == units || examples >= DEAD_MIN_BATCH && dead >= DEAD_SHARE * units;
        return !reported ? null : new Warning(Check.DEAD_RELU, Provenance.describe(n) + " is 0 for all " + examples
                + " examples of the batch in " + dead + " of its " + units + " units, which pass no gradient and"
                + " may never recover",
                "scale the inputs (standardize the features), initialize for ReLU (Kaiming), check the biases, or"
                        + " use a leaky ReLU or GELU");
    }

    /** Layers whose outputs' spread (standard deviation) grows or shrinks a hundredfold from the first to the last. */
    private static Warning scale(List<Node> layers, List<Tensor> values) {
        double first = std(values.get(0));
        double last = std(values.get(values.size() - 1));
        double ratio = last / first;
        if (!(ratio >= SCALE_LIMIT || ratio <= 1 / SCALE_LIMIT)) {
            return null;
        }
        return new Warning(Check.ACTIVATION_SCALE, "activations " + (ratio > 1 ? "grow" : "shrink") + " from std "
                + NonFiniteException.number(first) + " at " + Provenance.describe(layers.get(0)) + " to std "
                + NonFiniteException.number(last) + " at " + Provenance.describe(layers.get(layers.size() - 1))
                + " through " + layers.size() + " layers",
                "initialize the weights with variance 1/fan-in (Kaiming for ReLU layers, Xavier for tanh), or add"
                        + " normalization layers");
    }

    private static double std(Tensor t) {
        double[] v = t.toArray();
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / v.length);
    }
}
