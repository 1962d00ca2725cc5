package leibniz.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.DType;
import leibniz.core.Tensor;

/**
 * The Leibniz side of the PyTorch reference files (test resources {@code leibniz/nn/torch/}, made by
 * {@code make_references.py} from {@code torch_cases.py}): for each case, the layer of the same architecture
 * and how it computes the outputs of the case from its inputs, as {@code torch_cases.py} does in PyTorch.
 */
final class TorchCases {
    private TorchCases() {
    }

    /** A layer, freshly made with arbitrary weights, and how it computes the named outputs from the inputs. */
    record Case(String name, Supplier<Module> fresh, BiFunction<Module, Map<String, Tensor>, Map<String, Tensor>> run) {
    }

    private static SplittableRandom rng() {
        return new SplittableRandom(99);
    }

    static List<Case> all() {
        return List.of(
                new Case("linear", () -> Linear.create(3, 4, rng()), TorchCases::evaluated),
                new Case("linear_no_bias", () -> Linear.create(3, 2, rng(), Initializers.xavierUniform(), false),
                        TorchCases::evaluated),
                new Case("conv1d", () -> Conv1d.create(2, 3, 3, 2, 1, rng()), TorchCases::evaluated),
                new Case("conv2d", () -> Conv2d.create(2, 3, 3, 2, 2, 1, 1, 0, true, rng()), TorchCases::evaluated),
                new Case("embedding", () -> Embedding.create(6, 3, rng()), TorchCases::evaluated),
                new Case("layer_norm", () -> LayerNorm.create(4), TorchCases::evaluated),
                new Case("batch_norm1d", () -> BatchNorm1d.create(3), TorchCases::trainedThreeTimes),
                new Case("batch_norm1d_cumulative", () -> BatchNorm1d.cumulative(3, 1e-5),
                        TorchCases::trainedThreeTimes),
                new Case("batch_norm2d", () -> BatchNorm2d.create(3, 0.3, 1e-3), TorchCases::trainedThreeTimes),
                new Case("rnn", () -> RNN.create(3, 4, rng()), (m, io) -> hidden(((RNN) m).run(in(io, "x"),
                        in(io, "h0")))),
                new Case("gru", () -> GRU.create(3, 4, rng()), (m, io) -> hidden(((GRU) m).run(in(io, "x"),
                        in(io, "h0")))),
                new Case("lstm", () -> LSTM.create(3, 4, rng()), (m, io) -> {
                    Recurrence<LSTMCell.State> run = ((LSTM) m).run(in(io, "x"),
                            new LSTMCell.State(in(io, "h0"), in(io, "c0")));
                    return values("y", run.outputs(), "h", run.state().h(), "c", run.state().c());
                }),
                new Case("rnn_cell", () -> RNNCell.create(3, 4, rng()),
                        (m, io) -> values("h", ((RNNCell) m).step(in(io, "x"), in(io, "h0")))),
                new Case("gru_cell", () -> GRUCell.create(3, 4, rng()),
                        (m, io) -> values("h", ((GRUCell) m).step(in(io, "x"), in(io, "h0")))),
                new Case("lstm_cell", () -> LSTMCell.create(3, 4, rng()), (m, io) -> {
                    LSTMCell.State s = ((LSTMCell) m).step(in(io, "x"), new LSTMCell.State(in(io, "h0"), in(io, "c0")));
                    return values("h", s.h(), "c", s.c());
                }),
                new Case("multihead_attention", () -> MultiHeadAttention.create(4, 2, rng()), TorchCases::attended),
                new Case("mlp_f32", () -> Sequential.of(Linear.create(4, 8, rng()), Activation.tanh(),
                        Dropout.create(0.5, 1), Linear.create(8, 3, rng())).to(DType.F32), TorchCases::evaluated),
                new Case("cnn_f32", () -> Sequential.of(Conv2d.create(1, 2, 3, 1, 1, rng()), BatchNorm2d.create(2),
                        Activation.relu(), MaxPool2d.create(2), Flatten.create(), Dropout.create(0.5, 1),
                        Linear.create(8, 3, rng())).to(DType.F32), TorchCases::evaluated));
    }

    /** {@code y}: the module applied to {@code x} in an evaluation pass. */
    private static Map<String, Tensor> evaluated(Module m, Map<String, Tensor> io) {
        return values("y", m.forward(in(io, "x")));
    }

    /**
     * {@code y0..y2}: three training steps on {@code x0..x2}, each applying its state updates; {@code ye}: an
     * evaluation pass on {@code xe}; {@code trained.<name>}: the state after training.
     */
    private static Map<String, Tensor> trainedThreeTimes(Module m, Map<String, Tensor> io) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int k = 0; k < 3; k++) {
            Context ctx = Context.training();
            Node y = m.forward(in(io, "x" + k), ctx);
            out.put("y" + k, Program.of(List.of(y), ctx.updates()).run().get(0));
        }
        out.put("ye", m.forward(in(io, "xe")).value());
        m.parameters().forEach((name, p) -> out.put("trained." + name, p.value()));
        m.persistentBuffers().forEach((name, p) -> out.put("trained." + name, p.value()));
        return out;
    }

    /** {@code y}: the hidden states of a recurrent layer's run; {@code h}: its last state. */
    private static Map<String, Tensor> hidden(Recurrence<Node> run) {
        return values("y", run.outputs(), "h", run.state());
    }

    /** {@code y}, {@code y_causal}: self-attention of {@code x} without and with the mask; {@code y_cross}. */
    private static Map<String, Tensor> attended(Module m, Map<String, Tensor> io) {
        MultiHeadAttention mha = (MultiHeadAttention) m;
        MultiHeadAttention causal = MultiHeadAttention.create(4, 2, true, rng());
        Map<String, Tensor> weights = new LinkedHashMap<>();
        mha.parameters().forEach((name, p) -> weights.put(name, p.value()));
        Parameter.setAll(causal.parameters(), weights, "attention: ", "the causal layer");
        return values("y", mha.forward(in(io, "x")), "y_causal", causal.forward(in(io, "x")),
                "y_cross", mha.attend(in(io, "q"), in(io, "kv"), in(io, "kv")));
    }

    private static Node in(Map<String, Tensor> io, String name) {
        Tensor t = io.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no input '" + name + "' among " + io.keySet());
        }
        return Node.constant(t);
    }

    /** The values of the named nodes, in order. */
    private static Map<String, Tensor> values(Object... namesAndNodes) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndNodes.length; i += 2) {
            out.put((String) namesAndNodes[i], ((Node) namesAndNodes[i + 1]).value());
        }
        return out;
    }
}
