package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Assign;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** Checkpointed modules: the same bits as the plain model (dropout and batch norm included), less memory held. */
class RematTest {
    /** Blocks of {@code per} layers Linear-BatchNorm-ReLU-Dropout, each block checkpointed if {@code remat}. */
    private static Sequential model(int layers, int per, boolean remat) {
        SplittableRandom rng = new SplittableRandom(3);
        List<Module> blocks = new ArrayList<>();
        for (int b = 0; b < layers; b += per) {
            List<Module> block = new ArrayList<>();
            for (int l = b; l < b + per; l++) {
                block.add(Linear.create(8, 8, rng));
                block.add(BatchNorm1d.create(8));
                block.add(Activation.relu());
                block.add(Dropout.create(0.25, l));
            }
            Sequential s = Sequential.of(block.toArray(new Module[0]));
            blocks.add(remat ? Remat.of(s) : s);
        }
        return Sequential.of(blocks.toArray(new Module[0]));
    }

    /** Two SGD steps (loss, gradients, new weights, statistics and dropout counters), then every state value. */
    private static List<Tensor> train(Sequential m, Tensor x) {
        Context ctx = Context.training();
        Node loss = m.forward(Node.constant(x), ctx).square().mean();
        List<Parameter> ps = new ArrayList<>(m.parameters().values());
        List<Node> grads = Autograd.gradients(loss, ps);
        List<Assign> updates = new ArrayList<>(ctx.updates());
        for (int i = 0; i < ps.size(); i++) {
            updates.add(new Assign(ps.get(i), ps.get(i).node().sub(grads.get(i).mul(0.1))));
        }
        List<Node> outputs = new ArrayList<>(List.of(loss));
        outputs.addAll(grads);
        Program step = Program.of(outputs, updates);
        List<Tensor> seen = new ArrayList<>(step.run());
        seen.addAll(step.run());
        seen.addAll(Parameter.values(m.parameters().values()));
        seen.addAll(Parameter.values(m.buffers().values()));
        return seen;
    }

    @Test
    void aCheckpointedModelTrainsToTheSameBits() {
        Tensor x = Tensor.normal(4, 0, 1, 16, 8);
        Sequential plain = model(8, 2, false);
        Sequential remat = model(8, 2, true);
        assertEquals(List.copyOf(plain.parameters().keySet()), List.copyOf(remat.parameters().keySet()));
        assertEquals(List.copyOf(plain.buffers().keySet()), List.copyOf(remat.buffers().keySet()));
        assertEquals(train(plain, x), train(remat, x));
        assertTrue(remat.toString().startsWith("Sequential(Remat(Sequential(Linear(8 -> 8), "), remat.toString());
    }

    @Test
    void checkpointingEveryFourOf32LayersHoldsLessThanAThird() {
        long[] peak = new long[2];
        for (int k = 0; k < 2; k++) {
            SplittableRandom rng = new SplittableRandom(5);
            List<Module> blocks = new ArrayList<>();
            for (int b = 0; b < 32; b += 4) {
                Sequential block = Sequential.of(Linear.create(16, 16, rng), Activation.relu(), Linear.create(16, 16, rng),
                        Activation.relu(), Linear.create(16, 16, rng), Activation.relu(), Linear.create(16, 16, rng),
                        Activation.relu());
                blocks.add(k == 1 ? Remat.of(block) : block);
            }
            Sequential mlp = Sequential.of(blocks.toArray(new Module[0]));
            Node loss = mlp.forward(Node.placeholder("x", 8, 16)).square().mean();
            List<Node> outputs = new ArrayList<>(List.of(loss));
            outputs.addAll(Autograd.gradients(loss, new ArrayList<>(mlp.parameters().values())));
            Program p = Program.of(outputs);
            peak[k] = p.peakBytes();
            assertEquals(outputs.size(), p.run(Map.of(p.placeholders().get(0), Tensor.normal(6, 0, 1, 8, 16))).size());
        }
        assertTrue(3 * peak[1] < peak[0], () -> "plain " + peak[0] + " bytes, checkpointed " + peak[1]);
    }
}
