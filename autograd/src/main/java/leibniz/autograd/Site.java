package leibniz.autograd;

import java.util.Optional;
import java.util.Set;

/**
 * Where a node was built: the Java source line outside Leibniz that built it ({@code Model.java:42}) and
 * the Leibniz method that line called ({@code Linear.create}). Nodes record it only in debug mode, which
 * the system property {@code leibniz.debug=true} turns on for the whole JVM (read once, the one global
 * switch of Leibniz); otherwise building a node records nothing and costs nothing.
 *
 * <pre>{@code
 * java -Dleibniz.debug=true -jar app.jar        // every node knows its line; every program checks its values
 * node.site().map(Site::toString)                // Optional[Model.java:42]
 * }</pre>
 *
 * @param api the Leibniz method the user's code called, as {@code Class.method} ({@code Node.matmul})
 * @param file the source file of the user's frame
 * @param line its line number, or -1 when the class file has none
 */
public record Site(String api, String file, int line) {
    /** The name of the system property that turns debug mode on for every node and program. */
    public static final String PROPERTY = "leibniz.debug";

    /** Whether nodes record their site: the value of {@link #PROPERTY} when Leibniz was loaded. */
    static final boolean RECORDING = Boolean.getBoolean(PROPERTY);

    /** Leibniz's own packages; a frame of any other class is the user's (tests and examples included). */
    private static final Set<String> OWN = Set.of("leibniz.core", "leibniz.autograd", "leibniz.autograd.check",
            "leibniz.nn", "leibniz.optim");

    /** The node's fluent interfaces are one type to the user: {@code x.matmul(w)} is {@code Node.matmul}. */
    private static final Set<String> NODE_FACES = Set.of("NodeMath", "NodeReductions", "NodeShapes");

    private static final StackWalker WALKER = StackWalker.getInstance();

    /** The site of the caller: the first frame outside Leibniz and the JDK, with the last Leibniz frame before it. */
    static Site capture() {
        return WALKER.walk(frames -> {
            StackWalker.StackFrame[] last = new StackWalker.StackFrame[1];
            Optional<StackWalker.StackFrame> user = frames.filter(f -> {
                if (own(f.getClassName())) {
                    last[0] = f;
                    return false;
                }
                return !platform(f.getClassName());
            }).findFirst();
            return user.map(f -> new Site(api(last[0]), String.valueOf(f.getFileName()), f.getLineNumber()))
                    .orElse(null);
        });
    }

    /** The JDK's own frames (a {@code computeIfAbsent} between two of Leibniz's) are passed over, not the user's. */
    private static boolean platform(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.");
    }

    private static boolean own(String className) {
        int dot = className.lastIndexOf('.');
        return dot > 0 && OWN.contains(className.substring(0, dot));
    }

    private static String api(StackWalker.StackFrame f) {
        if (f == null) {
            return "";
        }
        String name = f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1);
        int nested = name.indexOf('$');
        String type = nested < 0 ? name : name.substring(0, nested);
        String method = f.getMethodName().equals("<init>") ? "new" : f.getMethodName();
        return (NODE_FACES.contains(type) ? "Node" : type) + "." + method;
    }

    /** {@code Model.java:42}. */
    @Override
    public String toString() {
        return file + ":" + line;
    }

    /**
     * How reports name the site: {@code built at Model.java:42} for a node built by a method of
     * {@link Node}, {@code Linear.create at Model.java:30} for one a layer or another Leibniz method built.
     */
    public String describe() {
        return api.startsWith("Node.") || api.isEmpty() ? "built at " + this : api + " at " + this;
    }
}
