package io.github.posthogcommunity.posthog.internal.exceptions;

import java.util.List;

/**
 * The exception-capture options of one client. Internal: built by the public builder.
 *
 * @param inAppPackages package (or class name) prefixes whose frames are the application's ({@code in_app: true});
 *                      empty: every frame outside well-known JDK and library packages is in-app
 * @param captureUncaughtExceptions whether the client installs a default uncaught-exception handler while open
 */
public record ExceptionsConfig(List<String> inAppPackages, boolean captureUncaughtExceptions) {

    public ExceptionsConfig {
        inAppPackages = List.copyOf(inAppPackages);
    }

    public static ExceptionsConfig defaults() {
        return new ExceptionsConfig(List.of(), false);
    }
}
