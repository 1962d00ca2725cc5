package leibniz.autograd;

import java.util.IdentityHashMap;
import java.util.Map;
import leibniz.core.DType;
import leibniz.core.Shape;

/**
 * The peak of the bytes that a prepared program's intermediate values occupy at once, from its schedule
 * and its shapes alone: what checkpointing trades compute for. Every value computed by an op counts as
 * its own buffer (8 bytes per F64 element, 4 per F32), from the step that computes it to the step of its
 * last reader; leaves (placeholders, parameters, constants) and the program's outputs do not count. A
 * node of several results holds them until each is picked; while a loop, conditional or checkpointed call
 * runs, the peak of its bodies' programs comes on top.
 */
final class Memory {
    private Memory() {
    }

    /** The peak for a schedule: nodes in order, the slots released after each, and the output slots. */
    static long peak(Node[] nodes, int[][] releases, int[] outputSlots) {
        boolean[] output = new boolean[nodes.length];
        for (int s : outputSlots) {
            output[s] = true;
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
        for (int s : outputSlots) {
            if (nodes[s].op() instanceof Results.Pick p) {
                outputResults.computeIfAbsent(nodes[s].input(0), b -> new boolean[p.of().shapes().size()])[p.index()] = true;
            }
        }
        long[] held = new long[nodes.length];
        long live = 0;
        long peak = 0;
        for (int i = 0; i < nodes.length; i++) {
            Node n = nodes[i];
            if (n.arity() > 0 && !output[i]) {
                if (n.op() instanceof Results.Multi m) {
                    boolean[] out = outputResults.getOrDefault(n, new boolean[m.shapes().size()]);
                    for (int k = 0; k < m.shapes().size(); k++) {
                        held[i] += out[k] ? 0 : bytes(m.shapes().get(k), m.types().get(k));
                    }
                    peak = Math.max(peak, live + held[i] + inner(m));
                    live += held[i];
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
            } else if (n.op() instanceof Results.Multi m) {
                peak = Math.max(peak, live + inner(m));
            }
            for (int r : releases[i]) {
                live -= held[r];
                held[r] = 0;
            }
        }
        return peak;
    }

    /** The largest peak among the bodies of a loop, conditional or checkpointed call. */
    private static long inner(Results.Multi m) {
        long most = 0;
        for (Body b : m.bodies().values()) {
            most = Math.max(most, b.program().peakBytes());
        }
        return most;
    }

    private static long bytes(Shape shape, DType dtype) {
        return (long) shape.size() * (dtype == DType.F32 ? 4 : 8);
    }
}
