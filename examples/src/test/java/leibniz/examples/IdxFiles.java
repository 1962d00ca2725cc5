package leibniz.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files for tests: a header with the given magic and sizes, then the bytes. */
final class IdxFiles {
    private IdxFiles() {
    }

    /** The bytes of an IDX file: magic, one big-endian int per size, then {@code data}. */
    static byte[] bytes(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static Path write(Path file, byte[] content) throws IOException {
        if (file.getFileName().toString().endsWith(".gz")) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(buffer)) {
                out.write(content);
            }
            content = buffer.toByteArray();
        }
        return Files.write(file, content);
    }

    /**
     * A tiny MNIST-like folder: {@code n} 28x28 images per file whose class is drawn as a bright vertical
     * bar at column {@code 2 + 2·label}, so that even a linear model separates them.
     */
    static void mnist(Path dir, int trainCount, int testCount) throws IOException {
        Files.createDirectories(dir);
        set(dir, "train", trainCount, 1);
        set(dir, "t10k", testCount, 2);
    }

    private static void set(Path dir, String prefix, int n, long seed) throws IOException {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        byte[] pixels = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int label = i % 10;
            labels[i] = (byte) label;
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    int noise = rng.nextInt(60);
                    int bar = c == 2 + 2 * label && r > 3 && r < 24 ? 190 : 0;
                    pixels[i * 784 + r * 28 + c] = (byte) (noise + bar);
                }
            }
        }
        write(dir.resolve(prefix + "-images-idx3-ubyte"), bytes(IdxReader.IMAGES, new int[] {n, 28, 28}, pixels));
        write(dir.resolve(prefix + "-labels-idx1-ubyte"), bytes(IdxReader.LABELS, new int[] {n}, labels));
    }
}
