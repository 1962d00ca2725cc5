package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Shape errors say where each disagreeing dimension came from, walking back through the ops that carry an
 * axis over. Without debug mode the leaves are named without their lines (SitesDebugModeTest has them).
 */
class ProvenanceTest {
    @Test
    void aMatmulErrorNamesThePlaceholderAndTheParameter() {
        Node x = Node.placeholder("x", 64, 784);
        Parameter w = Parameter.of("layers.0.weight", Tensor.zeros(256, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.matmul(w.node()));
        assertEquals("matmul: [64, 784] x [256, 10]: inner dimensions differ (784 vs 256); 784 is dim 1 of"
                + " placeholder 'x'; 256 is dim 0 of parameter 'layers.0.weight'", e.getMessage());
    }

    @Test
    void dimensionsAreFollowedThroughLayoutsProductsAndReductions() {
        Node x = Node.placeholder("x", 8, 5);
        Parameter w = Parameter.of("w", Tensor.zeros(3, 5));
        Node h = x.matmul(w.node(), false, true).tanh();                // [8, 3], 3 from w's dim 0
        Node t = h.transpose().reshape(3, 8).sum(1, true).exp();        // [3, 1]
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> h.add(Node.placeholder("b", 4)));
        assertEquals("add: [8, 3] and [4]: dimensions 3 and 4 do not broadcast; 3 is dim 0 of parameter 'w'; 4 is"
                + " dim 0 of placeholder 'b'", e.getMessage());
        assertEquals("3 is dim 0 of parameter 'w'", Provenance.of(t, 0));
        assertEquals("1 is dim 1 of sum[3, 1]", Provenance.of(t, 1));
        assertEquals("8 is dim 0 of placeholder 'x'", Provenance.of(x.mean(1).neg(), 0));
        assertEquals("5 is dim 1 of placeholder 'x'", Provenance.of(x.mean(0).neg(), 0));
        assertEquals("4 is dim 1 of slice[8, 4]", Provenance.of(x.slice(1, 1, 5), 1));
    }

    @Test
    void batchAxesOfProductsAndBroadcastsAreFollowed() {
        Node a = Node.placeholder("a", 6, 2, 3);
        Node b = Node.placeholder("b", 3, 4);
        Node c = a.matmul(b);                                              // [6, 2, 4]
        assertEquals("6 is dim 0 of placeholder 'a'", Provenance.of(c, 0));
        assertEquals("2 is dim 1 of placeholder 'a'", Provenance.of(c, 1));
        assertEquals("4 is dim 1 of placeholder 'b'", Provenance.of(c, 2));
        assertEquals("6 is dim 0 of placeholder 'a'", Provenance.of(c.add(Node.placeholder("v", 4)), 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.matmul(Node.placeholder("m", 5, 1)));
        assertEquals("matmul: [6, 2, 4] x [5, 1]: inner dimensions differ (4 vs 5); 4 is dim 1 of placeholder 'b';"
                + " 5 is dim 0 of placeholder 'm'", e.getMessage());
    }

    @Test
    void otherRefusalsAreLeftAsTheyWere() {
        Node x = Node.placeholder("x", 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.reshape(4, 2));
        assertEquals("reshape: cannot view 6 elements as [4, 2]", e.getMessage());
    }
}
