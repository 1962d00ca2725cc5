package leibniz.autograd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sum of the gradient contributions that fan-out brings to one node.
 *
 * <p>A node sliced T times (the time steps of a recurrent layer) receives T gradients, each padded with
 * zeros back to the full shape ({@link LayoutOps.Pad}, whose bounds are clamped to the shape). Adding them would cost T full-size additions, O(T²) in all; when the
 * padded ranges along one axis do not overlap, their sum is exactly one concatenation of the slices'
 * gradients with zeros in the gaps, which costs O(T).
 */
final class GradientSum {
    private GradientSum() {
    }

    /** The sum of {@code parts}, all of one shape, none of them the symbolic zero. */
    static Node of(List<Node> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        if (Results.anyTuple(parts)) {
            return Results.sum(parts);
        }
        Map<Integer, List<Node>> padsByAxis = new LinkedHashMap<>();
        List<Node> terms = new ArrayList<>();
        for (Node p : parts) {
            if (p.op() instanceof LayoutOps.Pad pad && pad.step() == 1) {
                padsByAxis.computeIfAbsent(pad.axis(), a -> new ArrayList<>()).add(p);
            } else {
                terms.add(p);
            }
        }
        for (Map.Entry<Integer, List<Node>> e : padsByAxis.entrySet()) {
            terms.addAll(joined(e.getKey(), e.getValue()));
        }
        Node sum = terms.get(0);
        for (int i = 1; i < terms.size(); i++) {
            sum = sum.add(terms.get(i));
        }
        return sum;
    }

    /** Pads along {@code axis} as one concatenation when their ranges are disjoint; otherwise unchanged. */
    private static List<Node> joined(int axis, List<Node> pads) {
        if (pads.size() == 1) {
            return pads;
        }
        List<Node> sorted = new ArrayList<>(pads);
        sorted.sort(Comparator.comparingInt(p -> ((LayoutOps.Pad) p.op()).start()));
        List<Node> pieces = new ArrayList<>();
        int at = 0;
        for (Node p : sorted) {
            LayoutOps.Pad pad = (LayoutOps.Pad) p.op();
            if (pad.start() < at) {
                return pads; // overlapping ranges: plain addition is the honest sum
            }
            Node g = p.input(0);
            if (pad.start() > at) {
                pieces.add(Node.zeros(g.shape().withDim(axis, pad.start() - at), g.dtype()));
            }
            pieces.add(g);
            at = pad.start() + g.shape().dim(axis);
        }
        LayoutOps.Pad first = (LayoutOps.Pad) sorted.get(0).op();
        int size = first.target().dim(axis);
        if (at < size) {
            Node last = sorted.get(sorted.size() - 1).input(0);
            pieces.add(Node.zeros(last.shape().withDim(axis, size - at), last.dtype()));
        }
        return List.of(Node.concat(axis, pieces.toArray(new Node[0])));
    }
}
