package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import leibniz.autograd.check.GradCheck;
import leibniz.core.Convolutions.Window;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Every public method and constructor of autograd's API, called with null in each reference argument (and,
 * for arrays and lists, with a null element) while the other arguments are valid, refuses with an
 * IllegalArgumentException whose sentence names the operation and the argument: {@code add: b is null},
 * {@code grad: xs[0] is null}. The methods are found by reflection (here only: main code has none), so a new
 * method is covered without touching this test.
 */
class NullArgumentsTest {
    private static final List<Class<?>> API = List.of(Node.class, Autograd.class, Program.class, Parameter.class,
            GradCheck.class, Windows.class, Dot.class, Assign.class, Linalg.class, Transforms.class, PerSample.class,
            ControlFlow.class);

    @Test
    void everyReferenceArgumentRefusesNullWithASentence() {
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (Executable m : executables()) {
            java.lang.reflect.Parameter[] ps = m.getParameters();
            for (int i = 0; i < ps.length; i++) {
                Class<?> type = ps[i].getType();
                if (type.isPrimitive()) {
                    continue;
                }
                Object[] args = validArguments(m);
                args[i] = null;
                failures.addAll(check(m, args, ps[i].getName(), false));
                calls++;
                Object withNull = withANullElement(type);
                // vmap's axes lists take null for an unbatched value, as JAX's None
                boolean axes = m.getGenericParameterTypes()[i] instanceof ParameterizedType p
                        && p.getActualTypeArguments()[0] == Integer.class;
                if (withNull != null && !axes) {
                    args[i] = withNull;
                    failures.addAll(check(m, args, ps[i].getName(), true));
                    calls++;
                }
            }
        }
        assertTrue(calls > 90, "only " + calls + " calls: the scan found too few methods");
        assertTrue(failures.isEmpty(), failures.size() + " of " + calls + " calls did not refuse null with a sentence"
                + " naming the operation and the argument:\n" + String.join("\n", failures));
    }

    /** The public methods of the API classes and the interfaces they implement (not Object's), and Assign's constructor. */
    private static List<Executable> executables() {
        List<Executable> out = new ArrayList<>();
        for (Class<?> c : API) {
            for (Method m : c.getMethods()) {
                if (m.getDeclaringClass().getPackageName().startsWith("leibniz.autograd") && !m.isSynthetic()
                        && !m.getName().equals("equals")) {
                    out.add(m);
                }
            }
        }
        out.addAll(Arrays.asList(Assign.class.getConstructors()));
        out.sort(Comparator.comparing(Executable::toString));
        return out;
    }

    /** An array or list holding one null, for a parameter of that type; null for other types. */
    private static Object withANullElement(Class<?> type) {
        if (type.isArray() && !type.getComponentType().isPrimitive()) {
            return Array.newInstance(type.getComponentType(), 1);
        }
        if (type == List.class || type == Collection.class) {
            return Arrays.asList((Object) null);
        }
        return null;
    }

    /** Empty if the call refused with a sentence naming the operation and {@code argument}, else why not. */
    private static List<String> check(Executable m, Object[] args, String argument, boolean element) {
        String call = m.getDeclaringClass().getSimpleName() + "." + m.getName() + " with null " + argument
                + (element ? " element" : "");
        try {
            if (m instanceof Method method) {
                method.invoke(Modifier.isStatic(method.getModifiers()) ? null : receiver(method.getDeclaringClass()),
                        args);
            } else {
                ((Constructor<?>) m).newInstance(args);
            }
            return List.of(call + ": returned normally");
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (!(t instanceof IllegalArgumentException)) {
                return List.of(call + ": threw " + t);
            }
            String message = String.valueOf(t.getMessage());
            return namesOperation(m, args, message) && namesArgument(argument, element, message) ? List.of()
                    : List.of(call + ": \"" + message + "\"");
        } catch (ReflectiveOperationException e) {
            return List.of(call + ": " + e);
        }
    }

    /**
     * Whether the sentence starts with the operation: the method's name, its class's ({@code parameter}, for
     * {@code Parameter.of}), or the name of the op it applies; a prefix either way counts ("permute" for
     * {@code permuted}).
     */
    private static boolean namesOperation(Executable m, Object[] args, String message) {
        List<String> names = new ArrayList<>(List.of(m.getName(),
                m.getDeclaringClass().getSimpleName().toLowerCase(Locale.ROOT)));
        for (Object a : args) {
            if (a instanceof Op op) {
                names.add(op.name());
            }
        }
        String op = message.split("[: ]", 2)[0].toLowerCase(Locale.ROOT);
        return !op.isEmpty() && names.stream().map(n -> n.toLowerCase(Locale.ROOT))
                .anyMatch(n -> n.startsWith(op) || op.startsWith(n));
    }

    /** Whether the sentence names the argument as a word; an element may be named in the singular ("output 0"). */
    private static boolean namesArgument(String argument, boolean element, String message) {
        String singular = argument.endsWith("s") ? argument.substring(0, argument.length() - 1) : argument;
        for (String name : element ? List.of(argument, singular) : List.of(argument, singular)) {
            if (Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(message).find()) {
                return true;
            }
        }
        return false;
    }

    private static Object receiver(Class<?> type) {
        if (type == Program.class) {
            return Program.of(node());
        }
        if (type == Parameter.class) {
            return Parameter.of("w", Tensor.zeros(2, 3));
        }
        if (type == GradCheck.class) {
            return GradCheck.of(xs -> xs.get(0));
        }
        return node(); // Node and its interfaces
    }

    private static Node node() {
        return Node.constant(Tensor.zeros(2, 3));
    }

    private static Object[] validArguments(Executable m) {
        Type[] types = m.getGenericParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = valid(types[i]);
        }
        return args;
    }

    /** A valid value of a parameter type: nodes and tensors [2, 3], axis 0, a parameter of that shape. */
    private static Object valid(Type type) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        Type element = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
        if (raw == List.class || raw == Collection.class) {
            return element == Parameter.class ? List.of(Parameter.of("p", Tensor.zeros(2, 3)))
                    : element == Assign.class ? List.of() : List.of(node());
        }
        if (raw == Map.class) {
            return Map.of();
        }
        if (raw == Function.class) {
            return (Function<List<Node>, Node>) xs -> xs.get(0);
        }
        if (raw == UnaryOperator.class) {
            return (UnaryOperator<Object>) x -> x;
        }
        if (raw == ControlFlow.ScanBody.class) {
            return (ControlFlow.ScanBody) (c, x) -> new ControlFlow.Step(c, List.of());
        }
        if (raw == int.class) {
            return 0;
        } else if (raw == long.class) {
            return 1L;
        } else if (raw == double.class) {
            return 1.0;
        } else if (raw == boolean.class) {
            return false;
        } else if (raw == Node.class) {
            return node();
        } else if (raw == Node[].class) {
            return new Node[] {node()};
        } else if (raw == Tensor.class) {
            return Tensor.zeros(2, 3);
        } else if (raw == Tensor[].class) {
            return new Tensor[] {Tensor.zeros(2, 3)};
        } else if (raw == Shape.class) {
            return Shape.of(2, 3);
        } else if (raw == DType.class) {
            return DType.F64;
        } else if (raw == String.class) {
            return "x";
        } else if (raw == int[].class) {
            return new int[] {0};
        } else if (raw == Parameter.class) {
            return Parameter.of("p", Tensor.zeros(2, 3));
        } else if (raw == Op.class) {
            return new UnaryOps.Neg();
        } else if (raw == Window.class) {
            return Window.square(1, 1, 0);
        } else if (raw == Linalg.Norm.class) {
            return Linalg.Norm.FROBENIUS;
        } else if (raw == DMatrixRMaj.class) {
            return new DMatrixRMaj(2, 3);
        } else if (raw == FMatrixRMaj.class) {
            return new FMatrixRMaj(2, 3);
        } else if (raw == Program.Options.class) {
            return Program.Options.defaults();
        }
        throw new IllegalStateException("no valid value for " + type + ": add one to the test");
    }
}
