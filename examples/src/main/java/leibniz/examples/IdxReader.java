package leibniz.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import leibniz.core.Tensor;

/**
 * Reads the IDX files of MNIST (and Fashion-MNIST): a big-endian header, the magic number
 * {@code 0x00000803} for images {@code [N, rows, cols]} or {@code 0x00000801} for labels {@code [N]}
 * (two zero bytes, the type {@code 0x08} for unsigned bytes, the number of dimensions), one 32-bit size
 * per dimension, then the unsigned bytes row-major. Files ending in {@code .gz} are decompressed first.
 *
 * <p>The reader is strict: a wrong magic number, a negative size, or a file length that disagrees with
 * the sizes in the header is an {@link IOException} whose message names the file and the problem, e.g.
 * {@code train-images-idx3-ubyte: truncated: the header promises 47040000 bytes of pixels, the file has 1000}.
 */
final class IdxReader {
    static final int IMAGES = 0x00000803;
    static final int LABELS = 0x00000801;
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /** The first items of a file, and how many the whole file holds. */
    record Items(Tensor values, int total) {
    }

    /** The first {@code limit} images (all if there are fewer) as {@code [n, rows, cols]}, pixel values 0..255. */
    static Items images(Path file, int limit) throws IOException {
        Parsed p = parse(file, IMAGES);
        int n = Math.min(limit, p.dims[0]);
        return new Items(Tensor.of(unsigned(p, n * p.dims[1] * p.dims[2]), n, p.dims[1], p.dims[2]), p.dims[0]);
    }

    /** The first {@code limit} labels (all if there are fewer) as {@code [n]}, values 0..255. */
    static Items labels(Path file, int limit) throws IOException {
        Parsed p = parse(file, LABELS);
        int n = Math.min(limit, p.dims[0]);
        return new Items(Tensor.of(unsigned(p, n), n), p.dims[0]);
    }

    private record Parsed(int[] dims, byte[] bytes, int offset) {
    }

    private static Parsed parse(Path file, int expectedMagic) throws IOException {
        String name = file.getFileName().toString();
        byte[] bytes = read(file, name);
        int rank = expectedMagic & 0xFF;
        String kind = expectedMagic == IMAGES ? "images" : "labels";
        if (bytes.length < 4) {
            throw new IOException(name + ": " + bytes.length + " bytes is too short for an IDX header");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes); // big-endian, as IDX is
        int magic = header.getInt();
        if (magic != expectedMagic) {
            String what = (magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) != UNSIGNED_BYTE
                    ? "not an IDX file of unsigned bytes"
                    : "an IDX file of " + (magic & 0xFF) + " dimensions";
            throw new IOException(String.format("%s: magic number 0x%08X (%s), expected 0x%08X for %s",
                    name, magic, what, expectedMagic, kind));
        }
        int headerLength = 4 + 4 * rank;
        if (bytes.length < headerLength) {
            throw new IOException(name + ": truncated header: " + bytes.length + " bytes, expected " + headerLength);
        }
        int[] dims = new int[rank];
        long expected = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = header.getInt();
            if (dims[i] < 0 || (i > 0 && dims[i] == 0)) {
                throw new IOException(name + ": invalid size " + dims[i] + " in dimension " + i);
            }
            try {
                expected = Math.multiplyExact(expected, dims[i]);
            } catch (ArithmeticException e) {
                throw new IOException(name + ": the sizes in the header overflow: " + Arrays.toString(dims), e);
            }
        }
        long actual = bytes.length - headerLength;
        if (actual != expected) {
            throw new IOException(name + ": " + (actual < expected ? "truncated" : "too long") + ": the header "
                    + Arrays.toString(dims) + " promises " + expected + " bytes of " + kind + ", the file has " + actual);
        }
        return new Parsed(dims, bytes, headerLength);
    }

    private static byte[] read(Path file, String name) throws IOException {
        if (!name.endsWith(".gz")) {
            return Files.readAllBytes(file);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IOException(name + ": cannot decompress: " + e.getMessage(), e);
        }
    }

    private static double[] unsigned(Parsed p, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = p.bytes[p.offset + i] & 0xFF;
        }
        return out;
    }
}
