package leibniz.optim;

import static leibniz.optim.ToyModels.blobs;
import static leibniz.optim.ToyModels.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import leibniz.autograd.Assign;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Safetensors;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming a model with state beyond its parameters: a running mean updated by each training pass (as batch
 * norm's) and a dropout mask drawn from a step counter. With the buffers given to the trainer, an interrupted
 * and resumed run matches an uninterrupted one exactly; without them, it does not.
 */
class BufferResumeTest {
    @TempDir
    Path dir;

    private static final Dataset TRAIN = blobs(45, 3);

    /**
     * A fresh two-layer classifier built from autograd ops: {@code h = x·w1} (no bias: centring removes it),
     * centred by the batch mean in training (by the running mean in evaluation), dropped out with keep
     * probability 3/4 in training, then {@code z = tanh(h)·w2 + b2} under the logistic loss.
     */
    private static final class Net {
        final Parameter w1 = Parameter.of("w1", Tensor.normal(1, 0, 0.5, 2, 4));
        final Parameter w2 = Parameter.of("w2", Tensor.normal(2, 0, 0.5, 4, 1));
        final Parameter b2 = Parameter.of("b2", Tensor.zeros(1));
        final Parameter runningMean = Parameter.of("running_mean", Tensor.zeros(4));
        final Parameter draws = Parameter.of("draws", Tensor.scalar(0));
        final Adam adam = Adam.create(0.05);
        final long dropSeed;

        Net(long dropSeed) {
            this.dropSeed = dropSeed;
        }

        Objective objective() {
            return (x, y, training) -> {
                Node h = x.matmul(w1.node());
                List<Assign> updates = new ArrayList<>();
                Node centred;
                if (training) {
                    Node mean = h.mean(0);
                    updates.add(new Assign(runningMean, runningMean.node().mul(0.9).add(mean.detach().mul(0.1))));
                    Node mask = Node.bernoulli(h.shape(), 0.75, dropSeed, draws.node());
                    updates.add(new Assign(draws, draws.node().add(1)));
                    centred = h.sub(mean).mul(mask).div(0.75);
                } else {
                    centred = h.sub(runningMean.node());
                }
                Node z = centred.tanh().matmul(w2.node()).add(b2.node());
                Node loss = z.abs().neg().exp().log1p().add(z.relu()).sub(y.mul(z)).mean();
                return new Pass(loss, z.sigmoid(), updates);
            };
        }

        Map<String, Parameter> buffers() {
            return params(runningMean, draws);
        }

        Trainer.Builder trainer(int epochs, boolean withBuffers) {
            Trainer.Builder b = Trainer.builder().parameters(params(w1, w2, b2)).objective(objective())
                    .optimizer(adam).epochs(epochs).batchSize(7).seed(11).validation(blobs(20, 4)).quiet();
            return withBuffers ? b.buffers(buffers()) : b;
        }

        Map<String, Tensor> state() {
            Map<String, Tensor> m = new LinkedHashMap<>();
            for (Parameter p : List.of(w1, w2, b2, runningMean, draws)) {
                m.put(p.name(), p.value());
            }
            adam.state().forEach((k, p) -> m.put(k, p.value()));
            return m;
        }
    }

    /** Trains 3 epochs with a checkpoint, then a fresh model resumes from it up to epoch 6. */
    private History[] interrupted(Net first, Net second, boolean withBuffers) throws Exception {
        Path ckpt = dir.resolve("net-" + withBuffers + ".safetensors");
        History head = first.trainer(3, withBuffers).callbacks(CheckpointCallback.of(ckpt, 3)).build().fit(TRAIN);
        Trainer resumed = second.trainer(6, withBuffers).build().resume(ckpt);
        return new History[] {head, resumed.fit(TRAIN)};
    }

    @Test
    void resumedRunEqualsUninterruptedRunExactly() throws Exception {
        Net whole = new Net(5);
        History all = whole.trainer(6, true).build().fit(TRAIN);
        // 45 rows in batches of 7: 7 steps an epoch, each drawing one mask.
        assertEquals(Tensor.scalar(42), whole.draws.value());

        Net second = new Net(5);
        History[] parts = interrupted(new Net(5), second, true);
        assertEquals(whole.state(), second.state());
        for (String key : List.of("loss", "val_loss", "step")) {
            double[] expected = all.series(key);
            assertArrayEquals(Arrays.copyOfRange(expected, 0, 3), parts[0].series(key), key);
            assertArrayEquals(Arrays.copyOfRange(expected, 3, 6), parts[1].series(key), key);
        }
        assertEquals(List.of("model.w1", "model.w2", "model.b2", "buffer.running_mean", "buffer.draws"),
                List.copyOf(Safetensors.read(dir.resolve("net-true.safetensors")).tensors().keySet()).subList(0, 5));
    }

    @Test
    void withoutTheBuffersResumingDrifts() throws Exception {
        Net whole = new Net(5);
        History all = whole.trainer(6, true).build().fit(TRAIN);
        Net second = new Net(5);
        History[] parts = interrupted(new Net(5), second, false);
        // The resumed model restarts its masks at counter 0 and its running mean at 0.
        assertEquals(Tensor.scalar(21), second.draws.value());
        assertNotEquals(whole.state().get("w1"), second.state().get("w1"));
        assertNotEquals(all.series("loss")[3], parts[1].series("loss")[0]);
    }

    @Test
    void theSameSeedGivesTheSameRunAndTheMasksMatter() {
        Net a = new Net(5);
        Net b = new Net(5);
        Net c = new Net(6);
        History ha = a.trainer(2, true).build().fit(TRAIN);
        History hb = b.trainer(2, true).build().fit(TRAIN);
        History hc = c.trainer(2, true).build().fit(TRAIN);
        assertEquals(a.state(), b.state());
        assertArrayEquals(ha.series("loss"), hb.series("loss"));
        assertNotEquals(ha.series("loss")[0], hc.series("loss")[0], "another dropout seed draws other masks");
    }

    @Test
    void earlyStoppingRestoresTheBestEpochsBuffersWithItsParameters() {
        Net net = new Net(5);
        List<Map<String, Tensor>> states = new ArrayList<>();
        // The epoch number only grows, so under MIN the best epoch is the first, and patience 5 never stops.
        EarlyStopping stop = EarlyStopping.of("epoch", 5, 0, Schedules.Mode.MIN, true);
        Callback record = (t, e) -> {
            states.add(net.state());
            return false;
        };
        net.trainer(3, true).callbacks(record, stop).build().fit(TRAIN);
        assertEquals(1, stop.bestEpoch());
        Map<String, Tensor> best = states.get(0);
        for (String name : List.of("w1", "w2", "b2", "running_mean", "draws")) {
            assertEquals(best.get(name), net.state().get(name), name);
            assertNotEquals(states.get(2).get(name), best.get(name), name);
        }
    }

    @Test
    void badBuffersAreRefused() throws Exception {
        Net net = new Net(5);
        assertEquals("Trainer: buffers must be a map, maybe empty", assertThrows(IllegalArgumentException.class,
                () -> net.trainer(1, false).buffers(null)).getMessage());
        assertEquals("Trainer: buffer 'w2' is also a trained parameter", assertThrows(IllegalArgumentException.class,
                () -> net.trainer(1, false).buffers(params(net.runningMean, net.w2)).build()).getMessage());
        Map<String, Parameter> holes = new LinkedHashMap<>();
        holes.put("draws", null);
        assertEquals("Trainer: buffer 'draws' has no parameter", assertThrows(IllegalArgumentException.class,
                () -> net.trainer(1, false).buffers(holes).build()).getMessage());
        // A checkpoint with buffers does not load into a trainer that was not given them, and changes nothing.
        Path ckpt = dir.resolve("buffers.safetensors");
        new Net(5).trainer(1, true).build().checkpoint(ckpt);
        Trainer without = net.trainer(1, false).build();
        assertEquals("checkpoint load: buffers.safetensors: unexpected tensors 'buffer.running_mean', 'buffer.draws'",
                assertThrows(IllegalArgumentException.class, () -> without.resume(ckpt)).getMessage());
    }
}
