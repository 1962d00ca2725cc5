package leibniz.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes named tensors in the safetensors format of Hugging Face, so that weights move
 * between Leibniz, PyTorch, JAX and the Hugging Face hub without pickle or custom code.
 *
 * <p>A file is an 8-byte little-endian length {@code N}, then {@code N} bytes of UTF-8 JSON
 * {@code {"__metadata__": {"k": "v"}, "name": {"dtype": "F64", "shape": [2, 3], "data_offsets":
 * [0, 48]}, ...}} padded with spaces to a multiple of 8, then the raw little-endian values of every
 * tensor, row-major, back to back.
 *
 * <pre>{@code
 * Safetensors.write(path, Map.of("w", w, "b", b), Map.of("epoch", "3"));
 * Safetensors.Contents c = Safetensors.read(path);
 * Tensor w2 = c.tensors().get("w");
 * }</pre>
 *
 * <p>Writing is atomic: the file is either the old one or the complete new one, even after a crash.
 * Reading is strict: a truncated or corrupt file, or one whose offsets do not match dtypes and
 * shapes, is refused with an {@link IOException} whose message names the file and the problem,
 * for example {@code model.safetensors: truncated: header says 1024 bytes, file has 100}.
 */
public final class Safetensors {
    private static final int CHUNK = 1 << 16;
    /** 2⁵³: every integer up to it in magnitude is an F64 value, exactly. */
    private static final long EXACT_INTEGERS = 1L << 53;

    private Safetensors() {
    }

    /**
     * The tensors of a file in the order of its header, and its free-form string metadata.
     * Both maps are unmodifiable and keep their order.
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        /** Copies both maps, keeping their order. */
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /**
     * Writes {@code tensors}, each in its own type (F64 or F32), in their map's iteration order, with {@code metadata} under
     * {@code __metadata__} (omitted when empty), replacing {@code file} atomically: the bytes go to a
     * temporary file in the same directory, which is flushed to disk and renamed over {@code file}.
     * On failure the old file is untouched and the temporary file is removed; the exception names
     * {@code file} and the reason ({@code runs/model.safetensors: cannot save: the folder /home/me/runs does
     * not exist}). Temporary files left by a save that crashed are removed by the next save of the same file.
     *
     * @throws IllegalArgumentException for a null name, tensor, key or value, a name that is not
     *     valid Unicode, or the reserved name {@code __metadata__}
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        if (file == null || tensors == null || metadata == null) {
            throw new IllegalArgumentException("write: file, tensors and metadata are required");
        }
        List<SafetensorsHeader.Named> named = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            checkText(name, "tensor name");
            if (name.equals("__metadata__")) {
                throw new IllegalArgumentException("write: tensor name '__metadata__' is reserved for the metadata");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("write: tensor '" + name + "' is null");
            }
            named.add(new SafetensorsHeader.Named(name, e.getValue()));
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            checkText(e.getKey(), "metadata key");
            checkText(e.getValue(), "metadata value for '" + e.getKey() + "'");
        }
        byte[] header = SafetensorsHeader.encode(named, metadata);
        AtomicFile.replace(file, out -> {
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            chunk.putLong(header.length).flip();
            writeAll(out, chunk);
            writeAll(out, ByteBuffer.wrap(header));
            for (SafetensorsHeader.Named t : named) {
                Tensor x = t.tensor();
                int bytes = x.dtype().bytes();
                for (int done = 0, n = x.size(); done < n; ) {
                    int k = Math.min(n - done, CHUNK / bytes);
                    chunk.clear();
                    if (x.floats != null) {
                        chunk.asFloatBuffer().put(x.floats, done, k);
                    } else {
                        chunk.asDoubleBuffer().put(x.data, done, k);
                    }
                    chunk.limit(k * bytes);
                    writeAll(out, chunk);
                    done += k;
                }
            }
        });
    }

    /**
     * Reads every tensor and the metadata of a safetensors file, F64 tensors as F64 and F32 tensors (what
     * PyTorch writes by default) as F32, both exactly. I64 tensors (PyTorch's integer counters, such as
     * batch norm's {@code num_batches_tracked}) are read as F64, which holds every integer up to 2⁵³ exactly;
     * a larger one is refused rather than rounded.
     *
     * @throws IOException if the file cannot be read (or is a folder), or is truncated or corrupt: a header length
     *     beyond the file, a header that is not UTF-8 JSON of the format's shape, an unsupported dtype,
     *     data offsets that overlap, leave gaps, run past the file or disagree with dtype and shape, or an
     *     I64 value beyond ±2⁵³; the message names the file and the problem
     */
    public static Contents read(Path file) throws IOException {
        String label = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (Files.isDirectory(file)) {
            // Opening a folder succeeds on Linux and reading it fails with a bare "Is a directory".
            throw new FileSystemException(file.toString(), null, "is a folder; expected a safetensors file");
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            if (size < Long.BYTES) {
                throw SafetensorsHeader.invalid(label, "truncated: file has " + size
                        + " bytes, the header length alone needs 8");
            }
            ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            readFully(in, 0, prefix, label);
            long n = prefix.flip().getLong();
            // An unsigned 64-bit length: "negative" means beyond 2^63, certainly too large.
            if (n < 0 || n > SafetensorsHeader.MAX_BYTES) {
                throw SafetensorsHeader.invalid(label, "header length " + Long.toUnsignedString(n)
                        + " exceeds the limit of " + SafetensorsHeader.MAX_BYTES + " bytes");
            }
            if (Long.BYTES + n > size) {
                throw SafetensorsHeader.invalid(label, "truncated: header says " + n + " bytes, file has " + size);
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
            readFully(in, Long.BYTES, headerBytes, label);
            long dataStart = Long.BYTES + n;
            SafetensorsHeader header = SafetensorsHeader.decode(headerBytes.array(), size - dataStart, label);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (SafetensorsHeader.Entry e : header.entries) {
                tensors.put(e.name(), values(in, dataStart + e.begin(), e, chunk, label));
            }
            return new Contents(tensors, header.metadata);
        }
    }

    private static Tensor values(FileChannel in, long position, SafetensorsHeader.Entry e, ByteBuffer chunk,
            String label) throws IOException {
        int bytes = e.type().bytes;
        SafetensorsHeader.FileType type = e.type();
        Tensor out = Tensor.zeros(e.shape(), type == SafetensorsHeader.FileType.F32 ? DType.F32 : DType.F64);
        long at = position;
        for (int done = 0, n = out.size(); done < n; ) {
            int k = Math.min(n - done, CHUNK / bytes);
            chunk.clear().limit(k * bytes);
            readFully(in, at, chunk, label);
            chunk.flip();
            switch (type) {
                case F64 -> chunk.asDoubleBuffer().get(out.data, done, k);
                case F32 -> chunk.asFloatBuffer().get(out.floats, done, k);
                case I64 -> integers(chunk, out.data, done, k, e.name(), label);
            }
            at += (long) k * bytes;
            done += k;
        }
        return out;
    }

    /** The {@code k} little-endian longs of {@code chunk} into {@code out[done..]}, refusing any beyond ±2⁵³. */
    private static void integers(ByteBuffer chunk, double[] out, int done, int k, String name, String label)
            throws IOException {
        for (int i = 0; i < k; i++) {
            long v = chunk.getLong();
            if (Math.abs(v) > EXACT_INTEGERS || v == Long.MIN_VALUE) {
                throw SafetensorsHeader.invalid(label, "tensor '" + name + "': I64 value " + v + " at index "
                        + (done + i) + " is beyond ±2^53, where F64 would round it");
            }
            out[done + i] = v;
        }
    }

    private static void readFully(FileChannel in, long position, ByteBuffer into, String label) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int r = in.read(into, at);
            if (r < 0) {
                throw SafetensorsHeader.invalid(label, "truncated: the file ended at byte " + at
                        + " while reading it (was it changed meanwhile?)");
            }
            at += r;
        }
    }

    private static void writeAll(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    /** Refuses null strings and lone surrogates, which UTF-8 cannot encode and would silently become '?'. */
    private static void checkText(String s, String what) {
        if (s == null) {
            throw new IllegalArgumentException("write: a " + what + " is null");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(s)) {
            throw new IllegalArgumentException("write: " + what + " '" + s + "' is not valid Unicode (lone surrogate)");
        }
    }
}
