package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import leibniz.autograd.Assign;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Safetensors;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model saved while another thread trains it holds every parameter from one and the same step. */
class ModelFileThreadsTest {
    @TempDir
    Path dir;

    @Test
    void aSaveDuringTrainingIsOneStep() throws Exception {
        Linear layer = Linear.create(8, 8, new SplittableRandom(1));
        List<Parameter> ps = List.copyOf(layer.parameters().values());
        for (Parameter p : ps) {
            p.set(Tensor.zeros(p.shape()));
        }
        // Every step adds 1 to every element of every parameter, so a consistent file has one value throughout.
        List<Assign> step = new ArrayList<>();
        for (Parameter p : ps) {
            step.add(new Assign(p, p.node().add(1)));
        }
        Program train = Program.of(List.of(), step);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch started = new CountDownLatch(1);
            Future<?> training = pool.submit(() -> {
                started.countDown();
                for (int i = 0; i < 20000; i++) {
                    train.run();
                }
            });
            assertTrue(started.await(10, TimeUnit.SECONDS));
            Path file = dir.resolve("model.safetensors");
            int saves = 0;
            while (!training.isDone() || saves == 0) {
                ModelFile.save(layer, file);
                saves++;
                Map<String, Tensor> saved = Safetensors.read(file).tensors();
                double first = saved.get(ps.get(0).name()).toArray()[0];
                for (Tensor t : saved.values()) {
                    for (double v : t.toArray()) {
                        assertEquals(first, v, 0, "a file mixing two training steps");
                    }
                }
            }
            training.get();
            assertTrue(Files.exists(file));
        } finally {
            pool.shutdownNow();
        }
    }
}
