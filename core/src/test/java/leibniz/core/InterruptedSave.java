package leibniz.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A process that starts saving the file named by its argument and never finishes: it writes a megabyte,
 * prints {@code writing}, and waits to be killed, as a crash in the middle of a large save would leave it.
 */
final class InterruptedSave {
    private InterruptedSave() {
    }

    public static void main(String[] args) throws IOException {
        AtomicFile.replace(Path.of(args[0]), out -> {
            out.write(ByteBuffer.allocate(1 << 20));
            System.out.println("writing");
            System.out.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
