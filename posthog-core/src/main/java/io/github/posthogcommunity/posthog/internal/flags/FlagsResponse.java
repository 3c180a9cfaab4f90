package io.github.posthogcommunity.posthog.internal.flags;

import java.util.Map;

/**
 * The outcome of one flag evaluation request: the flags, or (with {@code failure} set) nothing.
 *
 * @param flags flag key to flag, in response order; empty on failure
 * @param requestId the server's request id, or {@code null}
 * @param evaluatedAt when the server evaluated, as it sent it, or {@code null}
 * @param errorsWhileComputing the server could not compute some flags
 * @param quotaLimited the project is over its feature-flag quota
 * @param minimalEvents the server asks for minimal {@code $feature_flag_called} events
 * @param failure {@code null} on success, else why there is no answer ({@code timeout}, {@code connection_error},
 *                {@code api_error_<status>}, {@code unknown_error})
 */
record FlagsResponse(Map<String, EvaluatedFlag> flags, String requestId, Long evaluatedAt,
                     boolean errorsWhileComputing, boolean quotaLimited, boolean minimalEvents, String failure) {

    static final String TIMEOUT = "timeout";
    static final String CONNECTION_ERROR = "connection_error";
    static final String UNKNOWN_ERROR = "unknown_error";

    static final FlagsResponse NOT_REQUESTED = new FlagsResponse(Map.of(), null, null, false, false, false, null);

    /** Flags decided without a request (local evaluation). */
    static FlagsResponse local(Map<String, EvaluatedFlag> flags) {
        return new FlagsResponse(flags, null, null, false, false, false, null);
    }

    /** These flags, with the metadata and outcome of {@code remote}. */
    FlagsResponse withFlags(Map<String, EvaluatedFlag> merged) {
        return new FlagsResponse(merged, requestId, evaluatedAt, errorsWhileComputing, quotaLimited, minimalEvents,
                failure);
    }

    static FlagsResponse failed(String why) {
        return new FlagsResponse(Map.of(), null, null, false, false, false, why);
    }

    boolean failed() {
        return failure != null;
    }
}
