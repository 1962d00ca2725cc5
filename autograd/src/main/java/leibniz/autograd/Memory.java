package leibniz.autograd;

import java.util.IdentityHashMap;
import java.util.Map;
import leibniz.core.DType;
import leibniz.core.Shape;

/**
 * The peak of the bytes that a prepared program's intermediate values occupy at once, from its plan and
 * its shapes alone: what checkpointing trades compute for. The memory plan's buffers are held throughout
 * (from run to run); every other value a step computes in new storage counts from that step to the step of
 * its last reader (8 bytes per F64 element, 4 per F32); leaves (placeholders, parameters, constants) and the
 * program's outputs and assigned values do not count. A node of several results holds them until each is
 * picked; while a loop, conditional or checkpointed call runs, the peak of its bodies' programs comes on top.
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

    /** The largest peak among the bodies of a loop, conditional or checkpointed call. */
    private static long inner(Results.Multi m) {
        long most = 0;
        for (Body b : m.bodies().values()) {
            most = Math.max(most, b.program(m.plansBodies()).peakBytes());
        }
        return most;
    }

    private static long bytes(Shape shape, DType dtype) {
        return (long) shape.size() * (dtype == DType.F32 ? 4 : 8);
    }
}
