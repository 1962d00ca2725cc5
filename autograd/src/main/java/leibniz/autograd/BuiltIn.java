package leibniz.autograd;

/**
 * The ops of this package, which the compiler knows: only their nodes are merged, folded or rewritten.
 * Package-private, so a user's op (a record implementing {@link Op}) is never one: the compiler leaves
 * it exactly as written, since it cannot know whether it is pure or what its attributes mean.
 */
interface BuiltIn extends Op {
}
