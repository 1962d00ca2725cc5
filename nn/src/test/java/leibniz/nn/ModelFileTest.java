package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Safetensors;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading a model's state: exact round trips, and refusals that leave the model untouched. */
class ModelFileTest {
    @TempDir
    Path dir;

    /** A module of our own (two parameters and a buffer), independent of the layers in this package. */
    private record Affine(Parameter weight, Parameter bias, Parameter count) implements Module {
        static Affine seeded(long seed, int in, int out) {
            return new Affine(Parameter.of("weight", Tensor.normal(seed, 0, 1, in, out)),
                    Parameter.of("bias", Tensor.normal(seed + 1, 0, 1, out)),
                    Parameter.of("count", Tensor.scalar(seed)));
        }

        @Override
        public Node forward(Node x, Context ctx) {
            return x.matmul(weight.node()).add(bias.node());
        }

        @Override
        public Map<String, Parameter> parameters() {
            Map<String, Parameter> m = new LinkedHashMap<>();
            m.put("layers.0.weight", weight);
            m.put("layers.0.bias", bias);
            return m;
        }

        @Override
        public Map<String, Parameter> buffers() {
            return Map.of("layers.0.count", count);
        }

        List<Tensor> values() {
            return List.of(weight.value(), bias.value(), count.value());
        }
    }

    /** The identity with the given state: any parameters, buffers and persistent buffers, in any order. */
    private record Plain(Map<String, Parameter> parameters, Map<String, Parameter> buffers,
            Map<String, Parameter> persistentBuffers) implements Module {
        @Override
        public Node forward(Node x, Context ctx) {
            return x;
        }
    }

    @Test
    void saveThenLoadCopiesEveryParameterAndBufferExactly() throws Exception {
        Affine a = Affine.seeded(1, 2, 3);
        Affine b = Affine.seeded(2, 2, 3);
        Path file = dir.resolve("model.safetensors");

        ModelFile.save(a, file, Map.of("arch", "affine 2->3"));
        Map<String, String> metadata = ModelFile.load(b, file);

        assertEquals(a.values(), b.values());
        assertEquals(Map.of("arch", "affine 2->3"), metadata);
        // The safetensors library's order (by type, then name), not the model's.
        assertEquals(List.of("layers.0.bias", "layers.0.count", "layers.0.weight"),
                List.copyOf(Safetensors.read(file).tensors().keySet()));
        assertEquals(List.of("model.safetensors"), listing());
    }

    @Test
    void theSameStateAndMetadataGiveTheSameBytesInWhateverOrderTheMapsHoldThem() throws Exception {
        // Map.of's order changes from one JVM to the next; these two orders stand for any two.
        Affine a = Affine.seeded(3, 2, 2);
        Module reversed = new Plain(ordered2("layers.0.bias", a.bias(), "layers.0.weight", a.weight()),
                a.buffers(), a.buffers());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("epoch", "3");
        metadata.put("arch", "affine");
        metadata.put("Zé", "1");
        List<String> keys = new ArrayList<>(metadata.keySet());
        Collections.reverse(keys);
        Map<String, String> backwards = new LinkedHashMap<>();
        keys.forEach(k -> backwards.put(k, metadata.get(k)));
        Path first = dir.resolve("a.safetensors");
        Path second = dir.resolve("b.safetensors");
        ModelFile.save(a, first, metadata);
        ModelFile.save(reversed, second, backwards);

        byte[] bytes = Files.readAllBytes(first);
        assertEquals(ByteBuffer.wrap(bytes), ByteBuffer.wrap(Files.readAllBytes(second)));
        int n = (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals("{\"__metadata__\":{\"Zé\":\"1\",\"arch\":\"affine\",\"epoch\":\"3\"},"
                + "\"layers.0.bias\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"layers.0.count\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[16,24]},"
                + "\"layers.0.weight\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[24,56]}}",
                new String(bytes, 8, n, StandardCharsets.UTF_8).strip());
    }

    @Test
    void f64TensorsComeBeforeF32OnesAndNamesInTheOrderOfTheirUtf8Bytes() throws Exception {
        // Java orders "\uFF21" after "\uD83D\uDE00" (UTF-16 units); UTF-8, as Rust, the other way round.
        Parameter wide = Parameter.of("wide", Tensor.scalar(1));
        Parameter fullwidth = Parameter.of("fullwidth", Tensor.of(new float[] {2}, 1));
        Parameter emoji = Parameter.of("emoji", Tensor.of(new float[] {3}, 1));
        Module m = new Plain(ordered2("\uD83D\uDE00", emoji, "\uFF21", fullwidth), Map.of("z", wide),
                Map.of("z", wide));
        Path file = dir.resolve("order.safetensors");
        ModelFile.save(m, file);
        assertEquals(List.of("z", "\uFF21", "\uD83D\uDE00"), List.copyOf(Safetensors.read(file).tensors().keySet()));
    }

    @Test
    void buffersThatAreNotPersistentStayOutOfTheFile() throws Exception {
        Affine a = Affine.seeded(4, 2, 2);
        Module withoutCount = new Plain(a.parameters(), a.buffers(), Map.of());
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(withoutCount, file);
        assertEquals(List.of("layers.0.bias", "layers.0.weight"), List.copyOf(Safetensors.read(file).tensors().keySet()));
        Tensor count = a.count().value();
        a.weight().set(Tensor.zeros(2, 2));
        ModelFile.load(withoutCount, file);
        assertEquals(Affine.seeded(4, 2, 2).weight().value(), a.weight().value());
        assertEquals(count, a.count().value());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(a, file));
        assertEquals("load: model.safetensors: missing tensor 'layers.0.count'", e.getMessage());
    }

    @Test
    void missingUnexpectedAndMisshapenTensorsAreRefusedAndTheModelIsUnchanged() throws Exception {
        Affine model = Affine.seeded(5, 2, 3);
        List<Tensor> before = model.values();
        Tensor w = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(3);
        Tensor c = Tensor.scalar(0);

        refused(model, "missing tensor 'layers.0.bias'", Map.of("layers.0.weight", w, "layers.0.count", c));
        refused(model, "missing tensors 'layers.0.weight', 'layers.0.bias'", Map.of("layers.0.count", c));
        refused(model, "unexpected tensor 'extra'", ordered("layers.0.weight", w, "layers.0.bias", b,
                "layers.0.count", c, "extra", c));
        refused(model, "'layers.0.weight' has shape [3, 2], the model expects [2, 3]",
                ordered("layers.0.weight", Tensor.zeros(3, 2), "layers.0.bias", b, "layers.0.count", c));
        refused(model, "'layers.0.count' has shape [1], the model expects []",
                ordered("layers.0.weight", w, "layers.0.bias", b, "layers.0.count", Tensor.zeros(1)));

        assertEquals(before, model.values());
    }

    @Test
    void aCorruptFileIsAnIOExceptionAndTheModelIsUnchanged() throws Exception {
        Affine model = Affine.seeded(5, 2, 3);
        List<Tensor> before = model.values();
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(Affine.seeded(9, 2, 3), file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));

        IOException e = assertThrows(IOException.class, () -> ModelFile.load(model, file));
        assertEquals("model.safetensors: truncated: tensor 'layers.0.weight' ends at data byte 80, "
                + "the file has 79 data bytes", e.getMessage());
        assertEquals(before, model.values());
    }

    @Test
    void aPyTorchStyleF32FileLoads() throws Exception {
        String header = "{\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
                + "\"layers.0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]},"
                + "\"layers.0.count\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[16,20]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 20).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h).putFloat(0.5f).putFloat(-1.25f).putFloat(0.1f).putFloat(2f).putFloat(7f);
        Path file = Files.write(dir.resolve("torch.safetensors"), buf.array());
        Affine model = Affine.seeded(1, 1, 2);

        ModelFile.load(model, file);

        assertEquals(List.of(Tensor.of(new double[] {0.5, -1.25}, 1, 2), Tensor.vector((double) 0.1f, 2),
                Tensor.scalar(7)), model.values());
    }

    @Test
    void aRefusedSaveKeepsTheOldFile() throws Exception {
        Path file = dir.resolve("model.safetensors");
        Affine model = Affine.seeded(1, 2, 3);
        ModelFile.save(model, file);
        byte[] before = Files.readAllBytes(file);
        Module bad = new Plain(Map.of("w", model.weight()), Map.of("w", model.bias()), Map.of("w", model.bias()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(bad, file));
        assertEquals("save: 'w' names both a parameter and a buffer", e.getMessage());
        assertEquals(ByteBuffer.wrap(before), ByteBuffer.wrap(Files.readAllBytes(file)));
        assertEquals(List.of("model.safetensors"), listing());
    }

    private void refused(Affine model, String problem, Map<String, Tensor> tensors) throws IOException {
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, tensors, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(model, file));
        assertEquals("load: model.safetensors: " + problem, e.getMessage());
    }

    private static Map<String, Parameter> ordered2(String a, Parameter p, String b, Parameter q) {
        Map<String, Parameter> m = new LinkedHashMap<>();
        m.put(a, p);
        m.put(b, q);
        return m;
    }

    private static Map<String, Tensor> ordered(Object... namesAndTensors) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTensors.length; i += 2) {
            m.put((String) namesAndTensors[i], (Tensor) namesAndTensors[i + 1]);
        }
        return m;
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
