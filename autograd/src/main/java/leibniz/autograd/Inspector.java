package leibniz.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import leibniz.autograd.check.GradCheck;
import leibniz.autograd.check.GradCheckError;
import leibniz.core.DType;
import leibniz.core.Tensor;

/**
 * The checks of a program in debug mode, shown every value as it is computed: the first NaN or infinity
 * an op brings in stops the run with a {@link NonFiniteException}, reported on the node the user built
 * (the compiled program's {@link Compiled#origins()}); and the first run of each op type of the user's is
 * gradient-checked on a sample of its actual inputs. Used by one thread at a time, as its program.
 */
final class Inspector implements Plan.Watch {
    /** Elements of each input whose derivative a user op's first run checks: a sample, not all. */
    static final int SAMPLE = 4;

    private final Compiled compiled;
    private final List<Node> roots;
    private final Set<Class<?>> checkedOps = new HashSet<>();

    Inspector(Compiled compiled, List<Node> roots) {
        this.compiled = compiled;
        this.roots = List.copyOf(roots);
    }

    @Override
    public void computed(Node node, Tensor[] args, Tensor value) {
        if (!(node.op() instanceof BuiltIn) && !(node.op() instanceof Results.Multi)
                && !(node.op() instanceof Results.Pick) && node.arity() > 0 && checkedOps.add(node.op().getClass())) {
            checkVjp(node.op(), args);
        }
        if (!value.isFinite() && cause(args, value)) {
            throw report(node, args, value);
        }
    }

    /** True if {@code value} has a NaN that no input had, or an infinity where every input was finite. */
    private static boolean cause(Tensor[] args, Tensor value) {
        boolean nanIn = false;
        boolean finiteIn = true;
        for (Tensor a : args) {
            if (!a.isFinite()) {
                finiteIn = false;
                for (double v : a.toArray()) {
                    nanIn |= Double.isNaN(v);
                }
            }
        }
        boolean nanOut = false;
        for (double v : value.toArray()) {
            nanOut |= Double.isNaN(v);
        }
        return nanOut ? !nanIn : finiteIn;
    }

    private NonFiniteException report(Node f, Tensor[] args, Tensor value) {
        Node origin = compiled.origins().get(f);
        Node shown = origin != null ? origin : f;
        List<NonFiniteException.Statistics> inputs = new ArrayList<>(args.length);
        for (Tensor a : args) {
            inputs.add(NonFiniteException.Statistics.of(a));
        }
        String cause = "";
        if (f.op() instanceof Leaves.Placeholder) {
            cause = "the value fed for it is not finite";
        } else if (f.op() instanceof Leaves.Read) {
            cause = "the parameter holds it";
        } else if (origin == null) {
            Rule rule = compiled.rules().get(f);
            cause = "a node the compiler built" + (rule == null ? "" : " (rule " + rule.name() + ")");
        }
        List<Node> in = new ArrayList<>(f.arity());
        for (Node m : f.inputs()) {
            in.add(compiled.origins().getOrDefault(m, m));
        }
        return new NonFiniteException(shown, value, in, inputs, cause, parameters(shown),
                origin == null ? null : derivativeOf(origin));
    }

    /** The parameters {@code n} reads, directly or through its inputs. */
    private static List<Parameter> parameters(Node n) {
        Set<Parameter> found = new LinkedHashSet<>();
        for (Node m : Topo.order(List.of(n), false)) {
            if (m.op() instanceof Leaves.Read r) {
                found.add(r.parameter());
            }
        }
        return new ArrayList<>(found);
    }

    /** The forward node whose VJP built {@code n}, found through the gradient markers of the program's graph. */
    private Node derivativeOf(Node n) {
        Set<Gradient.Origins> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node m : Topo.order(roots, false)) {
            if (m.op() instanceof Gradient g && seen.add(g.origins())) {
                Node forward = g.origins().of(n).orElse(null);
                if (forward != null) {
                    return forward;
                }
            }
        }
        return null;
    }

    /**
     * Checks the VJP of a user's op against central differences at (a sample of) the inputs of its first
     * run, in F64; inputs that receive the symbolic zero (indices, masks) are held constant.
     */
    private static void checkVjp(Op op, Tensor[] args) {
        if (!op.differentiable()) {
            return;
        }
        Tensor[] x = new Tensor[args.length];
        List<Node> probes = new ArrayList<>(args.length);
        for (int i = 0; i < args.length; i++) {
            x[i] = args[i].to(DType.F64);
            probes.add(Node.placeholder("x" + i, x[i].shape()));
        }
        Node out = Node.apply(op, probes.toArray(new Node[0]));
        List<Node> pulled = Autograd.vjp(out, probes, Node.constant(Tensor.ones(out.shape())));
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (!pulled.get(i).isZero() && x[i].size() > 0) {
                free.add(i);
            }
        }
        if (free.isEmpty()) {
            return;
        }
        Map<Integer, Integer> position = new HashMap<>();
        Tensor[] varied = new Tensor[free.size()];
        for (int k = 0; k < free.size(); k++) {
            position.put(free.get(k), k);
            varied[k] = x[free.get(k)];
        }
        try {
            GradCheck.of(xs -> {
                Node[] in = new Node[args.length];
                for (int i = 0; i < in.length; i++) {
                    Integer k = position.get(i);
                    in[i] = k == null ? Node.constant(x[i]) : xs.get(k);
                }
                return Node.apply(op, in);
            }).elements(SAMPLE).check(varied);
        } catch (GradCheckError e) {
            throw new IllegalStateException(op.name() + ": the VJP disagrees with central differences at the inputs"
                    + " of its first run: input " + free.get(e.input()) + ", element "
                    + Arrays.toString(e.element()) + ": numeric " + NonFiniteException.number(e.numeric())
                    + " vs analytic " + NonFiniteException.number(e.analytic())
                    + " (debug mode checks each op of your own once, on a sample of its inputs)", e);
        }
    }
}
