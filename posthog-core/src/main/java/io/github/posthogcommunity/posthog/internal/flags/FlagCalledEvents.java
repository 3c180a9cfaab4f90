package io.github.posthogcommunity.posthog.internal.flags;

import io.github.posthogcommunity.posthog.CaptureOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Emits deduplicated {@code $feature_flag_called} events: {@code $feature_flag}, {@code $feature_flag_response}
 * and the metadata the server gave ({@code $feature_flag_id}, {@code _version}, {@code _reason},
 * {@code _request_id}, {@code _evaluated_at}, {@code _has_experiment}, {@code _error}), plus
 * {@code $feature/<key>} and {@code $feature_flag_payload}. When the server asks for minimal events and says the
 * flag has no experiment, only the first group is sent. A flag decided by local evaluation carries
 * {@code locally_evaluated: true} with its id, version and reason, and none of the request's metadata. After
 * {@link #shutdown()} nothing is emitted.
 */
final class FlagCalledEvents {

    static final String EVENT = "$feature_flag_called";

    private final FlagEventSink sink;
    private final FlagCalledTracker tracker;
    private volatile boolean closed;

    FlagCalledEvents(FlagEventSink sink, int cacheSize) {
        this.sink = sink;
        this.tracker = new FlagCalledTracker(cacheSize);
    }

    /**
     * @param flag the flag as evaluated, or {@code null} when the response does not have it
     * @param response the response it came from (possibly a failed one)
     */
    void flagCalled(String distinctId, Map<String, String> groups, Boolean disableGeoip, String key,
                    EvaluatedFlag flag, FlagsResponse response) {
        Object value = flag == null ? null : flag.value();
        if (closed || !tracker.firstTime(distinctId, key, value, groups)) {
            return;
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("$feature_flag", key);
        props.put("$feature_flag_response", value);
        if (flag != null) {
            putIfPresent(props, "$feature_flag_id", flag.id());
            putIfPresent(props, "$feature_flag_version", flag.version());
            putIfPresent(props, "$feature_flag_reason", flag.reason());
            putIfPresent(props, "$feature_flag_has_experiment", flag.hasExperiment());
        }
        boolean local = flag != null && flag.locallyEvaluated();
        if (!local) {
            // the request's metadata describes the flags the server evaluated, not the ones decided locally
            putIfPresent(props, "$feature_flag_request_id", response.requestId());
            putIfPresent(props, "$feature_flag_evaluated_at", response.evaluatedAt());
            putIfPresent(props, "$feature_flag_error", error(flag, response));
        }
        props.put("locally_evaluated", local);
        boolean minimal = !local && response.minimalEvents() && flag != null
                && Boolean.FALSE.equals(flag.hasExperiment());
        if (!minimal) {
            props.put("$feature/" + key, value);
            if (flag != null) {
                putIfPresent(props, "$feature_flag_payload", flag.payload());
            }
        }
        CaptureOptions.Builder options = CaptureOptions.builder().groups(groups);
        if (disableGeoip != null) {
            options.disableGeoip(disableGeoip);
        }
        try {
            sink.capture(distinctId, props, options.build());
        } catch (RuntimeException e) {
            // Capture never throws; a broken sink must not break a flag read either.
        }
    }

    private static String error(EvaluatedFlag flag, FlagsResponse response) {
        if (response.failed()) {
            return response.failure();
        }
        List<String> errors = new ArrayList<>(3);
        if (response.errorsWhileComputing()) {
            errors.add("errors_while_computing_flags");
        }
        if (response.quotaLimited()) {
            errors.add("quota_limited");
        }
        if (flag == null) {
            errors.add("flag_missing");
        }
        return errors.isEmpty() ? null : String.join(",", errors);
    }

    private static void putIfPresent(Map<String, Object> props, String name, Object value) {
        if (value != null) {
            props.put(name, value);
        }
    }

    /** Stops emitting and forgets every combination seen. */
    void shutdown() {
        closed = true;
        tracker.clear();
    }

    int remembered() {
        return tracker.size();
    }
}
