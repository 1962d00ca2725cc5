package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Sequential composition, gradients through a small network, and the path names of parameters and buffers. */
class SequentialTest {
    private final SplittableRandom rng = new SplittableRandom(5);

    @Test
    void forwardAppliesTheLayersInOrder() {
        Linear a = Linear.create(3, 4, rng);
        Linear b = Linear.create(4, 2, rng);
        Sequential net = Sequential.of(a, Activation.tanh(), b);
        Node x = Node.constant(Tensor.uniform(rng, -1, 1, 5, 3));
        Tensor expected = b.forward(a.forward(x).tanh()).value();
        assertEquals(expected, net.forward(x).value());
        assertEquals(List.of(a, net.layers().get(1), b), net.layers());
    }

    /** Two linear layers around tanh and a layer norm, ending in a softmax; 1 to 3 rows of input. */
    @Provide
    Arbitrary<Checks.Layer<Sequential>> networks() {
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(2, 3),
                Arbitraries.integers().between(1, 3)).flatAs((in, hidden, rows) -> Checks.layers(
                        "Linear(" + in + ", " + hidden + "), tanh, LayerNorm, Linear(" + hidden + ", 2), softmax",
                        () -> {
                            SplittableRandom r = Checks.init();
                            return Sequential.of(Linear.create(in, hidden, r), Activation.tanh(),
                                    LayerNorm.create(hidden), Linear.create(hidden, 2, r), Activation.softmax(-1));
                        }, 1, Checks.uniform(Shape.of(rows, in))));
    }

    @Property(tries = 20)
    void gradientsThroughASmallNetwork(@ForAll("networks") Checks.Layer<Sequential> c) {
        Sequential net = c.module();
        Checks.input(net, Context::training, c.x());
        Checks.parameters(net, Context::training, c.x());
    }

    @Test
    void parametersArePrefixedByLayerIndex() {
        Sequential net = Sequential.of(Linear.create(3, 4, rng), Activation.relu(), BatchNorm1d.create(4),
                Linear.create(4, 2, rng, Initializers.zeros(), false));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "3.weight"),
                List.copyOf(net.parameters().keySet()));
        assertEquals(List.of("2.running_mean", "2.running_var", "2.num_batches_tracked"),
                List.copyOf(net.buffers().keySet()));
    }

    @Test
    void nestedModulesNestTheirNames() {
        Sequential inner = Sequential.of(Linear.create(2, 2, rng));
        Sequential outer = Sequential.of(inner, Activation.gelu(), Linear.create(2, 1, rng));
        assertEquals(List.of("0.0.weight", "0.0.bias", "2.weight", "2.bias"),
                List.copyOf(outer.parameters().keySet()));
    }

    @Test
    void aSharedLayerIsListedOnceUnderItsFirstName() {
        Linear shared = Linear.create(3, 3, rng);
        Sequential net = Sequential.of(shared, Activation.tanh(), shared);
        Map<String, Parameter> ps = net.parameters();
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(ps.keySet()));
        assertSame(shared.weight(), ps.get("0.weight"));
    }

    @Test
    void builderForPlainJavaModels() {
        Parameter t = Parameter.of("temperature", Tensor.scalar(1));
        Linear head = Linear.create(2, 2, rng);
        Map<String, Parameter> ps = Parameters.builder()
                .addAll("head", head.parameters())
                .add("temperature", t)
                .build();
        assertEquals(List.of("head.weight", "head.bias", "temperature"), List.copyOf(ps.keySet()));
        assertEquals(List.of("p.weight", "p.bias"), List.copyOf(Parameters.prefixed("p", head.parameters()).keySet()));
        assertThrows(UnsupportedOperationException.class, () -> ps.put("x", t));
    }

    @Test
    void messages() {
        Parameter t = Parameter.of("t", Tensor.scalar(1));
        assertEquals("parameters: duplicate name 'a'", assertThrows(IllegalArgumentException.class,
                () -> Parameters.builder().add("a", t).add("a", Parameter.of("u", Tensor.scalar(2)))).getMessage());
        assertEquals("Sequential: module 1 is null", assertThrows(IllegalArgumentException.class,
                () -> Sequential.of(Activation.relu(), null)).getMessage());
        assertEquals("parameters: a prefix is required", assertThrows(IllegalArgumentException.class,
                () -> Parameters.prefixed("", Map.of())).getMessage());
    }

    @Test
    void printsItsLayers() {
        assertEquals("Sequential(Linear(3 -> 4), ReLU, Dropout(0.5))",
                Sequential.of(Linear.create(3, 4, rng), Activation.relu(), Dropout.create(0.5, 1)).toString());
    }
}
