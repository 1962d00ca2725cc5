package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated, corrupt and inconsistent files are refused with a message naming the file and the problem. */
class SafetensorsCorruptionTest {
    private static final String W = "{\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}";

    @TempDir
    Path dir;

    @Test
    void truncatedFiles() throws Exception {
        refused("truncated: file has 5 bytes, the header length alone needs 8", new byte[5]);
        refused("truncated: header says 1024 bytes, file has 100", concat(length(1024), new byte[92]));
        refused("truncated: tensor 'w' ends at data byte 16, the file has 9 data bytes", file(W, 9));

        // A good file cut at every length is refused, never misread.
        Path good = dir.resolve("good.safetensors");
        Safetensors.write(good, Map.of("w", Tensor.vector(1, 2), "b", Tensor.scalar(3)), Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(good);
        for (int cut = 0; cut < bytes.length; cut++) {
            Path f = Files.write(dir.resolve("model.safetensors"), Arrays.copyOf(bytes, cut));
            assertThrows(IOException.class, () -> Safetensors.read(f), "cut at " + cut);
        }
    }

    @Test
    void headerLengthBeyondTheLimit() throws Exception {
        refused("header length 18446744073709551615 exceeds the limit of 100000000 bytes",
                concat(length(-1), new byte[8]));
        refused("header length 100000001 exceeds the limit of 100000000 bytes", concat(length(100_000_001),
                new byte[8]));
    }

    @Test
    void badJsonSaysWhereItWentWrong() throws Exception {
        refused("header does not start with '{'", file("[]", 0));
        refused("header does not start with '{'", concat(length(0), new byte[0]));
        refused("header is not valid UTF-8", concat(length(8), new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}',
                ' '}));
        refused("bad header JSON: Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries "
                + "at character 20",
                file("{\"w\":{\"dtype\":\"F64\" \"shape\":[],\"data_offsets\":[0,8]}}", 8));
        refused("bad header JSON: Unexpected end-of-input within/between Object entries at character 5",
                file("{\"w\":", 0));
        refused("bad header JSON: unexpected text after the top-level value at character 3", file("{} x", 0));
        refused("bad header JSON: Duplicate field 'w' at character 58", file(W.replace("}}", "},")
                + W.substring(1), 16));
        refused("bad header JSON: Duplicate field 'dtype' at character 27",
                file(W.replace("{\"dtype\"", "{\"dtype\":\"F32\",\"dtype\""), 16));
        refused("bad header JSON: Unrecognized character escape 'x' (code 120) at character 3", file("{\"\\x\":1}", 0));
        refused("bad header JSON: Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash "
                + "to be included in name at character 2",
                file("{\"\n\":1}", 0));
        refused("bad header JSON: integer 99999999999999999999 is out of range at character 36",
                file("{\"w\":{\"dtype\":\"F64\",\"shape\":[],\"d\":[99999999999999999999]}}", 0));
        refused("bad header JSON: Document nesting depth (65) exceeds the maximum allowed (64, from "
                + "`StreamReadConstraints.getMaxNestingDepth()`) at character 69",
                file("{\"a\":" + "[".repeat(70) + "]".repeat(70) + "}", 0));
        refused("bad header JSON: Invalid numeric value: Leading zeroes not allowed at character 6", file("{\"a\":01}", 0));
        refused("bad header JSON: unexpected text after the top-level value at character 3", file("{} {}", 0));
    }

    @Test
    void malformedEntries() throws Exception {
        refused("tensor 'w': expected an object with dtype, shape and data_offsets, got [1, 2]",
                file("{\"w\":[1,2]}", 0));
        refused("tensor 'w': unknown field 'offsets'",
                file("{\"w\":{\"dtype\":\"F64\",\"shape\":[],\"offsets\":[0,8]}}", 8));
        refused("tensor 'w': missing 'data_offsets'", file("{\"w\":{\"dtype\":\"F64\",\"shape\":[]}}", 8));
        refused("tensor 'w': unsupported dtype I32 (Leibniz reads F64, F32 and I64)", file(W.replace("F64", "I32"), 8));
        refused("tensor 'w': unsupported dtype float64 (Leibniz reads F64, F32 and I64)",
                file(W.replace("F64", "float64"), 16));
        refused("tensor 'w': shape must be an array of non-negative integers, got [2, -1]",
                file(W.replace("[2]", "[2,-1]"), 16));
        refused("tensor 'w': shape must be an array of non-negative integers, got [2.0]",
                file(W.replace("[2]", "[2.0]"), 16));
        refused("tensor 'w': data_offsets must be [begin, end] with 0 <= begin <= end, got [16, 0]",
                file(W.replace("[0,16]", "[16,0]"), 16));
        refused("tensor 'w': data_offsets must be [begin, end] with 0 <= begin <= end, got [0, 8, 16]",
                file(W.replace("[0,16]", "[0,8,16]"), 16));
        refused("tensor 'w': shape [65536, 65536] is too large for a tensor (at most 2147483647 elements)",
                file(W.replace("[2]", "[65536,65536]"), 16));
        refused("__metadata__ must map names to strings, but 'epoch' is 3",
                file("{\"__metadata__\":{\"epoch\":3}}", 0));
        refused("__metadata__ must be an object of strings, got null", file("{\"__metadata__\":null}", 0));
    }

    @Test
    void offsetsMustMatchDtypeAndShapeAndTileTheDataExactly() throws Exception {
        refused("tensor 'w': data_offsets [0, 40] hold 40 bytes, but F64 [2, 3] needs 48",
                file("{\"w\":{\"dtype\":\"F64\",\"shape\":[2,3],\"data_offsets\":[0,40]}}", 40));
        refused("tensor 'w': data_offsets [0, 16] hold 16 bytes, but F32 [2] needs 8",
                file(W.replace("F64", "F32"), 16));
        String two = "{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[%d,%d]}}";
        refused("tensor 'b': data_offsets [8, 24] overlap tensor 'a' [0, 16]", file(String.format(two, 8, 24), 24));
        refused("tensor 'b': data_offsets [0, 16] overlap tensor 'a' [0, 16]", file(String.format(two, 0, 16), 16));
        refused("data bytes [16, 24) belong to no tensor", file(String.format(two, 24, 40), 40));
        refused("data bytes [32, 40) belong to no tensor", file(String.format(two, 16, 32), 40));
        refused("data bytes [0, 8) belong to no tensor", file("{}", 8));
        refused("data bytes [0, 16) belong to no tensor",
                file("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[16,32]}}", 32));
    }

    @Test
    void emptyTensorsMayShareAnOffsetButNotSitInsideAnother() throws Exception {
        String shared = "{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"e\":{\"dtype\":\"F64\",\"shape\":[0,3],\"data_offsets\":[%d,%d]}}";
        Path ok = dir.resolve("ok.safetensors");
        Files.write(ok, file(String.format(shared, 16, 16), 16));
        assertEquals(Tensor.zeros(0, 3), Safetensors.read(ok).tensors().get("e"));
        Files.write(ok, file(String.format(shared, 0, 0), 16));
        assertEquals(Tensor.zeros(0, 3), Safetensors.read(ok).tensors().get("e"));
        refused("tensor 'e': data_offsets [8, 8] overlap tensor 'a' [0, 16]", file(String.format(shared, 8, 8), 16));
    }

    @Test
    void i64ValuesThatF64WouldRoundAreRefused() throws Exception {
        String header = "{\"n\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}";
        for (long v : new long[] {(1L << 53) + 1, -(1L << 53) - 1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            byte[] data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(3).putLong(v).array();
            refused("tensor 'n': I64 value " + v + " at index 1 is beyond ±2^53, where F64 would round it",
                    concat(file(header, 0), data));
        }
    }

    @Test
    void aMissingFileIsTheFileSystemsError() {
        assertThrows(NoSuchFileException.class, () -> Safetensors.read(dir.resolve("nope.safetensors")));
    }

    private void refused(String problem, byte[] bytes) throws IOException {
        Path f = Files.write(dir.resolve("model.safetensors"), bytes);
        IOException e = assertThrows(IOException.class, () -> Safetensors.read(f));
        assertEquals("model.safetensors: " + problem, e.getMessage());
    }

    /** A file whose header is {@code json} and whose data is {@code dataBytes} zero bytes. */
    private static byte[] file(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return concat(concat(length(h.length), h), new byte[dataBytes]);
    }

    private static byte[] length(long n) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
