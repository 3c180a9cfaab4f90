package io.github.posthogcommunity.posthog.internal.flags.local;

/**
 * Thrown inside the evaluator when a value cannot be decided locally. Stackless and shared: it is control flow,
 * thrown on hot paths (a missing property is common), so it must cost nothing to create.
 *
 * <p>{@link #INCONCLUSIVE} is the reference's {@code InconclusiveMatchError}: the properties given were not
 * enough; a later condition may still match. {@link #REQUIRES_SERVER} is {@code RequiresServerEvaluation}: the
 * definition itself needs server data (a static or malformed cohort, experience continuity); it stops the whole
 * evaluation of the flag at once.
 */
final class Undecidable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final Undecidable INCONCLUSIVE = new Undecidable(false);
    static final Undecidable REQUIRES_SERVER = new Undecidable(true);

    final boolean requiresServer;

    private Undecidable(boolean requiresServer) {
        super(requiresServer ? "requires server evaluation" : "inconclusive match", null, false, false);
        this.requiresServer = requiresServer;
    }
}
