package leibniz.nn;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import leibniz.autograd.Parameter;

/**
 * Builds the path-named parameter (or buffer) maps of composite modules, so a model written in plain
 * Java names its parameters the way {@link Sequential} and PyTorch do: a field {@code encoder} of a
 * PyTorch module becomes the prefix {@code encoder}.
 *
 * <pre>{@code
 * public Map<String, Parameter> parameters() {
 *     return Parameters.builder()
 *             .addAll("encoder", encoder.parameters())   // encoder.0.weight, ...
 *             .addAll("head", head.parameters())          // head.weight, head.bias
 *             .add("temperature", temperature)
 *             .build();
 * }
 * }</pre>
 *
 * <p>A module whose children have buffers collects them the same way in {@link Module#buffers()} and
 * {@link Module#persistentBuffers()}, each from the children's method of the same name.
 *
 * <p>The order of insertion is kept. A parameter that is already present under another name (a weight
 * shared by two layers) is kept once, under its first name, so an optimizer updates it once.
 */
public final class Parameters {
    private Parameters() {
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code map} with every name prefixed by {@code prefix + "."}, in the same order. */
    public static Map<String, Parameter> prefixed(String prefix, Map<String, Parameter> map) {
        return builder().addAll(prefix, map).build();
    }

    /** A map of names to parameters under construction; names must be unique. */
    public static final class Builder {
        private final Map<String, Parameter> map = new LinkedHashMap<>();
        private final Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());

        private Builder() {
        }

        /** Adds {@code parameter} under {@code name}, unless it was already added under another name. */
        public Builder add(String name, Parameter parameter) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("parameters: a name is required");
            }
            if (parameter == null) {
                throw new IllegalArgumentException("parameters: '" + name + "' has no parameter");
            }
            if (map.containsKey(name)) {
                throw new IllegalArgumentException("parameters: duplicate name '" + name + "'");
            }
            if (seen.add(parameter)) {
                map.put(name, parameter);
            }
            return this;
        }

        /** Adds every entry of {@code children} under {@code prefix + "." + name}, in their order. */
        public Builder addAll(String prefix, Map<String, Parameter> children) {
            if (prefix == null || prefix.isBlank()) {
                throw new IllegalArgumentException("parameters: a prefix is required");
            }
            for (Map.Entry<String, Parameter> e : children.entrySet()) {
                add(prefix + "." + e.getKey(), e.getValue());
            }
            return this;
        }

        /** An unmodifiable map in insertion order. */
        public Map<String, Parameter> build() {
            return Collections.unmodifiableMap(new LinkedHashMap<>(map));
        }
    }
}
