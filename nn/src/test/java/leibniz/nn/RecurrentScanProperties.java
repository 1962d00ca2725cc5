package leibniz.nn;

import static leibniz.nn.ConvolutionProperties.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The recurrent layers on one scan node against the layers as they were built before loops, one copy of
 * the cell per step: values and gradients; checkpointed steps bit for bit; one graph for every length.
 */
class RecurrentScanProperties {
    /** A sequence {@code [B, T, I]} and the number of hidden units. */
    record Sequence(Tensor x, int hidden) {
    }

    @Provide
    Arbitrary<Sequence> sequences() {
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 6),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 3)).flatAs((b, t, i, h) ->
                TensorArbitraries.tensors(Shape.of(b, t, i), -1, 1).map(x -> new Sequence(x, h)));
    }

    /** The layers as they were: the input projected once, then one copy of the cell per step, outputs stacked. */
    static <S> List<Node> unrolled(RecurrentCell<S> cell, Node x) {
        RecurrentWeights w = cell.weights();
        int batch = x.shape().dim(0);
        int width = w.gates() * w.hiddenSize();
        Node projected = w.projectInput(x);
        S state = cell.zeroState(batch);
        Node[] outputs = new Node[x.shape().dim(1)];
        for (int t = 0; t < outputs.length; t++) {
            state = cell.advance(projected.slice(1, t, t + 1).reshape(batch, width), state);
            outputs[t] = cell.hidden(state);
        }
        List<Node> out = new ArrayList<>(List.of(Node.stack(1, outputs)));
        out.addAll(cell.parts(state));
        return out;
    }

    /** The outputs and final state parts, then the gradients of a projection of them for every parameter and x. */
    static List<Node> withGradients(List<Node> results, Node x, Module layer) {
        Node loss = Node.scalar(0);
        for (int k = 0; k < results.size(); k++) {
            Shape s = results.get(k).shape();
            loss = loss.add(results.get(k).mul(Node.constant(Tensor.normal(3 + k, 0, 1, s.dims()))).sum());
        }
        List<Node> xs = new ArrayList<>();
        for (Parameter p : layer.parameters().values()) {
            xs.add(p.node());
        }
        xs.add(x);
        List<Node> all = new ArrayList<>(results);
        all.addAll(Autograd.grad(loss, xs));
        return all;
    }

    private static <S> List<Node> scanned(RecurrentLayer<S, ?> layer, Node x) {
        Recurrence<S> run = layer.run(x);
        List<Node> out = new ArrayList<>(List.of(run.outputs()));
        out.addAll(layer.cell().parts(run.state()));
        return out;
    }

    private static List<RecurrentLayer<?, ?>> layers(int inputs, int hidden) {
        SplittableRandom rng = new SplittableRandom(inputs * 31L + hidden);
        return List.of(RNN.create(inputs, hidden, rng), GRU.create(inputs, hidden, rng), LSTM.create(inputs, hidden, rng));
    }

    @Property(tries = 20)
    void aScannedLayerGivesTheValuesAndGradientsOfTheUnrolledOne(@ForAll("sequences") Sequence s) {
        Node x = Parameter.of("x", s.x()).node();
        for (RecurrentLayer<?, ?> layer : layers(s.x().shape().dim(2), s.hidden())) {
            List<Tensor> expected = Program.of(withGradients(unrolled(layer.cell(), x), x, layer)).run();
            List<Tensor> actual = Program.of(withGradients(scanned(layer, x), x, layer)).run();
            for (int k = 0; k < expected.size(); k++) {
                Tensor e = expected.get(k);
                Tensor a = actual.get(k);
                String what = layer + ", value " + k;
                assertTrue(a.allClose(e, 1e-13, 1e-13), () -> what + ": " + a + " vs " + e);
            }
        }
    }

    @Property(tries = 10)
    void checkpointedStepsChangeNoBit(@ForAll("sequences") Sequence s) {
        Node x = Parameter.of("x", s.x()).node();
        int inputs = s.x().shape().dim(2);
        SplittableRandom rng = new SplittableRandom(5);
        for (RecurrentLayer<?, ?> layer : List.of(GRU.create(inputs, s.hidden(), rng), LSTM.create(inputs, s.hidden(), rng))) {
            RecurrentLayer<?, ?> remat = layer instanceof GRU g ? g.checkpointedSteps() : ((LSTM) layer).checkpointedSteps();
            assertTrue(remat.checkpointed());
            assertEquals(layer.parameters(), remat.parameters());
            assertEquals(Program.of(withGradients(scanned(layer, x), x, layer)).run(),
                    Program.of(withGradients(scanned(remat, x), x, remat)).run());
        }
    }

    /** A sequence classifier: the last hidden state of a GRU through a linear layer, cross-entropy against labels. */
    private static List<Node> classifier(GRU gru, Linear head, Node x, Node labels) {
        Node loss = Losses.crossEntropy(head.forward(gru.run(x).state()), labels);
        List<Node> out = new ArrayList<>(List.of(loss));
        List<Parameter> ps = new ArrayList<>(gru.parameters().values());
        ps.addAll(head.parameters().values());
        out.addAll(Autograd.gradients(loss, ps));
        return out;
    }

    @Example
    void oneGraphServesSequencesOfEveryLength() {
        SplittableRandom rng = new SplittableRandom(8);
        GRU gru = GRU.create(3, 5, rng);
        Linear head = Linear.create(5, 4, rng);
        Node x = Node.placeholder("x", 2, Node.ANY, 3);
        Node labels = Node.constant(Tensor.vector(1, 3));
        Program dynamic = Program.of(classifier(gru, head, x, labels));
        for (int n : new int[] {1, 2, 9}) {
            Tensor data = Tensor.uniform(rng, -1, 1, 2, n, 3);
            Node fixed = Node.placeholder("x", 2, n, 3);
            assertEquals(Program.of(classifier(gru, head, fixed, labels)).run(Map.of(fixed, data)),
                    dynamic.run(Map.of(x, data)), n + " steps");
        }
        assertMessage("GRU(3 -> 5): input [?, 4, 3] may have a dynamic length along time (axis 1) only",
                () -> gru.forward(Node.placeholder("x", Node.ANY, 4, 3)));
        assertEquals("LSTM(3 -> 4, checkpointed)", LSTM.create(3, 4, rng).checkpointedSteps().toString());
    }
}
