package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import leibniz.autograd.Assign;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Safetensors;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint saved while another thread trains holds every tensor from one and the same step. */
class CheckpointThreadsTest {
    @TempDir
    Path dir;

    @Test
    void aCheckpointDuringTrainingIsOneStep() throws Exception {
        Map<String, Parameter> params = new LinkedHashMap<>();
        Map<String, Parameter> slots = new LinkedHashMap<>();
        List<Assign> step = new ArrayList<>();
        // Many small tensors: reading them one by one (as saves did) leaves room for steps in between.
        for (int i = 0; i < 64; i++) {
            Parameter p = Parameter.of("p" + i, Tensor.zeros(8));
            Parameter s = Parameter.of("s" + i, Tensor.zeros(8));
            params.put(p.name(), p);
            slots.put(s.name(), s);
            // Every step adds 1 to every element, so a consistent checkpoint has one value throughout.
            step.add(new Assign(p, p.node().add(1)));
            step.add(new Assign(s, s.node().add(1)));
        }
        Program train = Program.of(List.of(), step);
        CompletableFuture<Void> training = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 20000; i++) {
                train.run();
            }
        });
        Path file = dir.resolve("ckpt.safetensors");
        for (int saves = 1; saves == 1 || !training.isDone(); saves++) {
            Checkpoint.save(file, params, slots, Map.of());
            Map<String, Tensor> saved = Safetensors.read(file).tensors();
            double first = saved.get("model.p0").toArray()[0];
            for (Map.Entry<String, Tensor> t : saved.entrySet()) {
                for (double v : t.getValue().toArray()) {
                    assertEquals(first, v, 0, "save " + saves + " mixes two training steps at " + t.getKey());
                }
            }
        }
        training.get(1, TimeUnit.MINUTES);
    }
}
