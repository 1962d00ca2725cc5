package leibniz.core;

import java.util.LinkedHashMap;
import java.util.Map;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.ScriptEvaluator;

/**
 * The compiled loops of {@link Pointwise} kernels, by source text: a thousand programs with the same
 * shape of chain compile it once. This is the one piece of JVM-wide state in the kernels, kept because
 * compiling a loop costs milliseconds and a program is often built many times (one per batch shape, one
 * per thread); it never changes a result, since a loop is a pure function of its source. Bounded, least
 * recently used first out, and safe for concurrent use: two threads missing the same source at once may
 * both compile it, and one result is kept.
 */
final class KernelCache {
    /** Enough for every kernel of a large model several times over; a loop's class is a few kilobytes. */
    static final int CAPACITY = 4096;
    private static final String[] PARAMETERS = {"in", "out", "tiles", "inner", "from", "to"};
    private static final Map<String, Pointwise.Loop> LOOPS = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pointwise.Loop> eldest) {
            return size() > CAPACITY;
        }
    };

    private KernelCache() {
    }

    /** The loop compiled from {@code body}, compiled now if no loop of that source is cached. */
    static Pointwise.Loop loop(String body) {
        synchronized (LOOPS) {
            Pointwise.Loop cached = LOOPS.get(body);
            if (cached != null) {
                return cached;
            }
        }
        Pointwise.Loop compiled = compile(body);
        synchronized (LOOPS) {
            Pointwise.Loop raced = LOOPS.putIfAbsent(body, compiled);
            return raced == null ? compiled : raced;
        }
    }

    /** The number of loops cached now. */
    static int size() {
        synchronized (LOOPS) {
            return LOOPS.size();
        }
    }

    private static Pointwise.Loop compile(String body) {
        ScriptEvaluator janino = new ScriptEvaluator();
        janino.setParentClassLoader(Pointwise.class.getClassLoader());
        try {
            return janino.createFastEvaluator(body, Pointwise.Loop.class, PARAMETERS);
        } catch (CompileException e) {
            // The source is generated from templates: failing to compile it is a bug of the generator.
            throw new IllegalStateException("pointwise: the generated kernel does not compile (" + e.getMessage()
                    + "):\n" + body, e);
        }
    }
}
