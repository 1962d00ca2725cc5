package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import leibniz.core.Convolutions.Window;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Every public method of core's API, called with null in each reference argument (and, for arrays, with a
 * null element) while the other arguments are valid, refuses with an IllegalArgumentException whose
 * sentence names the operation and the argument: {@code add: b is null}. The methods are found by
 * reflection (here only: main code has none), so a new method is covered without touching this test.
 */
class NullArgumentsTest {
    private static final List<Class<?>> API = List.of(Tensor.class, Shape.class, DType.class, Convolutions.class,
            Window.class, Buffer.class, Kernels.class, Pointwise.class, Pointwise.Builder.class,
            Pointwise.Bound.class, LinearAlgebra.class,
            MatrixShapes.class);

    @Test
    void everyReferenceArgumentRefusesNullWithASentence() throws Exception {
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (Method m : methods()) {
            Parameter[] ps = m.getParameters();
            for (int i = 0; i < ps.length; i++) {
                Class<?> type = ps[i].getType();
                if (type.isPrimitive()) {
                    continue;
                }
                Object[] args = validArguments(m);
                args[i] = null;
                failures.addAll(check(m, args, ps[i].getName()));
                calls++;
                if (type.isArray() && !type.getComponentType().isPrimitive()) {
                    args[i] = Array.newInstance(type.getComponentType(), 1);
                    failures.addAll(check(m, args, ps[i].getName()));
                    calls++;
                }
            }
        }
        assertTrue(calls > 80, "only " + calls + " calls: the scan found too few methods");
        assertTrue(failures.isEmpty(), failures.size() + " of " + calls + " calls did not refuse null with a sentence"
                + " naming the operation and the argument:\n" + String.join("\n", failures));
    }

    /** The public methods of the API classes and the interfaces they implement, but not Object's. */
    static List<Method> methods() {
        List<Method> out = new ArrayList<>();
        for (Class<?> c : API) {
            for (Method m : c.getMethods()) {
                if (m.getDeclaringClass().getPackageName().equals("leibniz.core") && !m.isSynthetic()
                        && !m.getName().equals("equals") && !m.getName().equals("valueOf")) {
                    out.add(m);
                }
            }
        }
        out.sort(Comparator.comparing(Method::toString));
        return out;
    }

    /** Empty if the call refused with a sentence naming the operation and {@code argument}, else why not. */
    private static List<String> check(Method m, Object[] args, String argument) {
        String call = m.getDeclaringClass().getSimpleName() + "." + m.getName() + " with null " + argument
                + (args[indexOf(m, argument)] != null ? " element" : "");
        Object receiver = Modifier.isStatic(m.getModifiers()) ? null : receiver(m.getDeclaringClass());
        try {
            m.invoke(receiver, args);
            return List.of(call + ": returned normally");
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (!(t instanceof IllegalArgumentException)) {
                return List.of(call + ": threw " + t);
            }
            String message = String.valueOf(t.getMessage());
            List<String> names = new ArrayList<>(List.of(m.getName(),
                    m.getDeclaringClass().getSimpleName().toLowerCase(Locale.ROOT)));
            if (m.getDeclaringClass().getEnclosingClass() != null) { // Pointwise.Builder's sentences say pointwise
                names.add(m.getDeclaringClass().getEnclosingClass().getSimpleName().toLowerCase(Locale.ROOT));
            }
            for (int i = 0; i < args.length; i++) {
                if (m.getParameters()[i].getName().equals("op") && args[i] != null) {
                    names.add((String) args[i]);
                }
            }
            // The operation is the first word of the sentence; "permute" names Shape.permuted.
            String op = message.split("[: ]", 2)[0];
            boolean namesOp = !op.isEmpty() && names.stream().anyMatch(n -> n.startsWith(op) || op.startsWith(n));
            boolean namesArgument = Pattern.compile("\\b" + Pattern.quote(argument) + "\\b").matcher(message).find();
            return namesOp && namesArgument ? List.of() : List.of(call + ": \"" + message + "\"");
        } catch (IllegalAccessException e) {
            return List.of(call + ": " + e);
        }
    }

    private static int indexOf(Method m, String argument) {
        Parameter[] ps = m.getParameters();
        for (int i = 0; i < ps.length; i++) {
            if (ps[i].getName().equals(argument)) {
                return i;
            }
        }
        throw new IllegalStateException(argument);
    }

    private static Object receiver(Class<?> type) {
        if (type == Shape.class) {
            return Shape.of(2, 3);
        }
        if (type == Window.class) {
            return Window.square(1, 1, 0);
        }
        if (type == DType.class) {
            return DType.F64;
        }
        if (type == Buffer.class) {
            return valid(Buffer.class);
        }
        if (type == Pointwise.Builder.class) {
            return Pointwise.builder(Shape.of(2, 3));
        }
        if (type == Pointwise.class || type == Pointwise.Bound.class) {
            Pointwise.Builder k = Pointwise.builder(Shape.of(2, 3));
            k.output(k.apply(Pointwise.Fn.NEG, DType.F64, k.input(Shape.of(2, 3), DType.F64)));
            Pointwise kernel = k.build();
            return type == Pointwise.class ? kernel : kernel.bind(Buffer.of(Shape.of(2, 3), DType.F64));
        }
        return Tensor.zeros(2, 3); // Tensor and its interfaces
    }

    /** A valid value for every parameter of {@code m}: tensors [2, 3] of zeros, axis 0, shapes [2, 3]. */
    private static Object[] validArguments(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = valid(types[i]);
        }
        return args;
    }

    static Object valid(Class<?> type) {
        if (type == int.class) {
            return 0;
        } else if (type == long.class) {
            return 1L;
        } else if (type == double.class) {
            return 1.0;
        } else if (type == float.class) {
            return 1f;
        } else if (type == boolean.class) {
            return false;
        } else if (type == Tensor.class) {
            return Tensor.zeros(2, 3);
        } else if (type == Shape.class) {
            return Shape.of(2, 3);
        } else if (type == DType.class) {
            return DType.F64;
        } else if (type == String.class) {
            return "op";
        } else if (type == int[].class) {
            return new int[] {2, 3};
        } else if (type == double[].class) {
            return new double[6];
        } else if (type == float[].class) {
            return new float[6];
        } else if (type == double[][].class) {
            return new double[][] {{1, 2}, {3, 4}};
        } else if (type == Tensor[].class) {
            return new Tensor[] {Tensor.zeros(2, 3)};
        } else if (type == Shape[].class) {
            return new Shape[] {Shape.of(2, 3)};
        } else if (type == DType[].class) {
            return new DType[] {DType.F64};
        } else if (type == RandomGenerator.class) {
            return new SplittableRandom(0);
        } else if (type == DoubleUnaryOperator.class) {
            return (DoubleUnaryOperator) v -> v;
        } else if (type == Window.class) {
            return Window.square(1, 1, 0);
        } else if (type == DMatrixRMaj.class) {
            return new DMatrixRMaj(2, 3);
        } else if (type == FMatrixRMaj.class) {
            return new FMatrixRMaj(2, 3);
        } else if (type == DMatrixRMaj[].class) {
            return new DMatrixRMaj[] {new DMatrixRMaj(2, 3)};
        } else if (type == FMatrixRMaj[].class) {
            return new FMatrixRMaj[] {new FMatrixRMaj(2, 3)};
        } else if (type == Object.class) {
            return "value";
        } else if (type == Buffer.class) {
            return Buffer.of(Shape.of(2, 3), DType.F64);
        } else if (type == Buffer[].class) {
            return new Buffer[] {Buffer.of(Shape.of(2, 3), DType.F64)};
        } else if (type == Pointwise.Fn.class) {
            return Pointwise.Fn.NEG;
        } else if (type == Kernels.Reduction.class) {
            return Kernels.Reduction.SUM;
        }
        throw new IllegalStateException("no valid value for " + type + ": add one to the test");
    }
}
