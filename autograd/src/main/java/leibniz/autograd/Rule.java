package leibniz.autograd;

/**
 * One local rewrite of the compiler: at a node whose inputs are already rewritten, a replacement
 * subgraph computing the same value, with the same gradients, in {@link Domain the rule's domain}, or
 * null where the pattern does not match. The replacement must have the node's shape and type ({@link Patterns#fit} makes it so);
 * the compiler checks this, merges the replacement's new nodes and rewrites them in turn.
 *
 * <p>Rules live in one file per family, each a static method whose Javadoc states the pattern, the
 * replacement, the domain and why, registered by one line: {@code Rule.of("canonicalize.mulOne", EXACT,
 * Canonicalize::mulOne)}.
 */
record Rule(String name, Domain domain, Rewrite rewrite) {
    /** Where a rule keeps values, from the strictest to the loosest. */
    enum Domain {
        /** Bit-identical values and gradients for every IEEE input, NaN, ±∞ and ±0 included. */
        EXACT,
        /**
         * Equal in exact arithmetic; on finite inputs a few ulps apart (each rule says how many), or only
         * the sign of a zero; any other difference at special values is stated by the rule.
         */
        ULPS,
        /**
         * Equal in exact arithmetic and more accurate: finite where the original overflowed or divided
         * ∞ by ∞, exact where it cancelled.
         */
        STABILIZE,
        /**
         * Algebra of the symbolic zero ("no gradient"), which absorbs by definition: equal to IEEE
         * arithmetic wherever the other operands are finite (and a divisor is not 0).
         */
        SYMBOLIC,
        /** Changes some finite results (reassociation, {@code x·0 → 0}): applied only with {@code fastMath}. */
        FAST_MATH
    }

    /** The pattern and replacement of a rule. */
    interface Rewrite {
        /** The replacement of {@code n}, or null if the pattern does not match at {@code n}. */
        Node at(Node n);
    }

    /** The rule {@code name} (family, dot, rule: {@code stabilize.logSigmoid}). */
    static Rule of(String name, Domain domain, Rewrite rewrite) {
        return new Rule(name, domain, rewrite);
    }

    @Override
    public String toString() {
        return name;
    }
}
