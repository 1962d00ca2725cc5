package leibniz.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the harness's results.tsv: the best forward-and-backward median per framework, element type and thread count. */
class PeerResultsTest {
    @TempDir
    Path dir;

    @Test
    void keepsTheBestFullVariantPerType() throws IOException {
        PeerResults peers = PeerResults.read(write(
                "W1\tsamediff\tf64\t1\tTrainingConfig+Sgd fit()\t9000\t9400.5\t9900\t",
                "W1\tsamediff\tf64\t1\tcalculateGradients+subi\t8000\t8100\t8300\t",
                "W1\tsamediff\tf32\t1\tcalculateGradients+subi\t5000\t5100\t5300\t",
                "W2_8x8\tdjl-pytorch\tf64\t1\tforward only, no grad\t1\t2\t3\tnot fwd+bwd",
                "W2_8x8\tdjl-pytorch\tf64\t1\tGradientCollector\t9000\t9730\t9900\t",
                "W4\tsamediff\tf64\t1\tgrad-of-grad function\tNaN\tNaN\tNaN\tunsupported: x",
                "W3\tdjl-pytorch\tf64\t2\tGradientCollector\t100000\t120000\t130000\t"));
        assertEquals(8100, peers.micros("W1", "samediff", "f64", 1).getAsDouble());
        assertEquals(5100, peers.micros("W1", "samediff", "f32", 1).getAsDouble());
        assertEquals(9730, peers.micros("W2_8x8", "djl-pytorch", "f64", 1).getAsDouble());
        assertTrue(peers.micros("W2_8x8", "djl-pytorch", "f32", 1).isEmpty(), "the harness runs W2 in f64 only");
        assertTrue(peers.micros("W4", "samediff", "f64", 1).isEmpty(), "NaN marks an unsupported workload");
        assertTrue(peers.micros("W3", "djl-pytorch", "f64", 1).isEmpty(), "only 2 threads were measured");
        assertEquals(120000, peers.micros("W3", "djl-pytorch", "f64", 2).getAsDouble());
    }

    @Test
    void refusesAnUnreadableMedian() throws IOException {
        Path tsv = write("W1\tnumpy\tf64\t1\thand-written\t1\tfast\t3\t");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerResults.read(tsv));
        assertEquals("peer results " + tsv + ": bad median 'fast' in: W1\tnumpy\tf64\t1\thand-written\t1\tfast\t3\t",
                e.getMessage());
    }

    private Path write(String... lines) throws IOException {
        Path p = dir.resolve("results.tsv");
        Files.write(p, List.of(lines));
        return p;
    }
}
