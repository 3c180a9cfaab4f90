package io.github.posthogcommunity.posthog.internal;

/**
 * The core's logger names, one per area, so that applications can tune each area's level. All are children of
 * {@code io.github.posthogcommunity.posthog}: setting that level covers them all.
 */
public final class LoggerNames {

    private static final String ROOT = "io.github.posthogcommunity.posthog";

    /** The client's own calls: exception capture given nothing usable, the transport failing to close. */
    public static final String CLIENT = ROOT + ".client";
    /** The event pipeline: dropped events, a full queue, shutdown summaries, delivery listener problems. */
    public static final String PIPELINE = ROOT + ".pipeline";
    /** Feature flags: {@code /flags} requests, local evaluation definitions polling. */
    public static final String FLAGS = ROOT + ".flags";
    /** Exception autocapture: the uncaught-exception handler. */
    public static final String EXCEPTIONS = ROOT + ".exceptions";

    private LoggerNames() {
    }
}
