package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Program;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Embedding lookups (values, shapes, the table's gradient, index messages) and Flatten, gradient-checked. */
class EmbeddingFlattenProperties {
    private final SplittableRandom rng = new SplittableRandom(8);

    @Test
    void looksUpRowsForIndicesOfAnyShape() {
        Embedding e = Embedding.create(5, 3, rng);
        Tensor ids = Tensor.matrix(new double[][] {{4, 0}, {0, 2}});
        Tensor y = e.forward(Node.constant(ids)).value();
        assertEquals(Shape.of(2, 2, 3), y.shape());
        Tensor table = e.weight().value();
        assertEquals(table.slice(0, 4, 5).reshape(3), y.slice(0, 0, 1).slice(1, 0, 1).reshape(3));
        assertEquals(table.slice(0, 2, 3).reshape(3), y.slice(0, 1, 2).slice(1, 1, 2).reshape(3));
        assertEquals(List.of("weight"), List.copyOf(e.parameters().keySet()));
    }

    @Test
    void tableGradientCountsEachLookup() {
        Embedding e = Embedding.create(4, 2, rng);
        Node y = e.forward(Node.constant(Tensor.vector(0, 2, 0)));
        Tensor g = Autograd.gradients(y.sum(), List.of(e.weight())).get(0).value();
        assertEquals(Tensor.matrix(new double[][] {{2, 2}, {0, 0}, {1, 1}, {0, 0}}), g);
    }

    /** An embedding of 1 to 5 rows of 1 to 3 values, ids of rank 0 to 2 into it, and an input to flatten. */
    record Lookup(Checks.Layer<Embedding> layer, Tensor x) {}

    @Provide
    Arbitrary<Lookup> lookups() {
        return Combinators.combine(Arbitraries.integers().between(1, 5), Arbitraries.integers().between(1, 3))
                .flatAs((vocab, dim) -> Combinators.combine(Checks.layers("Embedding(" + vocab + ", " + dim + ")",
                        () -> Embedding.create(vocab, dim, Checks.init()), 1, Checks.indices(2, 3, vocab)),
                        Checks.uniform(3, 3, dim)).as(Lookup::new));
    }

    @Property(tries = 25)
    void gradientsThroughEmbeddingAndFlatten(@ForAll("lookups") Lookup c) {
        Checks.parameters(c.layer().module(), Context::training, c.layer().x());
        Checks.input(Flatten.create(), Context::training, c.x());
    }

    @Test
    void embeddingIndicesAreChecked() {
        Embedding e = Embedding.create(10, 4, rng);
        refused("Embedding(10 x 4): index 12 out of range [0, 10)",
                () -> e.forward(Node.constant(Tensor.vector(1, 12))));
        Node ids = Node.placeholder("ids", 2);
        Program p = Program.of(e.forward(ids));
        assertEquals(Shape.of(2, 4), p.run(Map.of(ids, Tensor.vector(9, 0))).get(0).shape());
        refused("Embedding(10 x 4): index -1 out of range [0, 10)", () -> p.run(Map.of(ids, Tensor.vector(-1, 0))));
        refused("Embedding(10 x 4): index 0.5 is not a whole number", () -> p.run(Map.of(ids, Tensor.vector(0.5, 0))));
        refused("Embedding(0 x 4): sizes must be positive", () -> Embedding.create(0, 4, rng));
    }

    @Test
    void flattenKeepsTheBatchAxis() {
        Flatten f = Flatten.create();
        assertEquals(Shape.of(2, 12), f.forward(Node.placeholder("x", 2, 3, 4)).shape());
        assertEquals(Shape.of(5, 1), f.forward(Node.placeholder("x", 5)).shape());
        Tensor x = Tensor.uniform(rng, -1, 1, 2, 3, 2);
        assertEquals(x.reshape(2, 6), f.forward(Node.constant(x)).value());
        refused("Flatten: input is a scalar, expected a batch axis first", () -> f.forward(Node.scalar(1)));
    }

    private static void refused(String message, Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }
}
