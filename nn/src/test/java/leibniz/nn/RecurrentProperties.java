package leibniz.nn;

import static leibniz.nn.ConvolutionProperties.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** RNN, GRU and LSTM: one step against the equations in plain Java, unrolled layers, gradients, errors. */
class RecurrentProperties {

    private static Arbitrary<Integer> between(int min, int max) {
        return Arbitraries.integers().between(min, max);
    }

    /** The three cells of one input and hidden size, an input x [batch, input] and states h, c [batch, hidden]. */
    record Cells(Checks.Layer<RNNCell> rnn, Checks.Layer<GRUCell> gru, Checks.Layer<LSTMCell> lstm, Tensor h,
            Tensor c) {}

    @Provide
    Arbitrary<Cells> cells() {
        return Combinators.combine(between(1, 2), between(1, 3), between(1, 3)).flatAs((batch, input, hidden) ->
                Checks.uniform(Shape.of(batch, input)).flatMap(x -> {
                    Arbitrary<Tensor> same = Arbitraries.just(x);
                    return Combinators.combine(
                            Checks.layers("RNNCell", () -> RNNCell.create(input, hidden, Checks.init()), 1, same),
                            Checks.layers("GRUCell", () -> GRUCell.create(input, hidden, Checks.init()), 1, same),
                            Checks.layers("LSTMCell", () -> LSTMCell.create(input, hidden, Checks.init()), 1,
                                    same),
                            Checks.uniform(Shape.of(batch, hidden)), Checks.uniform(Shape.of(batch, hidden)))
                            .as(Cells::new);
                }));
    }

    /** The three layers of one input and hidden size, an input x [batch, time, input], a state h0 [batch, hidden]. */
    record Layers(Checks.Layer<RNN> rnn, Checks.Layer<GRU> gru, Checks.Layer<LSTM> lstm, Tensor h0) {
        Tensor x() {
            return rnn.x();
        }
    }

    @Provide
    Arbitrary<Layers> layers() {
        return Combinators.combine(between(1, 2), between(1, 3), between(1, 3), between(1, 3))
                .flatAs((batch, time, input, hidden) -> Checks.uniform(Shape.of(batch, time, input)).flatMap(x -> {
                    Arbitrary<Tensor> same = Arbitraries.just(x);
                    return Combinators.combine(
                            Checks.layers("RNN", () -> RNN.create(input, hidden, Checks.init()), 1, same),
                            Checks.layers("GRU", () -> GRU.create(input, hidden, Checks.init()), 1, same),
                            Checks.layers("LSTM", () -> LSTM.create(input, hidden, Checks.init()), 1, same),
                            Checks.uniform(Shape.of(batch, hidden))).as(Layers::new);
                }));
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** Row b, gate row r of {@code x W_ihᵀ + b_ih} (hidden = false) or of {@code h W_hhᵀ + b_hh} (hidden = true). */
    private static double affine(java.util.Map<String, leibniz.autograd.Parameter> p, boolean hidden, Tensor v, int b,
            int r) {
        Tensor w = p.get(hidden ? "weight_hh" : "weight_ih").value();
        double s = p.get(hidden ? "bias_hh" : "bias_ih").value().get(r);
        for (int k = 0; k < w.shape().dim(1); k++) {
            s += w.get(r, k) * v.get(b, k);
        }
        return s;
    }

    @Property(tries = 10)
    void oneStepMatchesTheEquations(@ForAll("cells") Cells cells) {
        Tensor x = cells.rnn().x();
        Tensor h = cells.h();
        Tensor c = cells.c();
        int batch = x.shape().dim(0);
        int n = h.shape().dim(1);
        RNNCell rnn = cells.rnn().module();
        GRUCell gru = cells.gru().module();
        LSTMCell lstm = cells.lstm().module();
        Tensor rnnOut = rnn.step(Node.constant(x), Node.constant(h)).value();
        Tensor gruOut = gru.step(Node.constant(x), Node.constant(h)).value();
        LSTMCell.State next = lstm.step(Node.constant(x), new LSTMCell.State(Node.constant(h), Node.constant(c)));
        Tensor lstmH = next.h().value();
        Tensor lstmC = next.c().value();
        var pr = rnn.parameters();
        var pg = gru.parameters();
        var pl = lstm.parameters();
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < n; j++) {
                double expected = Math.tanh(affine(pr, false, x, b, j) + affine(pr, true, h, b, j));
                assertEquals(expected, rnnOut.get(b, j), 1e-12, "rnn");

                double r = sigmoid(affine(pg, false, x, b, j) + affine(pg, true, h, b, j));
                double z = sigmoid(affine(pg, false, x, b, n + j) + affine(pg, true, h, b, n + j));
                double cand = Math.tanh(affine(pg, false, x, b, 2 * n + j) + r * affine(pg, true, h, b, 2 * n + j));
                assertEquals((1 - z) * cand + z * h.get(b, j), gruOut.get(b, j), 1e-12, "gru");

                double i = sigmoid(affine(pl, false, x, b, j) + affine(pl, true, h, b, j));
                double f = sigmoid(affine(pl, false, x, b, n + j) + affine(pl, true, h, b, n + j));
                double g = Math.tanh(affine(pl, false, x, b, 2 * n + j) + affine(pl, true, h, b, 2 * n + j));
                double o = sigmoid(affine(pl, false, x, b, 3 * n + j) + affine(pl, true, h, b, 3 * n + j));
                double cNext = f * c.get(b, j) + i * g;
                assertEquals(cNext, lstmC.get(b, j), 1e-12, "lstm c");
                assertEquals(o * Math.tanh(cNext), lstmH.get(b, j), 1e-12, "lstm h");
            }
        }
    }

    @Example
    void rnnStepByHand() {
        RNNCell cell = RNNCell.create(1, 1, new SplittableRandom(1));
        cell.parameters().get("weight_ih").set(Tensor.of(new double[] {0.5}, 1, 1));
        cell.parameters().get("weight_hh").set(Tensor.of(new double[] {-1}, 1, 1));
        cell.parameters().get("bias_ih").set(Tensor.vector(0.1));
        cell.parameters().get("bias_hh").set(Tensor.vector(0.2));
        Node h = cell.step(Node.constant(Tensor.of(new double[] {2}, 1, 1)),
                Node.constant(Tensor.of(new double[] {0.5}, 1, 1)));
        // tanh(0.5·2 + 0.1 − 1·0.5 + 0.2) = tanh(0.8)
        assertEquals(Math.tanh(0.8), h.value().item(), 1e-15);
    }

    @Example
    void layersNameTheirWeightsAsPyTorchsFirstLayerAndCellsAsPyTorchsCells() {
        LSTM lstm = LSTM.create(3, 4, new SplittableRandom(2));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"),
                List.copyOf(lstm.parameters().keySet()));
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"),
                List.copyOf(lstm.cell().parameters().keySet()));
        assertSame(lstm.cell().parameters().get("weight_hh"), lstm.parameters().get("weight_hh_l0"));
        assertEquals(Shape.of(16, 3), lstm.parameters().get("weight_ih_l0").shape());
    }

    @Example
    void aCellAsAModuleStepsOnceFromTheZeroState() {
        GRUCell cell = GRUCell.create(3, 4, new SplittableRandom(3));
        Node x = Node.constant(Tensor.uniform(new SplittableRandom(4), -1, 1, 2, 3));
        assertEquals(cell.step(x, cell.zeroState(2)).value(), cell.forward(x).value());
        LSTMCell lstm = LSTMCell.create(3, 4, new SplittableRandom(3));
        assertEquals(lstm.step(x, lstm.zeroState(2)).h().value(), lstm.forward(x).value());
        assertMessage("GRUCell(3 -> 4): input [3] is not [batch, features]",
                () -> cell.forward(Node.placeholder("x", 3)));
    }

    @Property(tries = 10)
    void layersEqualSteppingTheirCells(@ForAll("layers") Layers c) {
        Tensor x = c.x();
        int batch = x.shape().dim(0);
        int time = x.shape().dim(1);
        int input = x.shape().dim(2);
        int hidden = c.h0().shape().dim(1);
        Node in = Node.constant(x);
        GRU gru = c.gru().module();
        LSTM lstm = c.lstm().module();
        Recurrence<Node> gruRun = gru.run(in);
        Recurrence<LSTMCell.State> lstmRun = lstm.run(in);
        assertEquals(Shape.of(batch, time, hidden), gruRun.outputs().shape());
        Node h = gru.cell().zeroState(batch);
        LSTMCell.State state = lstm.cell().zeroState(batch);
        for (int t = 0; t < time; t++) {
            Node xt = Node.constant(x.slice(1, t, t + 1).reshape(batch, input));
            h = gru.cell().step(xt, h);
            state = lstm.cell().step(xt, state);
            Tensor gruAtT = gruRun.outputs().value().slice(1, t, t + 1).reshape(batch, hidden);
            Tensor lstmAtT = lstmRun.outputs().value().slice(1, t, t + 1).reshape(batch, hidden);
            assertTrue(h.value().allClose(gruAtT, 1e-12));
            assertTrue(state.h().value().allClose(lstmAtT, 1e-12));
        }
        assertTrue(h.value().allClose(gruRun.state().value(), 1e-12));
        assertTrue(state.c().value().allClose(lstmRun.state().c().value(), 1e-12));
    }

    @Property(tries = 10)
    void gradientsThroughLayers(@ForAll("layers") Layers c) {
        Tensor x = c.x();
        ParameterGradCheck.check(c.rnn().module(), x);
        ParameterGradCheck.check(c.gru().module(), x);
        LSTM lstm = c.lstm().module();
        ParameterGradCheck.check(lstm, x);
        // The final cell state, which the outputs see only through tanh and the output gate.
        ParameterGradCheck.check(in -> lstm.run(in).state().c(), x, lstm.parameters().values());
    }

    @Property(tries = 10)
    void gradientWithRespectToTheInitialState(@ForAll("layers") Layers c) {
        GRU gru = c.gru().module();
        Node x = Node.constant(c.x());
        leibniz.autograd.check.GradCheck.of(hs -> gru.run(x, hs.get(0)).outputs()).check(c.h0());
    }

    @Example
    void refusesBadInput() {
        SplittableRandom rng = new SplittableRandom(4);
        assertMessage("LSTM(3 -> 4): input [2, 5, 7] has 7 features",
                () -> LSTM.create(3, 4, rng).forward(Node.placeholder("x", 2, 5, 7)));
        assertMessage("GRU(3 -> 4): input [2, 3] is not [batch, time, features]",
                () -> GRU.create(3, 4, rng).forward(Node.placeholder("x", 2, 3)));
        assertMessage("RNN(3 -> 4): input [2, 0, 3] has no time steps",
                () -> RNN.create(3, 4, rng).forward(Node.placeholder("x", 2, 0, 3)));
        assertMessage("GRU(3 -> 4): initial hidden state [2, 5] should be [2, 4]",
                () -> GRU.create(3, 4, rng).run(Node.placeholder("x", 2, 5, 3), Node.placeholder("h", 2, 5)));
        assertMessage("LSTMCell(3 -> 4): input [2, 7] has 7 features",
                () -> LSTMCell.create(3, 4, rng).step(Node.placeholder("x", 2, 7),
                        LSTMCell.create(3, 4, rng).zeroState(2)));
        assertMessage("LSTMCell(3 -> 4): cell state [1, 4] should be [2, 4]",
                () -> LSTMCell.create(3, 4, rng).step(Node.placeholder("x", 2, 3),
                        new LSTMCell.State(Node.placeholder("h", 2, 4), Node.placeholder("c", 1, 4))));
        assertMessage("RNNCell(0 -> 4): input and hidden sizes must be at least 1", () -> RNNCell.create(0, 4, rng));
    }
}
