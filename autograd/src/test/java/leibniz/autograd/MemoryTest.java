package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import leibniz.core.DType;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** The peak bytes of intermediate values: by hand for small schedules, and what checkpointing saves. */
class MemoryTest {
    @Test
    void aFusedChainHoldsOneBufferAndAnUnfusedChainTwoValues() {
        Node x = Node.placeholder("x", 10);
        // exp(x) and its double run as one fused loop that writes the double only, into a buffer of the plan;
        // the sum is the output.
        assertEquals(10 * 8, Program.of(x.exp().mul(2).sum()).peakBytes());
        assertEquals(10 * 4, Program.of(x.to(DType.F32).exp().mul(2).sum()).peakBytes());
        // One kernel per node: exp(x) [10] and its double, each in new storage, are both alive at the double.
        Program.Options unfused = Program.Options.defaults().fuse(false);
        assertEquals(2 * 10 * 8, Program.of(List.of(x.exp().mul(2).sum()), List.of(), unfused).peakBytes());
        // Outputs and leaves do not count.
        assertEquals(0, Program.of(x.exp(), x).peakBytes());
    }

    @Test
    void aLoopAddsItsBodysPeakWhileItRuns() {
        Node xs = Node.placeholder("xs", 7, 10);
        ControlFlow.Scanned run = ControlFlow.scan((c, x) -> new ControlFlow.Step(
                List.of(c.get(0).add(x.get(0).exp().mul(2).sum())), List.of()), List.of(Node.constant(Tensor.zeros(10))),
                List.of(xs));
        Node y = run.carry().get(0).sum();
        // The carry [10] the loop returns, plus its body's buffers (the fused exp and double [10], and their
        // sum), plus the next carry [10] the step returns beside the one it started from.
        assertEquals(10 * 8 + 10 * 8 + 8 + 10 * 8, Program.of(y).peakBytes());
    }

    @Test
    void aScanHoldsItsStackedOutputsOnce() {
        Node xs = Node.placeholder("xs", 7, 10);
        ControlFlow.Scanned run = ControlFlow.scan((c, x) -> {
            Node y = x.get(0).mul(c.get(0)).tanh();
            return new ControlFlow.Step(List.of(y), List.of(y.exp()));
        }, List.of(Node.constant(Tensor.ones(10))), List.of(xs));
        Node y = run.carry().get(0).sum().add(run.outputs().get(0).sum());
        // The plan's buffers of the two sums, held throughout; the results: the carry [10] and the outputs
        // stacked once [7, 10]; while a step runs, what its body (one fused loop) returns: the next carry and
        // exp [10] each.
        assertEquals(2 * 8 + 10 * 8 + 7 * 10 * 8 + 2 * 10 * 8, Program.of(y).peakBytes());
        Tensor data = Tensor.normal(5, 0, 1, 7, 10);
        Tensor c = Tensor.ones(10);
        Tensor[] steps = new Tensor[7];
        for (int t = 0; t < 7; t++) {
            c = data.slice(0, t, t + 1).reshape(10).mul(c).tanh();
            steps[t] = c.exp();
        }
        assertEquals(List.of(c, Tensor.stack(0, steps)),
                Program.of(run.carry().get(0), run.outputs().get(0)).run(java.util.Map.of(xs, data)));
    }

    /** Layers {@code tanh(h W_i)}, each block of {@code per} checkpointed when per > 0. */
    private static Node deep(Node x, List<Parameter> ws, int per) {
        Node h = x;
        for (int i = 0; i < ws.size(); i += Math.max(per, 1)) {
            int from = i;
            int to = Math.min(ws.size(), i + Math.max(per, 1));
            UnaryOperator<Node> block = v -> {
                for (int j = from; j < to; j++) {
                    v = v.matmul(ws.get(j).node()).tanh();
                }
                return v;
            };
            h = per > 0 ? Autograd.checkpoint(block, h) : block.apply(h);
        }
        return h.square().mean();
    }

    @Test
    void checkpointingEveryFourOf32LayersHoldsAThirdAndChangesNoBit() {
        List<Parameter> ws = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            ws.add(Parameter.of("w" + i, Tensor.normal(i, 0, 0.2, 32, 32)));
        }
        Node x = Node.constant(Tensor.normal(99, 0, 1, 16, 32));
        Program plain = Program.of(new ArrayList<>(List.of(deep(x, ws, 0))) {{ addAll(Autograd.gradients(get(0), ws)); }});
        Program remat = Program.of(new ArrayList<>(List.of(deep(x, ws, 4))) {{ addAll(Autograd.gradients(get(0), ws)); }});
        assertEquals(plain.run(), remat.run());
        long a = plain.peakBytes();
        long b = remat.peakBytes();
        assertTrue(b * 3 < a, () -> "plain " + a + " bytes, checkpointed " + b);
    }
}
