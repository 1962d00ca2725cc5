package leibniz.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import leibniz.core.DType;

/**
 * Rewrites a graph by local rules into an equivalent one, leaving the user's nodes untouched: a
 * bottom-up rebuild in topological order, as PyTensor's rewriter and XLA's algebraic simplifier do.
 *
 * <p>Each node is rebuilt on the rewritten versions of its inputs (or kept, when none changed), then
 * merged: if an equal node was already built (the same op, by record equality, on the same inputs, or a
 * constant of the same value) that one is used instead, which finds the common subexpressions of the
 * forward and gradient graphs. Then the rules are tried in order; the first that matches gives a
 * replacement, whose new nodes are rebuilt, merged and rewritten the same way, and the replacement's
 * root gets the rules tried again, until none fires. Since the inputs of a node are final when its rules
 * run, one walk reaches the fixpoint of every rule, whatever families they come from; the order of the
 * rule list only decides which rule wins at a node where several match ({@link #rules(Program.Options)}).
 * Dead code needs no pass: nodes that no root reaches after rewriting are simply not in the result.
 *
 * <p>Only {@link BuiltIn} ops are merged or handed to rules; a user's op is rebuilt on its rewritten
 * inputs and otherwise left as written. Every walk is iterative, so a 100,000-node chain compiles.
 */
final class Compiler {
    /** Rewrites in a row starting from one node before the rule set is declared not to terminate. */
    static final int MAX_REWRITES = 64;

    private final List<Rule> rules;
    /** Each visited node to what it became: itself when final, else a replacement still being rewritten. */
    private final Map<Node, Node> memo = new IdentityHashMap<>();
    private final Set<Node> finals = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Key, Node> table = new HashMap<>();
    /** For each node a rule built: the rule, the node it replaced, and how many rewrites led to it. */
    private final Map<Node, Step> steps = new IdentityHashMap<>();
    private final Map<Node, Rule> producedBy = new IdentityHashMap<>();
    private final Map<String, Integer> fired = new LinkedHashMap<>();
    private int merged;

    /** A node is merged with another of the same op, type and (identical) inputs. */
    private record Key(Op op, DType dtype, List<Node> inputs) {
    }

    private record Step(Rule rule, Node replaced, int depth) {
    }

    /** A compiler applying {@code rules}; nodes of a previous walk keep the rule that built them. */
    private Compiler(List<Rule> rules, Map<Node, Rule> builtBefore) {
        producedBy.putAll(builtBefore);
        List<Rule> all = new ArrayList<>(new GradientRules(producedBy).rules());
        all.addAll(rules);
        this.rules = all;
        for (Rule r : all) {
            fired.put(r.name(), 0);
        }
    }

    /**
     * The rules of the default pipeline, in the order they are tried at a node: the symbolic zero first
     * (it is not an IEEE zero, so it must be taken before folding would compute with it), then constant
     * folding (so that later patterns see one constant, not a subgraph of them), canonicalization (one
     * form per value, so that merging sees {@code 2·x} and {@code x·2} as one, and later patterns need
     * match one form only), stabilization, then specialization (cheaper kernels for the final form), and
     * the fast-math rules last, when asked for. Debug mode folds no constants.
     */
    static List<Rule> rules(Program.Options options) {
        List<Rule> all = new ArrayList<>(SymbolicZeros.RULES);
        if (!options.debug()) {
            // In debug mode every op runs where a run can check it: a folded NaN would be a constant, never seen.
            all.addAll(ConstantFolding.RULES);
        }
        all.addAll(Canonicalize.RULES);
        all.addAll(Stabilize.RULES);
        all.addAll(Specialize.RULES);
        if (options.fastMath()) {
            all.addAll(FastMath.RULES);
        }
        return all;
    }

    /**
     * The graph of {@code roots} rewritten by {@code rules}, in two walks when they fold constants: the
     * first without folding, so that a constant {@code log(σ(c))} is stabilized before it is computed
     * (folding bottom-up would compute σ(c) first, and the pattern would be gone), the second with every
     * rule, folding what the first left and rewriting what folding exposes.
     */
    static Compiled compile(List<Node> roots, List<Rule> rules) {
        long start = System.nanoTime();
        List<Rule> unfolded = new ArrayList<>(rules);
        unfolded.removeAll(ConstantFolding.RULES);
        List<Node> order = Topo.order(roots, false);
        Compiler first = new Compiler(unfolded, Map.of());
        List<Node> out = first.walk(order, roots);
        Compiler last = first;
        if (unfolded.size() < rules.size()) {
            Compiler second = new Compiler(rules, first.producedBy);
            out = second.walk(Topo.order(out, false), out);
            first.fired.forEach((name, count) -> second.fired.merge(name, count, Integer::sum));
            second.merged += first.merged;
            second.finals.addAll(first.finals);
            last = second;
        }
        Map<Node, Node> images = new IdentityHashMap<>();
        Map<Node, Node> origins = new IdentityHashMap<>();
        for (Node n : order) {
            Node image = last.end(first.end(n));
            images.put(n, image);
            origins.putIfAbsent(image, n);
        }
        int after = Topo.order(out, false).size();
        return new Compiled(List.copyOf(out), images, origins, last.producedBy, last.fired, order.size(), after,
                last.merged, last.finals.size() - after, System.nanoTime() - start, false);
    }

    /** Rewrites the nodes of {@code order} (a topological order) and returns the final node of each root. */
    private List<Node> walk(List<Node> order, List<Node> roots) {
        for (Node n : order) {
            settle(n);
        }
        List<Node> out = new ArrayList<>(roots.size());
        for (Node r : roots) {
            out.add(end(r));
        }
        return out;
    }

    /** Rewrites {@code start}, whose original inputs are settled, and every node its replacements build. */
    private void settle(Node start) {
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(start);
        while (!stack.isEmpty()) {
            Node n = stack.peek();
            Node e = end(n);
            if (finals.contains(e)) {
                stack.pop();
            } else if (e != n) {
                stack.push(e);
            } else {
                boolean ready = true;
                for (int i = n.arity() - 1; i >= 0; i--) {
                    Node in = end(n.input(i));
                    if (!finals.contains(in)) {
                        stack.push(in);
                        ready = false;
                    }
                }
                if (ready) {
                    visit(n);
                }
            }
        }
    }

    /** The last node of {@code n}'s chain of replacements: final, or not yet visited. */
    private Node end(Node n) {
        Node m = n;
        for (Node next = memo.get(m); next != null && next != m; next = memo.get(m)) {
            m = next;
        }
        if (m != n && finals.contains(m)) {
            memo.put(n, m);
        }
        return m;
    }

    /** Rebuilds, merges and rewrites {@code n}, whose inputs are final. */
    private void visit(Node n) {
        Node built = rebuild(n);
        Rule before = producedBy.get(n);
        if (before != null && built != n) {
            producedBy.putIfAbsent(built, before);
        }
        if (!(built.op() instanceof BuiltIn)) {
            settleAs(n, built, null);
            return;
        }
        Key key = new Key(built.op(), built.dtype(), built.inputs());
        Node existing = table.get(key);
        if (existing != null) {
            memo.put(n, existing);
            merged++;
            return;
        }
        Step step = steps.get(n);
        int depth = step == null ? 0 : step.depth();
        for (Rule rule : rules) {
            Node r = apply(rule, built);
            if (r == null || r == built) {
                continue;
            }
            if (depth >= MAX_REWRITES) {
                throw cycle(n);
            }
            mark(r, new Step(rule, n, depth + 1));
            fired.merge(rule.name(), 1, Integer::sum);
            memo.put(n, r);
            return;
        }
        settleAs(n, built, key);
    }

    private void settleAs(Node n, Node built, Key key) {
        if (key != null) {
            table.put(key, built);
        }
        finals.add(built);
        memo.put(built, built);
        memo.put(n, built);
        Step step = steps.get(n);
        if (step != null) {
            producedBy.put(built, step.rule());
        }
    }

    /** {@code n} on the final versions of its inputs; {@code n} itself when none changed. */
    private Node rebuild(Node n) {
        Node[] in = null;
        for (int i = 0; i < n.arity(); i++) {
            Node f = end(n.input(i));
            if (f != n.input(i) && in == null) {
                in = new Node[n.arity()];
                for (int j = 0; j < i; j++) {
                    in[j] = n.input(j);
                }
            }
            if (in != null) {
                in[i] = f;
            }
        }
        return in == null ? n : Node.apply(n.op(), in);
    }

    /** The rule's replacement of {@code n}, checked; a rule that throws is a bug, reported with its name. */
    private static Node apply(Rule rule, Node n) {
        Node r;
        try {
            r = rule.rewrite().at(n);
        } catch (RuntimeException e) {
            throw new IllegalStateException("compile: rule " + rule.name() + " failed at " + describe(n) + ": "
                    + e.getMessage(), e);
        }
        if (r != null && (!r.shape().equals(n.shape()) || r.dtype() != n.dtype())) {
            throw new IllegalStateException("compile: rule " + rule.name() + " replaced " + describe(n) + " by "
                    + describe(r) + "; a replacement must keep the node's shape and type");
        }
        return r;
    }

    /** Records the rule step on every node of the replacement that is new, walking down to known nodes. */
    private void mark(Node r, Step step) {
        Deque<Node> todo = new ArrayDeque<>();
        todo.push(r);
        while (!todo.isEmpty()) {
            Node m = todo.pop();
            if (memo.containsKey(m) || steps.containsKey(m)) {
                continue;
            }
            steps.put(m, step);
            for (Node in : m.inputs()) {
                todo.push(in);
            }
        }
    }

    /** The rules that kept rewriting the node at the start of {@code n}'s chain, as a bug report. */
    private IllegalStateException cycle(Node n) {
        Set<String> names = new LinkedHashSet<>();
        Node m = n;
        for (Step s = steps.get(m); s != null; s = steps.get(m)) {
            names.add(s.rule().name());
            m = s.replaced();
        }
        List<String> ordered = new ArrayList<>(names);
        Collections.reverse(ordered);
        return new IllegalStateException("compile: rules " + String.join(", ", ordered) + " rewrote " + describe(m)
                + " " + MAX_REWRITES + " times in a row without reaching a fixpoint; a rule set must terminate");
    }

    /** {@code mul[2, 3] F64}. */
    static String describe(Node n) {
        return n + " " + n.dtype();
    }
}
