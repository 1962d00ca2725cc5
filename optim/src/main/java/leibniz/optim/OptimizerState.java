package leibniz.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import leibniz.autograd.Assign;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;

/**
 * The bookkeeping shared by every first-order optimizer: the learning-rate and step-count parameters,
 * parameter groups, slots created on first use, and the assignments of one step.
 */
final class OptimizerState {
    private final String op;
    private final String prefix;
    private final Rule rule;
    private final Parameter lr;
    private final Parameter count;
    private final double weightDecay;
    /** Each grouped parameter's group index; ratios and decays are per group. */
    private final Map<Parameter, Integer> groupOf = new IdentityHashMap<>();
    private final double[] ratios;
    private final double[] decays;
    private final Map<Parameter, List<Parameter>> slots = new IdentityHashMap<>();
    private final Map<String, Parameter> stepped = new HashMap<>();
    private final Map<String, Parameter> state = new LinkedHashMap<>();

    /** Validates the shared settings; {@code op} names the optimizer in messages, {@code prefix} in state names. */
    OptimizerState(String op, String prefix, Rule rule, Settings<?> s) {
        this.op = op;
        this.prefix = prefix;
        this.rule = rule;
        double base = Check.learningRate(op, s.learningRate);
        this.weightDecay = Check.nonNegative(op, "weight decay", s.weightDecay);
        int n = s.groups.size();
        ratios = new double[n];
        decays = new double[n];
        if (n > 0 && base == 0) {
            throw new IllegalArgumentException(op + ": parameter groups need a positive base learning rate, "
                    + "their rates are kept as ratios to it");
        }
        for (int k = 0; k < n; k++) {
            ParameterGroup g = s.groups.get(k);
            ratios[k] = Check.nonNegative(op, "group " + k + " learning rate", g.learningRate()) / base;
            decays[k] = Check.nonNegative(op, "group " + k + " weight decay", g.weightDecay());
            for (Parameter p : g.parameters()) {
                Integer before = groupOf.put(p, k);
                if (before != null) {
                    throw new IllegalArgumentException(op + ": parameter '" + p.name() + "' is in groups " + before
                            + " and " + k);
                }
            }
        }
        this.lr = Parameter.of(prefix + ".lr", Tensor.scalar(base));
        this.count = Parameter.of(prefix + ".step", Tensor.scalar(0));
        state.put(lr.name(), lr);
        state.put(count.name(), count);
    }

    /** A step for parameters named by their own names, which must then be unique. */
    List<Assign> step(List<Parameter> parameters, List<Node> gradients) {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            Parameter before = named.putIfAbsent(p.name(), p);
            if (before != null && before != p) {
                throw new IllegalArgumentException(op + ": two parameters are named '" + p.name()
                        + "', so their slots would share names; pass them by path, e.g. step(model.parameters(), grads)");
            }
            if (before == p) {
                throw new IllegalArgumentException(op + ": parameter '" + p.name() + "' is listed twice");
            }
        }
        return step(named, gradients);
    }

    /** A step for parameters named by the map's keys (their paths in a model), which name their slots. */
    List<Assign> step(Map<String, Parameter> named, List<Node> gradients) {
        List<String> names = List.copyOf(named.keySet());
        List<Parameter> parameters = List.copyOf(named.values());
        check(names, parameters, gradients);
        Node t = count.node().add(1);
        List<Assign> out = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            Integer k = groupOf.get(p);
            double ratio = k == null ? 1 : ratios[k];
            Node rate = ratio == 1 ? lr.node() : lr.node().mul(ratio);
            List<Parameter> s = slotsOf(names.get(i), p);
            List<Node> reads = new ArrayList<>(s.size());
            for (Parameter slot : s) {
                reads.add(slot.node());
            }
            double decay = k == null ? weightDecay : decays[k];
            List<Node> next = rule.next(new Rule.Context(p.node(), gradients.get(i), reads, rate, decay, t));
            out.add(new Assign(p, next.get(0)));
            for (int j = 0; j < s.size(); j++) {
                out.add(new Assign(s.get(j), next.get(j + 1)));
            }
        }
        out.add(new Assign(count, t));
        return List.copyOf(out);
    }

    private void check(List<String> keys, List<Parameter> parameters, List<Node> gradients) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(op + ": step needs at least one parameter");
        }
        if (parameters.size() != gradients.size()) {
            throw new IllegalArgumentException(op + ": " + parameters.size() + " parameters but " + gradients.size()
                    + " gradients");
        }
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, Parameter> names = new HashMap<>(stepped);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            Node g = gradients.get(i);
            if (!seen.add(p)) {
                throw new IllegalArgumentException(op + ": parameter '" + p.name() + "' is listed twice");
            }
            if (!g.shape().equals(p.shape())) {
                throw new IllegalArgumentException(op + ": gradient " + i + " has shape " + g.shape() + ", parameter '"
                        + p.name() + "' has shape " + p.shape());
            }
            Parameter named = names.putIfAbsent(keys.get(i), p);
            if (named != null && named != p) {
                throw new IllegalArgumentException(op + ": the name '" + keys.get(i)
                        + "' was used for another parameter in an earlier step, so their slots would share names");
            }
        }
    }

    /** The slots of {@code p}, created on the first step that sees it. */
    private List<Parameter> slotsOf(String key, Parameter p) {
        List<Parameter> s = slots.get(p);
        if (s == null) {
            s = new ArrayList<>();
            for (String name : rule.slots()) {
                Parameter slot = Parameter.of(prefix + "." + name + "." + key,
                        Tensor.full(p.shape(), rule.initial(name), p.dtype()));
                s.add(slot);
                state.put(slot.name(), slot);
            }
            slots.put(p, s);
            stepped.put(key, p);
        }
        return s;
    }

    Map<String, Parameter> state() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(state));
    }

    double learningRate() {
        return lr.value().item();
    }

    void setLearningRate(double rate) {
        lr.set(Tensor.scalar(Check.learningRate(op, rate)));
    }
}
