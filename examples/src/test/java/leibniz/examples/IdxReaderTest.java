package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import leibniz.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** Two 2x3 images with pixel values 0, 1, ..., 5 and 250, ..., 255 (unsigned: 255 is 0xFF). */
    private static byte[] twoImages() {
        byte[] data = new byte[12];
        for (int i = 0; i < 6; i++) {
            data[i] = (byte) i;
            data[6 + i] = (byte) (250 + i);
        }
        return IdxFiles.bytes(IdxReader.IMAGES, new int[] {2, 2, 3}, data);
    }

    @Test
    void readsImagesAsUnsignedBytesRowMajor() throws IOException {
        Path f = IdxFiles.write(dir.resolve("images-idx3-ubyte"), twoImages());
        IdxReader.Items items = IdxReader.images(f, 10);
        assertEquals(2, items.total());
        assertEquals(Shape.of(2, 2, 3), items.values().shape());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255}, items.values().toArray());
        assertEquals(5.0, items.values().get(0, 1, 2));
    }

    @Test
    void readsGzippedFilesAndHonoursTheLimit() throws IOException {
        Path f = IdxFiles.write(dir.resolve("images-idx3-ubyte.gz"), twoImages());
        IdxReader.Items items = IdxReader.images(f, 1);
        assertEquals(2, items.total());
        assertEquals(Shape.of(1, 2, 3), items.values().shape());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, items.values().toArray());
    }

    @Test
    void readsLabels() throws IOException {
        Path f = IdxFiles.write(dir.resolve("labels-idx1-ubyte"),
                IdxFiles.bytes(IdxReader.LABELS, new int[] {4}, new byte[] {7, 0, 9, 3}));
        IdxReader.Items items = IdxReader.labels(f, 100);
        assertEquals(4, items.total());
        assertArrayEquals(new double[] {7, 0, 9, 3}, items.values().toArray());
    }

    @Test
    void readsAnEmptyFile() throws IOException {
        Path f = IdxFiles.write(dir.resolve("labels"), IdxFiles.bytes(IdxReader.LABELS, new int[] {0}, new byte[0]));
        assertEquals(0, IdxReader.labels(f, 5).total());
    }

    private String failure(String name, byte[] content, boolean images) throws IOException {
        Path f = IdxFiles.write(dir.resolve(name), content);
        return assertThrows(IOException.class, () -> {
            if (images) {
                IdxReader.images(f, 10);
            } else {
                IdxReader.labels(f, 10);
            }
        }).getMessage();
    }

    @Test
    void rejectsALabelFileReadAsImages() throws IOException {
        byte[] labels = IdxFiles.bytes(IdxReader.LABELS, new int[] {2}, new byte[] {1, 2});
        assertEquals("train-images-idx3-ubyte: magic number 0x00000801 (an IDX file of 1 dimensions), "
                + "expected 0x00000803 for images", failure("train-images-idx3-ubyte", labels, true));
    }

    @Test
    void rejectsAFileThatIsNotIdx() throws IOException {
        byte[] text = "hello, world".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals("labels: magic number 0x68656C6C (not an IDX file of unsigned bytes), expected 0x00000801 "
                + "for labels", failure("labels", text, false));
    }

    @Test
    void rejectsATruncatedFile() throws IOException {
        byte[] whole = twoImages();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 5);
        assertEquals("images: truncated: the header [2, 2, 3] promises 12 bytes of images, the file has 7",
                failure("images", cut, true));
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] labels = IdxFiles.bytes(IdxReader.LABELS, new int[] {2}, new byte[] {1, 2, 3});
        assertEquals("labels: too long: the header [2] promises 2 bytes of labels, the file has 3",
                failure("labels", labels, false));
    }

    @Test
    void rejectsATruncatedHeader() throws IOException {
        byte[] header = java.util.Arrays.copyOf(twoImages(), 10);
        assertEquals("images: truncated header: 10 bytes, expected 16", failure("images", header, true));
        assertEquals("empty: 2 bytes is too short for an IDX header", failure("empty", new byte[2], true));
    }

    @Test
    void rejectsNegativeAndZeroSizes() throws IOException {
        assertEquals("images: invalid size -2 in dimension 0",
                failure("images", IdxFiles.bytes(IdxReader.IMAGES, new int[] {-2, 2, 3}, new byte[0]), true));
        assertEquals("images: invalid size 0 in dimension 2",
                failure("images", IdxFiles.bytes(IdxReader.IMAGES, new int[] {2, 2, 0}, new byte[0]), true));
    }

    @Test
    void rejectsSizesWhoseProductOverflows() throws IOException {
        int big = Integer.MAX_VALUE;
        assertEquals("images: the sizes in the header overflow: [" + big + ", " + big + ", " + big + "]",
                failure("images", IdxFiles.bytes(IdxReader.IMAGES, new int[] {big, big, big}, new byte[0]), true));
    }

    @Test
    void rejectsACorruptGzipFile() throws IOException {
        Path f = IdxFiles.write(dir.resolve("images.gz"), new byte[0]);
        java.nio.file.Files.write(f, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2});
        String message = assertThrows(IOException.class, () -> IdxReader.images(f, 1)).getMessage();
        assertEquals(true, message.startsWith("images.gz: cannot decompress: "), message);
    }
}
