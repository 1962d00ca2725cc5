package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips, the exact bytes the format prescribes, and files written by other tools. */
class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripIsExactForEveryRankEmptyTensorsSpecialValuesAndUnicodeNames() throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("scalar", Tensor.scalar(-0.0));
        tensors.put("empty", Tensor.zeros(0, 3));
        tensors.put("layers.0.weight", Tensor.of(new double[] {1, -2.5, Math.PI, 1e-300, -1e300, 7}, 2, 3));
        tensors.put("special", Tensor.vector(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE, Double.MAX_VALUE, 0.1));
        tensors.put("rank4", Tensor.normal(7, 0, 1, 2, 1, 3, 2));
        tensors.put("重み.α😀", Tensor.vector(1, 2));
        tensors.put("quote\"back\\slash\nnew\u0001line", Tensor.vector(3));
        tensors.put("", Tensor.scalar(4));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("epoch", "12");
        metadata.put("note", "π ≈ 3.14 \"quoted\"\ttab");
        metadata.put("__metadata__", "a key like any other inside the metadata");
        Path file = dir.resolve("model.safetensors");

        Safetensors.write(file, tensors, metadata);
        Safetensors.Contents back = Safetensors.read(file);

        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.tensors().keySet()));
        for (String name : tensors.keySet()) {
            // Tensor.equals compares the bits of every value: NaN, -0.0 and subnormals included.
            assertEquals(tensors.get(name), back.tensors().get(name), name);
        }
        assertEquals(List.copyOf(metadata.entrySet()), List.copyOf(back.metadata().entrySet()));
    }

    @Test
    void nothingAtAllRoundTrips() throws Exception {
        Path file = dir.resolve("empty.safetensors");
        Safetensors.write(file, Map.of(), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(16, bytes.length);
        assertEquals("{}      ", new String(bytes, 8, 8, StandardCharsets.UTF_8));
        Safetensors.Contents back = Safetensors.read(file);
        assertEquals(Map.of(), back.tensors());
        assertEquals(Map.of(), back.metadata());
    }

    @Test
    void writtenBytesAreExactlyWhatTheSpecificationPrescribes() throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.of(new double[] {1, 2, 3, 4, 5, 6.5}, 2, 3));
        tensors.put("b", Tensor.scalar(-0.25));
        Path file = dir.resolve("spec.safetensors");
        Safetensors.write(file, tensors, Map.of("epoch", "3"));

        // Parsed here by hand, independently of the reader.
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String json = "{\"__metadata__\":{\"epoch\":\"3\"},"
                + "\"w\":{\"dtype\":\"F64\",\"shape\":[2,3],\"data_offsets\":[0,48]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[48,56]}}";
        int jsonLength = json.getBytes(StandardCharsets.UTF_8).length;
        assertEquals((jsonLength + 7) / 8 * 8, n);
        assertEquals(0, n % 8);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals(json + " ".repeat((int) n - jsonLength), header);
        assertEquals(8 + n + 56, bytes.length);
        ByteBuffer data = ByteBuffer.wrap(bytes, 8 + (int) n, 56).order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[7];
        for (int i = 0; i < 7; i++) {
            values[i] = data.getDouble();
        }
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6.5, -0.25}, values);
        // The first value, 1.0 = 0x3FF0000000000000, little-endian: the exponent byte comes last.
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F},
                Arrays.copyOfRange(bytes, 8 + (int) n, 16 + (int) n));
    }

    @Test
    void unicodeNamesAreRawUtf8InTheHeader() throws Exception {
        Path file = dir.resolve("u.safetensors");
        Safetensors.write(file, Map.of("é😀", Tensor.scalar(1)), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        String header = new String(bytes, 8, bytes.length - 16, StandardCharsets.UTF_8).strip();
        assertEquals("{\"é😀\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]}}", header);
    }

    @Test
    void aHandMadeF32FileLoadsAsF32InHeaderOrder() throws Exception {
        // As PyTorch writes it: F32, no metadata, header order unrelated to data order, no padding.
        String header = "{ \"b\" : {\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[16,32]},\n"
                + "\"w\":{\"shape\":[2,2],\"data_offsets\":[0,16],\"dtype\":\"F32\"}}";
        ByteBuffer data = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(1.5f).putFloat(-2.25f).putFloat(0.1f).putFloat(3e38f).putDouble(0.1).putDouble(-7);
        Path file = write("torch.safetensors", header, data.array());

        Safetensors.Contents c = Safetensors.read(file);

        assertEquals(List.of("b", "w"), List.copyOf(c.tensors().keySet()));
        assertEquals(Tensor.of(new float[] {1.5f, -2.25f, 0.1f, 3e38f}, 2, 2), c.tensors().get("w"));
        assertEquals(Tensor.vector(0.1, -7), c.tensors().get("b"));
        assertEquals(Map.of(), c.metadata());
    }

    @Test
    void pyTorchsI64CountersLoadAsExactF64UpToTwoToThe53() throws Exception {
        // As PyTorch writes batch norm's num_batches_tracked: I64 first (its widest type), then F32.
        String header = "{\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"m\":{\"dtype\":\"I64\",\"shape\":[4],\"data_offsets\":[8,40]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[40,44]}}";
        long big = 1L << 53;
        ByteBuffer data = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        data.putLong(7).putLong(-big).putLong(big).putLong(0).putLong(-1).putFloat(0.5f);
        Safetensors.Contents c = Safetensors.read(write("torch.safetensors", header, data.array()));

        assertEquals(Tensor.scalar(7), c.tensors().get("n"));
        assertEquals(Tensor.vector(-0x1p53, 0x1p53, 0, -1), c.tensors().get("m"));
        assertEquals(DType.F64, c.tensors().get("m").dtype());
        assertEquals(Tensor.of(new float[] {0.5f}, 1), c.tensors().get("w"));
    }

    @Test
    void f32AndF64TensorsRoundTripInTheirOwnTypes() throws Exception {
        Path file = dir.resolve("mixed.safetensors");
        Tensor w = Tensor.of(new float[] {0.1f, -3e38f, Float.MIN_VALUE, Float.NaN, 7}, 5);
        Tensor b = Tensor.vector(0.1, Math.PI);
        Map<String, Tensor> both = new LinkedHashMap<>();
        both.put("w", w);
        both.put("b", b);
        Safetensors.write(file, both, Map.of());

        byte[] bytes = Files.readAllBytes(file);
        String header = new String(bytes, 8, bytes.length - 8 - 5 * 4 - 2 * 8, StandardCharsets.UTF_8).strip();
        assertEquals("{\"w\":{\"dtype\":\"F32\",\"shape\":[5],\"data_offsets\":[0,20]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[20,36]}}", header);
        Safetensors.Contents c = Safetensors.read(file);
        assertEquals(w, c.tensors().get("w"));
        assertEquals(DType.F32, c.tensors().get("w").dtype());
        assertEquals(b, c.tensors().get("b"));
    }

    @Test
    void jsonEscapesInTheHeaderAreDecoded() throws Exception {
        String header = "{\"__metadata__\":{\"k\\/\":\"\\u00e9\\ud83d\\ude00\\b\\f\\r\"},"
                + "\"a\\u00e9\\n\\\"\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]}}";
        Path file = write("esc.safetensors", header, new byte[8]);
        Safetensors.Contents c = Safetensors.read(file);
        assertEquals(List.of("aé\n\""), List.copyOf(c.tensors().keySet()));
        assertEquals(Map.of("k/", "é😀\b\f\r"), c.metadata());
    }

    @Test
    void largeTensorsCrossTheInternalChunkBoundaries() throws Exception {
        Tensor big = Tensor.uniform(3, -1, 1, 3, 10_001);
        Path file = dir.resolve("big.safetensors");
        Safetensors.write(file, Map.of("big", big), Map.of());
        assertEquals(big, Safetensors.read(file).tensors().get("big"));
    }

    @Test
    void writeRefusesReservedNamesNullsAndLoneSurrogates() {
        Path file = dir.resolve("x.safetensors");
        Map<String, Tensor> withNull = new LinkedHashMap<>();
        withNull.put("w", null);
        assertMessage("write: tensor name '__metadata__' is reserved for the metadata",
                () -> Safetensors.write(file, Map.of("__metadata__", Tensor.scalar(1)), Map.of()));
        assertMessage("write: tensor 'w' is null", () -> Safetensors.write(file, withNull, Map.of()));
        assertMessage("write: tensor name 'a\ud800' is not valid Unicode (lone surrogate)",
                () -> Safetensors.write(file, Map.of("a\ud800", Tensor.scalar(1)), Map.of()));
        assertMessage("write: file, tensors and metadata are required",
                () -> Safetensors.write(file, Map.of(), null));
        assertEquals(false, Files.exists(file));
    }

    private Path write(String name, String header, byte[] data) throws Exception {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.write(h);
        out.write(data);
        return Files.write(dir.resolve(name), out.toByteArray());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
