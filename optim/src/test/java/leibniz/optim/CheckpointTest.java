package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import leibniz.autograd.Parameter;
import leibniz.core.Safetensors;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A training run saved and restored: parameters, optimizer slots, metadata and schedule state. */
class CheckpointTest {
    @TempDir
    Path dir;

    private static Map<String, Parameter> model(long seed) {
        Map<String, Parameter> m = new LinkedHashMap<>();
        m.put("w", Parameter.of("w", Tensor.normal(seed, 0, 1, 2, 3)));
        m.put("b", Parameter.of("b", Tensor.normal(seed + 1, 0, 1, 3)));
        return m;
    }

    /** Named as optimizers name their state: learning rate, step count, one slot per parameter. */
    private static Map<String, Parameter> optimizer(double step) {
        Map<String, Parameter> m = new LinkedHashMap<>();
        m.put("adam.lr", Parameter.of("adam.lr", Tensor.scalar(0.001)));
        m.put("adam.step", Parameter.of("adam.step", Tensor.scalar(step)));
        m.put("adam.m.w", Parameter.of("adam.m.w", Tensor.full(leibniz.core.Shape.of(2, 3), step / 10)));
        return m;
    }

    @Test
    void roundTripRestoresParametersStateAndMetadata() throws Exception {
        Map<String, Parameter> model = model(1);
        Map<String, Parameter> optim = optimizer(42);
        LearningRateSchedule schedule = Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.5, 0);
        schedule.observe(0, 2);
        schedule.observe(1, 2);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("epoch", "7");
        meta.put("seed", "1234");
        schedule.state().forEach((k, v) -> meta.put("schedule." + k, Double.toString(v)));
        Path file = dir.resolve("ckpt.safetensors");

        Checkpoint.save(file, model, optim, meta);

        Map<String, Parameter> model2 = model(9);
        Map<String, Parameter> optim2 = optimizer(0);
        Map<String, String> back = Checkpoint.load(file, model2, optim2);
        assertEquals(values(model), values(model2));
        assertEquals(values(optim), values(optim2));
        assertEquals(meta, back);
        assertEquals(List.copyOf(meta.keySet()), List.copyOf(back.keySet()));

        LearningRateSchedule resumed = Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.5, 0);
        Map<String, Double> state = new LinkedHashMap<>();
        back.forEach((k, v) -> {
            if (k.startsWith("schedule.")) {
                state.put(k.substring("schedule.".length()), Double.parseDouble(v));
            }
        });
        resumed.restore(state);
        assertEquals(schedule.state(), resumed.state());
        assertEquals(0.5, resumed.rate(2, 1));

        assertEquals(List.of("model.w", "model.b", "optim.adam.lr", "optim.adam.step", "optim.adam.m.w"),
                List.copyOf(Safetensors.read(file).tensors().keySet()));
        assertEquals(List.of("ckpt.safetensors"), listing());
    }

    @Test
    void mismatchedCheckpointsAreRefusedAndNothingChanges() throws Exception {
        Path file = dir.resolve("ckpt.safetensors");
        Checkpoint.save(file, model(1), optimizer(5), Map.of());
        Map<String, Parameter> model = model(2);
        Map<String, Parameter> optim = optimizer(0);
        List<Tensor> before = values(model);
        List<Tensor> optimBefore = values(optim);

        // A fresh optimizer that has not built its step yet has no slots: the file holds one too many.
        Map<String, Parameter> noSlots = new LinkedHashMap<>(optim);
        noSlots.remove("adam.m.w");
        refused(file, model, noSlots, "unexpected tensor 'optim.adam.m.w'");
        Map<String, Parameter> moreSlots = new LinkedHashMap<>(optim);
        moreSlots.put("adam.v.w", Parameter.of("adam.v.w", Tensor.zeros(2, 3)));
        moreSlots.put("adam.v.b", Parameter.of("adam.v.b", Tensor.zeros(3)));
        refused(file, model, moreSlots, "missing tensors 'optim.adam.v.w', 'optim.adam.v.b'");
        Map<String, Parameter> wider = model(2);
        wider.put("b", Parameter.of("b", Tensor.zeros(4)));
        refused(file, wider, optim, "'model.b' has shape [3], the training state expects [4]");

        assertEquals(before, values(model));
        assertEquals(optimBefore, values(optim));
    }

    @Test
    void aCorruptCheckpointIsAnIOExceptionAndNothingChanges() throws Exception {
        Path file = dir.resolve("ckpt.safetensors");
        Checkpoint.save(file, model(1), optimizer(5), Map.of("epoch", "3"));
        byte[] bytes = Files.readAllBytes(file);
        bytes[9] = '[';
        Files.write(file, bytes);
        Map<String, Parameter> model = model(2);
        List<Tensor> before = values(model);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file, model, optimizer(0)));
        assertEquals("ckpt.safetensors: bad header JSON: Unexpected character ('[' (code 91)): was expecting "
                + "double-quote to start field name at character 1", e.getMessage());
        assertEquals(before, values(model));
    }

    private static void refused(Path file, Map<String, Parameter> model, Map<String, Parameter> optim, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(file, model, optim));
        assertEquals("checkpoint load: ckpt.safetensors: " + problem, e.getMessage());
    }

    private static List<Tensor> values(Map<String, Parameter> params) {
        return params.values().stream().map(Parameter::value).toList();
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
