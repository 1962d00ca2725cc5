package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Op;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on {@code local[2]} with up to 4 attempts per task: a partition whose task fails on its first attempt
 * at every step is retried and the run ends with the same numbers; a driver that stops after a checkpoint is
 * replaced by a new one that resumes and ends where an uninterrupted run does; a job that fails for good stops
 * training with a sentence and leaves the last checkpoint as it was.
 */
class SparkFaultTest {
    private static final Dataset TRAIN = SparkNet.data(64, 8);
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(2);

    @TempDir
    Path dir;

    /**
     * The identity on the loss that throws inside a Spark task of partition {@code partition} on its first
     * attempt, or on every attempt once the step counter has reached {@code from} (never when negative).
     */
    private record Fault(int partition, double from) implements Op {
        public String name() {
            return "fault";
        }

        public Shape shape(Shape... in) {
            return in[0];
        }

        public Tensor forward(Tensor... in) {
            TaskContext task = TaskContext.get();
            if (task != null && task.partitionId() == partition
                    && (task.attemptNumber() == 0 || from >= 0 && in[1].item() >= from)) {
                throw new IllegalStateException("injected fault in partition " + partition + ", attempt "
                        + task.attemptNumber());
            }
            return in[0];
        }

        public List<Node> vjp(Node out, Node g) {
            return List.of(g, Node.zeros(out.input(1).shape()));
        }
    }

    /** {@link SparkNet}'s recipe with the loss passed through {@code fault}. */
    private static SparkModel faulty(long seed, int partition, double from) {
        return () -> {
            SparkNet n = new SparkNet(seed);
            Objective o = n.objective();
            return SparkModel.Replica.of(n.parameters(), n.buffers(), (x, y, training) -> {
                Pass p = o.build(x, y, training);
                Node loss = Node.apply(new Fault(partition, from), p.loss(), n.steps.node());
                return new Pass(loss, p.prediction(), p.updates());
            });
        };
    }

    private static Map<String, Tensor> train(SparkModel recipe, int epochs) {
        SparkNet net = new SparkNet(9);
        try (SparkTrainer t = SparkTrainer.of(SPARK.session(), net.settings(epochs), recipe)) {
            t.fit(SparkData.of(SPARK.session(), TRAIN, 3));
        }
        return net.values();
    }

    @Test
    void aTaskFailingOnItsFirstAttemptIsRetriedWithTheSameResult() {
        Map<String, Tensor> clean = train(SparkNet.recipe(9), 2);
        Map<String, Tensor> retried = train(faulty(9, 1, -1), 2);
        assertEquals(clean, retried);
    }

    @Test
    void aNewDriverResumesFromTheLastCheckpoint() throws IOException {
        Map<String, Tensor> uninterrupted = train(SparkNet.recipe(9), 4);
        Path ckpt = dir.resolve("run.safetensors");
        SparkNet first = new SparkNet(9);
        Trainer.Builder stopsAfterTwo = first.settings(4).callbacks(CheckpointCallback.of(ckpt, 1),
                (trainer, epoch) -> epoch.epoch() == 2);
        try (SparkTrainer t = SparkTrainer.of(SPARK.session(), stopsAfterTwo, SparkNet.recipe(9))) {
            assertEquals(2, t.fit(SparkData.of(SPARK.session(), TRAIN, 3)).epochs().size());
        }
        // The driver is gone; a new one with a fresh model restores the checkpoint and trains epochs 3 and 4.
        SparkNet second = new SparkNet(123);
        try (SparkTrainer t = SparkTrainer.of(SPARK.session(), second.settings(4), SparkNet.recipe(123)).resume(ckpt)) {
            History rest = t.fit(SparkData.of(SPARK.session(), TRAIN, 3));
            assertArrayEquals(new double[] {3, 4}, rest.series("epoch"));
        }
        assertEquals(uninterrupted, second.values());
    }

    @Test
    void aJobThatFailsForGoodStopsTrainingAndKeepsTheCheckpoint() throws IOException {
        Path ckpt = dir.resolve("kept.safetensors");
        SparkNet net = new SparkNet(9);
        // 64 rows in batches of 16: 4 steps an epoch; the fault fires on every attempt from step 5 on.
        Trainer.Builder checkpointed = net.settings(3).callbacks(CheckpointCallback.of(ckpt, 1));
        try (SparkTrainer t = SparkTrainer.of(SPARK.session(), checkpointed, faulty(9, 2, 4))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> t.fit(SparkData.of(SPARK.session(), TRAIN, 3)));
            assertTrue(e.getMessage().startsWith("SparkTrainer: step 5 (epoch 2): the Spark job failed: "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("injected fault in partition 2, attempt 3"), e.getMessage());
            assertEquals(1, t.trainer().epoch());
        }
        byte[] saved = Files.readAllBytes(ckpt);
        SparkNet check = new SparkNet(0);
        Trainer restored = check.settings(3).build().resume(ckpt);
        assertEquals(1, restored.epoch());
        assertEquals(4, restored.step());
        assertArrayEquals(saved, Files.readAllBytes(ckpt));
    }
}
