package leibniz.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON header of a safetensors file: encoding it for a set of tensors, and decoding and
 * checking one read from a file, so that {@link Safetensors} only moves bytes.
 */
final class SafetensorsHeader {
    /** The safetensors limit (the reference implementation's): larger headers are refused unread. */
    static final long MAX_BYTES = 100_000_000L;

    private static final String METADATA = "__metadata__";

    /**
     * Strict JSON as RFC 8259 has it (Jackson's defaults: no comments, NaN, single quotes or unescaped
     * control characters), and stricter where a header needs it: a name given twice is refused, not
     * silently overwritten, and nesting deeper than a header ever goes (three levels) is refused before
     * it can exhaust the stack.
     */
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(HeaderJson.MAX_DEPTH).build())
            .build();
    private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");

    /**
     * The element types this reader understands, named as the file names them; the writer writes F64 and F32.
     * I64 is read for PyTorch's integer counters (batch norm's {@code num_batches_tracked}).
     */
    enum FileType {
        F64(8), F32(4), I64(8);

        final int bytes;

        FileType(int bytes) {
            this.bytes = bytes;
        }
    }

    /** One tensor's entry: its bytes are {@code [begin, end)} of the data that follows the header. */
    record Entry(String name, FileType type, Shape shape, long begin, long end) {
    }

    /** A named tensor, in the order it is written. */
    record Named(String name, Tensor tensor) {
    }

    final List<Entry> entries;
    final Map<String, String> metadata;

    private SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {
        this.entries = entries;
        this.metadata = metadata;
    }

    /**
     * The header bytes for tensors stored back to back, each in its own type (F64 or F32), in the given order: compact JSON with
     * {@code __metadata__} first (omitted when empty), padded with spaces to a multiple of 8 bytes so
     * that the data after the 8-byte length prefix starts 8-byte aligned.
     */
    static byte[] encode(List<Named> tensors, Map<String, String> metadata) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart(METADATA);
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            long offset = 0;
            for (Named t : tensors) {
                DType type = t.tensor().dtype();
                long end = offset + (long) t.tensor().size() * type.bytes();
                g.writeObjectFieldStart(t.name());
                g.writeStringField("dtype", type.name());
                g.writeArrayFieldStart("shape");
                for (int d : t.tensor().shape().dims()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(end);
                g.writeEndArray();
                g.writeEndObject();
                offset = end;
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("write: cannot encode the header: " + e.getMessage(), e);
        }
        byte[] json = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        if (padded.length > MAX_BYTES) {
            throw new IllegalArgumentException("write: the header would have " + padded.length
                    + " bytes, more than the format's limit of " + MAX_BYTES);
        }
        return padded;
    }

    /**
     * Decodes and checks a header: UTF-8 JSON object, known fields only, supported dtypes, offsets
     * that match dtype and shape, and tensors that tile the {@code dataBytes} after the header
     * exactly (no overlap, no gap, nothing past the end), as the format requires.
     */
    static SafetensorsHeader decode(byte[] bytes, long dataBytes, String file) throws IOException {
        if (bytes.length == 0 || bytes[0] != '{') {
            throw invalid(file, "header does not start with '{'");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw invalid(file, "header is not valid UTF-8");
        }
        Object root = HeaderJson.parse(JSON, text, file);
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) root).entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA)) {
                readMetadata(e.getValue(), metadata, file);
            } else {
                entries.add(entry(name, e.getValue(), dataBytes, file));
            }
        }
        checkTiling(entries, dataBytes, file);
        return new SafetensorsHeader(entries, metadata);
    }

    private static void readMetadata(Object v, Map<String, String> out, String file) throws IOException {
        if (!(v instanceof Map<?, ?> m)) {
            throw invalid(file, METADATA + " must be an object of strings, got " + v);
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw invalid(file, METADATA + " must map names to strings, but '" + e.getKey() + "' is "
                        + e.getValue());
            }
            out.put((String) e.getKey(), s);
        }
    }

    private static Entry entry(String name, Object v, long dataBytes, String file) throws IOException {
        String where = "tensor '" + name + "': ";
        if (!(v instanceof Map<?, ?> m)) {
            throw invalid(file, where + "expected an object with dtype, shape and data_offsets, got " + v);
        }
        for (Object key : m.keySet()) {
            if (!FIELDS.contains(key)) {
                throw invalid(file, where + "unknown field '" + key + "'");
            }
        }
        for (String field : List.of("dtype", "shape", "data_offsets")) {
            if (!m.containsKey(field)) {
                throw invalid(file, where + "missing '" + field + "'");
            }
        }
        FileType type = fileType(m.get("dtype"));
        if (type == null) {
            throw invalid(file, where + "unsupported dtype " + m.get("dtype") + " (Leibniz reads F64, F32 and I64)");
        }
        long[] dims = naturals(m.get("shape"));
        if (dims == null) {
            throw invalid(file, where + "shape must be an array of non-negative integers, got " + m.get("shape"));
        }
        long[] offsets = naturals(m.get("data_offsets"));
        if (offsets == null || offsets.length != 2 || offsets[0] > offsets[1]) {
            throw invalid(file, where + "data_offsets must be [begin, end] with 0 <= begin <= end, got "
                    + m.get("data_offsets"));
        }
        Shape shape = shape(dims);
        if (shape == null) {
            throw invalid(file, where + "shape " + m.get("shape") + " is too large for a tensor (at most "
                    + Integer.MAX_VALUE + " elements)");
        }
        long need = (long) shape.size() * type.bytes;
        long have = offsets[1] - offsets[0];
        if (have != need) {
            throw invalid(file, where + "data_offsets [" + offsets[0] + ", " + offsets[1] + "] hold " + have
                    + " bytes, but " + type + " " + shape + " needs " + need);
        }
        if (offsets[1] > dataBytes) {
            throw invalid(file, "truncated: tensor '" + name + "' ends at data byte " + offsets[1]
                    + ", the file has " + dataBytes + " data bytes");
        }
        return new Entry(name, type, shape, offsets[0], offsets[1]);
    }

    private static void checkTiling(List<Entry> entries, long dataBytes, String file) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        Entry last = null;
        for (Entry e : sorted) {
            if (e.begin() < at) {
                throw invalid(file, "tensor '" + e.name() + "': data_offsets [" + e.begin() + ", " + e.end()
                        + "] overlap tensor '" + last.name() + "' [" + last.begin() + ", " + last.end() + "]");
            }
            if (e.begin() > at) {
                throw invalid(file, "data bytes [" + at + ", " + e.begin() + ") belong to no tensor");
            }
            at = e.end();
            last = e;
        }
        if (at < dataBytes) {
            throw invalid(file, "data bytes [" + at + ", " + dataBytes + ") belong to no tensor");
        }
    }

    private static FileType fileType(Object v) {
        for (FileType t : FileType.values()) {
            if (t.name().equals(v)) {
                return t;
            }
        }
        return null;
    }

    /** The values of a JSON array of non-negative integers, or null if it is anything else. */
    private static long[] naturals(Object v) {
        if (!(v instanceof List<?> list)) {
            return null;
        }
        long[] out = new long[list.size()];
        for (int k = 0; k < out.length; k++) {
            if (!(list.get(k) instanceof Long n) || n < 0) {
                return null;
            }
            out[k] = n;
        }
        return out;
    }

    /** The shape with these dimensions, or null if a dimension or the element count exceeds an int. */
    private static Shape shape(long[] dims) {
        int[] d = new int[dims.length];
        long size = 1;
        for (int k = 0; k < dims.length; k++) {
            size *= Math.min(dims[k], 1L << 32);
            if (dims[k] > Integer.MAX_VALUE || size > Integer.MAX_VALUE) {
                return null;
            }
            d[k] = (int) dims[k];
        }
        return Shape.of(d);
    }

    static IOException invalid(String file, String problem) {
        return new IOException(file + ": " + problem);
    }
}
