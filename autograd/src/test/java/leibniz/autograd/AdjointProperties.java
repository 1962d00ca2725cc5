package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The linear ops against their transposes: {@code <L(x), r> = <x, Lᵀ(r)>}, where {@code Lᵀ(r)} is the
 * VJP the engine builds with output gradient r. No finite differences, so the tolerance is 1e-12. The map's
 * attributes, x and r are generated together, so a failure shrinks to a small case.
 */
class AdjointProperties {
    private static final int TRIES = 25;

    /** A linear map L with its attributes, an input x and a cotangent r of L(x)'s shape. */
    record Adjoint(String name, UnaryOperator<Node> linear, Tensor x, Tensor r) {
        @Override
        public String toString() {
            return name + " at x = " + x + ", r = " + r;
        }

        /** The adjoint identity for L at x and r. */
        void check() {
            Node p = Parameter.of("x", x).node();
            Node y = linear.apply(p);
            Node transposed = Autograd.vjp(y, List.of(p), Node.constant(r)).get(0);
            assertEquals(x.shape(), transposed.shape());
            double lhs = dot(y.value(), r);
            double rhs = dot(x, transposed.value());
            assertEquals(lhs, rhs, 1e-12 * (1 + Math.abs(lhs)), "<L(x), r> vs <x, Lᵀ(r)> for " + name);
        }
    }

    /** The Frobenius inner product {@code Σ a ⊙ b}. */
    private static double dot(Tensor a, Tensor b) {
        return a.mul(b).sum().item();
    }

    /** L on inputs of shape {@code s}, with x and r in [-1, 1]. */
    static Arbitrary<Adjoint> adjoint(String name, Shape s, UnaryOperator<Node> linear) {
        Shape out = linear.apply(Node.placeholder("x", s)).shape();
        return Combinators.combine(TensorArbitraries.tensors(s, -1, 1), TensorArbitraries.tensors(out, -1, 1))
                .as((x, r) -> new Adjoint(name, linear, x, r));
    }

    /** Several maps, each with its own x and r. */
    static Arbitrary<List<Adjoint>> all(List<Arbitrary<Adjoint>> adjoints) {
        return Combinators.combine(adjoints).as(List::copyOf);
    }

    private static Arbitrary<Integer> between(int min, int max) {
        return Arbitraries.integers().between(min, max);
    }

    private static Arbitrary<Adjoint> reshapes() {
        return TensorArbitraries.shapes(0, 4, 4).flatMap(s -> {
            int[] reversed = new int[s.rank()];
            for (int i = 0; i < reversed.length; i++) {
                reversed[i] = s.dim(s.rank() - 1 - i);
            }
            return adjoint("reshape", s, x -> x.reshape(reversed).reshape(-1).unsqueeze(0));
        });
    }

    private static Arbitrary<Adjoint> permutes() {
        return TensorArbitraries.shapes(1, 4, 4).flatMap(s -> TensorArbitraries.permutations(s.rank())
                .flatMap(order -> adjoint("permute" + Arrays.toString(order), s, x -> x.permute(order))));
    }

    private static Arbitrary<Adjoint> broadcasts() {
        return TensorArbitraries.shapes(0, 4, 3).flatMap(out -> TensorArbitraries.broadcastingTo(out)
                .flatMap(s -> adjoint("broadcastTo " + out, s, x -> x.broadcastTo(out))));
    }

    private static Arbitrary<Adjoint> sums() {
        return TensorArbitraries.shapes(0, 4, 3).flatMap(s -> TensorArbitraries.broadcastingTo(s)
                .flatMap(target -> adjoint("sumTo " + target, s, x -> x.sumTo(target))));
    }

    private static Arbitrary<Adjoint> slices() {
        return TensorArbitraries.shapes(1, 4, 5).flatMap(s -> between(0, s.rank() - 1).flatMap(axis ->
                between(0, s.dim(axis)).flatMap(start -> between(start, s.dim(axis)).flatMap(end ->
                        adjoint("slice(" + axis + ", " + start + ", " + end + ")", s,
                                x -> x.slice(axis - s.rank(), start, end))))));
    }

    private static Arbitrary<Adjoint> pads() {
        return TensorArbitraries.shapes(1, 4, 4).flatMap(s -> Combinators.combine(between(0, s.rank() - 1),
                between(0, 2), between(0, 2)).flatAs((axis, start, extra) -> {
                    int size = s.dim(axis) + start + extra;
                    LayoutOps.Pad pad = new LayoutOps.Pad(s.withDim(axis, size), axis, start, start + s.dim(axis), 1);
                    return adjoint(pad.toString(), s, x -> Node.apply(pad, x));
                }));
    }

    private static Arbitrary<Adjoint> concats() {
        return TensorArbitraries.shapes(1, 3, 4).flatMap(s -> between(0, s.rank() - 1).flatMap(axis ->
                Combinators.combine(between(0, s.dim(axis)), between(0, s.dim(axis))).flatAs((head, tail) ->
                        // Every part is linear in x (a constant part would make L affine), and x itself appears twice.
                        adjoint("concat along " + axis + " of x[:" + head + "], x, x[" + tail + ":], x", s,
                                x -> Node.concat(axis, x.slice(axis, 0, head), x,
                                        x.slice(axis, tail, s.dim(axis)), x)))));
    }

    private static Arbitrary<Adjoint> stacks() {
        return TensorArbitraries.shapes(0, 3, 4).flatMap(s -> between(0, s.rank()).flatMap(axis ->
                adjoint("stack along " + axis, s, x -> Node.stack(axis, x, x.neg(), x))));
    }

    private static Arbitrary<Adjoint> indexSelects() {
        return TensorArbitraries.shapes(1, 3, 4).flatMap(s -> between(0, s.rank() - 1).flatMap(axis ->
                TensorArbitraries.shapes(0, 2, 5).flatMap(is -> TensorArbitraries.indices(is, s.dim(axis)))
                        .flatMap(idx -> adjoint("indexSelect(" + axis + ", " + idx + ")", s,
                                x -> x.indexSelect(axis, Node.constant(idx))))));
    }

    private static Arbitrary<Adjoint> indexAdds() {
        return TensorArbitraries.shapes(1, 3, 4).flatMap(target -> between(0, target.rank() - 1).flatMap(axis ->
                TensorArbitraries.shapes(0, 2, 5).flatMap(is -> TensorArbitraries.indices(is, target.dim(axis)))
                        .flatMap(idx -> adjoint("indexAdd(" + target + ", " + axis + ", " + idx + ")",
                                IndexOps.taken(target, axis, idx.shape()),
                                u -> Node.indexAdd(target, axis, Node.constant(idx), u)))));
    }

    /** The product with a fixed A or B, as a function of the other operand, under every pair of flags. */
    private static Arbitrary<Adjoint> products() {
        return Combinators.combine(between(1, 3), between(1, 3), between(1, 3), TensorArbitraries.shapes(0, 2, 3),
                Arbitraries.of(false, true), Arbitraries.of(false, true)).flatAs((m, k, n, batch, ta, tb) -> {
                    Shape a = append(batch, ta ? k : m, ta ? m : k);
                    Shape b = Shape.of(tb ? n : k, tb ? k : n);
                    return Combinators.combine(TensorArbitraries.tensors(a, -1, 1), TensorArbitraries.tensors(b, -1, 1))
                            .flatAs((fa, fb) -> {
                                Node fixedA = Node.constant(fa);
                                Node fixedB = Node.constant(fb);
                                String flags = " (" + ta + ", " + tb + ")";
                                List<Arbitrary<Adjoint>> maps = new ArrayList<>();
                                maps.add(adjoint("x · B" + flags, a, x -> x.matmul(fixedB, ta, tb)));
                                maps.add(adjoint("A · x" + flags, b, x -> fixedA.matmul(x, ta, tb)));
                                Shape v = Shape.of(k);
                                maps.add(adjoint("A · vector x" + flags, v, x -> fixedA.matmul(x, ta, false)));
                                maps.add(adjoint("vector x · B" + flags, v, x -> x.matmul(fixedB, false, tb)));
                                return Arbitraries.oneOf(maps);
                            });
                });
    }

    private static Shape append(Shape batch, int rows, int cols) {
        return batch.inserting(batch.rank(), rows).inserting(batch.rank() + 1, cols);
    }

    /** Every linear op's map, the products (four maps) four times as often as each other op. */
    @Provide
    Arbitrary<Adjoint> linearMaps() {
        return Arbitraries.frequencyOf(Tuple.of(1, reshapes()), Tuple.of(1, permutes()), Tuple.of(1, broadcasts()),
                Tuple.of(1, sums()), Tuple.of(1, slices()), Tuple.of(1, pads()), Tuple.of(1, concats()),
                Tuple.of(1, stacks()), Tuple.of(1, indexSelects()), Tuple.of(1, indexAdds()), Tuple.of(4, products()));
    }

    @Property(tries = 14 * TRIES)
    void adjointIdentityHoldsForEveryLinearOp(@ForAll("linearMaps") Adjoint c) {
        c.check();
    }
}
