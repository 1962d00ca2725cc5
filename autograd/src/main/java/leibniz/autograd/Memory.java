package leibniz.autograd;

import java.util.IdentityHashMap;
import java.util.Map;
import leibniz.core.DType;
import leibniz.core.Shape;

/**
 * The peak of the bytes that a prepared program's intermediate values occupy at once, from its plan and
 * its shapes alone: what checkpointing trades compute for. The memory plan's buffers are held throughout
 * (from run to run); every other value a step computes in new storage counts from that step to the step of
 * its last reader ({@link DType#bytes} per element); leaves (placeholders, parameters, constants) and the
 * program's outputs and assigned values do not count. A node of several results holds them until each is
 * picked; while a loop, conditional or checkpointed call runs, the peak of its bodies' programs comes on top
 * (and a loop's step's new carries and outputs). A scan's stacked outputs are allocated once and filled step by
 * step, so they count once.
 */
final class Memory {
    private Memory() {
    }

    /** The peak of {@code plan}. */
    static long peak(Plan plan) {
        Node[] nodes = plan.nodes;
        boolean[] root = new boolean[nodes.length];
        for (int s : plan.rootSlots) {
            root[s] = true;
        }
        Map<Node, Integer> slot = new IdentityHashMap<>();
        for (int i = 0; i < nodes.length; i++) {
            slot.put(nodes[i], i);
            if (nodes[i].dynamicAxis() >= 0) {
                throw new IllegalArgumentException("peakBytes: " + nodes[i] + " has a dynamic axis: the peak depends on"
                        + " the length the program is fed");
            }
        }
        // A result that the program outputs counts as an output from the start, not as held by its bundle.
        Map<Node, boolean[]> outputResults = new IdentityHashMap<>();
        for (int s : plan.rootSlots) {
            if (nodes[s].op() instanceof Results.Pick p) {
                outputResults.computeIfAbsent(nodes[s].input(0), b -> new boolean[p.of().shapes().size()])[p.index()] = true;
            }
        }
        long[] held = new long[nodes.length];
        long live = 0;
        long peak = 0;
        Step[] steps = plan.memory.steps;
        for (int t = 0; t < steps.length; t++) {
            for (int i : steps[t].outputs()) {
                Node n = nodes[i];
                if (n.op() instanceof Results.Multi m) {
                    boolean[] out = outputResults.getOrDefault(n, new boolean[m.shapes().size()]);
                    for (int k = 0; k < m.shapes().size(); k++) {
                        held[i] += out[k] ? 0 : bytes(m.shapes().get(k), m.types().get(k));
                    }
                    peak = Math.max(peak, live + held[i] + inner(m));
                    live += held[i];
                } else if (root[i] || plan.memory.planned(i)) {
                    continue;
                } else if (n.op() instanceof Results.Pick) {
                    // The picked result moves from its node's bundle to the pick: nothing new is allocated.
                    held[i] = bytes(n.shape(), n.dtype());
                    int bundle = slot.get(n.input(0));
                    held[bundle] = Math.max(0, held[bundle] - held[i]);
                } else {
                    held[i] = bytes(n.shape(), n.dtype());
                    live += held[i];
                    peak = Math.max(peak, live);
                }
            }
            for (int r : plan.dropped(t)) {
                live -= held[r];
                held[r] = 0;
            }
        }
        return plan.memory.bytes() + peak;
    }

    /**
     * The largest peak among the bodies of a loop, conditional or checkpointed call. A loop's step also holds
     * what its body returns (the next carries, this step's outputs before they are placed in the stack) beside
     * the carries it started from, which the node's results stand for; a conditional's or a call's body returns
     * the results themselves.
     */
    private static long inner(Results.Multi m) {
        long most = 0;
        for (Body b : m.bodies().values()) {
            long returned = 0;
            for (Node y : b.outputs()) {
                returned += m.plansBodies() && y.arity() > 0 ? bytes(y.shape(), y.dtype()) : 0;
            }
            most = Math.max(most, b.program(m.plansBodies()).peakBytes() + returned);
        }
        return most;
    }

    private static long bytes(Shape shape, DType dtype) {
        return (long) shape.size() * dtype.bytes();
    }
}
