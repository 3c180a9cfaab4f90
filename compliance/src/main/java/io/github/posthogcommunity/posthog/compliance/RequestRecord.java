package io.github.posthogcommunity.posthog.compliance;

import java.util.List;

/**
 * One HTTP request the SDK made, as observed on its transport seam (an element of {@code requests_made}).
 *
 * @param timestampMs when the request started (epoch milliseconds)
 * @param path the request path, for example {@code /batch/}
 * @param statusCode the response status, or {@code 0} when no response arrived
 * @param retryAttempt 0 for the first attempt, 1 for the first retry, ... (see {@link ObservingTransport})
 * @param eventCount events in the request body
 * @param uuids the events' uuids, in body order
 */
record RequestRecord(long timestampMs, String path, int statusCode, int retryAttempt, int eventCount,
                     List<String> uuids) {

    RequestRecord {
        uuids = List.copyOf(uuids);
    }
}
