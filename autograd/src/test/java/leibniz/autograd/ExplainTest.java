package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** {@link Program#explain()}: the compiled steps, outputs, assignments, rewrites and counts. */
class ExplainTest {
    /** The listing with its last line, the compile time, checked for form and dropped. */
    static String withoutTime(String listing) {
        String[] lines = listing.split("\n");
        String time = "\\d+\\.\\d ms";
        assertTrue(lines[lines.length - 1].matches("compiled in " + time + " \\(rewrites " + time
                + ", fused loops and memory plan " + time + "\\)"), lines[lines.length - 1]);
        return listing.substring(0, listing.lastIndexOf("compiled in"));
    }

    @Test
    void listsTheCompiledStepsAndTheRewrites() {
        Node x = Node.placeholder("x", 2, 3);
        Program p = Program.of(x.mul(2).add(x.mul(2)).sum(1, true));
        assertEquals("""
                program: 1 output, 0 assignments; 7 nodes as written, 4 compiled
                  %0 = placeholder 'x'          [2, 3] F64
                  %1 = constant 4.0             [] F64
                  loop #0: reads %0, %1; writes %2
                    %2 = mul(%0, %1)            [2, 3] F64
                  %3 = sum(%2) axis=1 keepDims  [2, 1] F64
                outputs: %3
                memory: 1 buffer, 48 bytes of intermediates
                rewrites:
                  merge                             3
                  canonicalize.scalePowersOfTwo     1
                  canonicalize.addSelf              1
                  deadCode                          2
                """, withoutTime(p.explain()));
        assertEquals("program: 1 output, 0 assignments; 7 nodes as written, 4 compiled", p.toString());
    }

    @Test
    void listsAssignmentsAndAProgramAsWritten() {
        Parameter w = Parameter.of("w", Tensor.vector(1, 2));
        Program p = Program.of(List.of(), List.of(new Assign(w, w.node().mul(1))),
                Program.Options.defaults().uncompiled());
        assertEquals("""
                program: 0 outputs, 1 assignment; 3 nodes, not compiled
                  %0 = parameter 'w'  [2] F64
                  %1 = constant 1.0   [] F64
                  %2 = mul(%0, %1)    [2] F64
                assign 'w' = %2
                not compiled
                """, p.explain());
        Program compiled = Program.of(List.of(), List.of(new Assign(w, w.node().mul(1))));
        assertEquals("""
                program: 0 outputs, 1 assignment; 3 nodes as written, 1 compiled
                  %0 = parameter 'w'  [2] F64
                assign 'w' = %0
                memory: 0 buffers, 0 bytes of intermediates
                rewrites:
                  canonicalize.mulOne     1
                  deadCode                1
                """, withoutTime(compiled.explain()));
    }
}
