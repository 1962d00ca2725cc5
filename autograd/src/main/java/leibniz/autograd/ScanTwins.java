package leibniz.autograd;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scan and its twin run as one loop: the VJP of a scan saves what its reverse loop reads by a twin of the
 * scan that also stacks those values ({@link ScanOp}), so a program holding both (a training step: the loss
 * and its gradient) reads the scan's results from the twin and runs the forward loop once. A batch of the
 * two ({@link Transforms#vmap}) is again a scan and its twin.
 */
final class ScanTwins {
    private ScanTwins() {
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
                if (twinOf((ScanOp) a.op(), (ScanOp) b.op()) && sameInputs(a, b)
                        && (best == null || ((ScanOp) b.op()).body().repeats(((ScanOp) best.op()).body()))) {
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

    /**
     * True if the two nodes read the same values: input by input the same node, or the same built-in op of the
     * same nodes (a batch's shared initial carry, repeated over the batch once for each of the two loops).
     */
    private static boolean sameInputs(Node a, Node b) {
        if (a.arity() != b.arity()) {
            return false;
        }
        for (int i = 0; i < a.arity(); i++) {
            Node x = a.input(i);
            Node y = b.input(i);
            if (x != y && !(x.op() instanceof BuiltIn && x.arity() > 0 && x.op().equals(y.op())
                    && x.inputs().equals(y.inputs()))) {
                return false;
            }
        }
        return true;
    }

    /** True if {@code b} is {@code a} with more outputs: the same loop, also saving residuals. */
    private static boolean twinOf(ScanOp a, ScanOp b) {
        return b.body().repeats(a.body()) && b.carries() == a.carries() && b.xsAxes().equals(a.xsAxes())
                && b.length() == a.length() && b.dynamic() == a.dynamic() && b.reverse() == a.reverse()
                && b.ysAxes().subList(0, a.ysAxes().size()).equals(a.ysAxes());
    }
}
