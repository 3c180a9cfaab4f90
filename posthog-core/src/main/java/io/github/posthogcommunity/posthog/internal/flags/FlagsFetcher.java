package io.github.posthogcommunity.posthog.internal.flags;

import io.github.posthogcommunity.posthog.flags.FeatureFlagStats;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.http.TransportResponse;
import io.github.posthogcommunity.posthog.internal.LoggerNames;
import io.github.posthogcommunity.posthog.internal.wire.SdkInfo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends {@code POST {host}/flags/?v=2} on the caller's thread and applies the flags retry policy: only failures
 * without a response (connect, reset, timeout) and 502/504 are retried, {@code maxRetries} times, waiting
 * 300 ms, then 600 ms, doubling, capped; every other status is final. Never throws: a failure is logged once
 * (never with the project key, which travels only in the body) and counted, and yields a failed response.
 */
final class FlagsFetcher {

    private static final System.Logger LOG = System.getLogger(LoggerNames.FLAGS);

    private final URI uri;
    private final String token;
    private final Map<String, String> headers;
    private final HttpTransport transport;
    private final FlagsConfig config;
    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder retries = new LongAdder();

    FlagsFetcher(URI host, String token, Map<String, String> customHeaders, HttpTransport transport,
                 FlagsConfig config) {
        this.uri = URI.create(host.toString() + "/flags/?v=2");
        this.token = token;
        Map<String, String> h = new LinkedHashMap<>(customHeaders);
        h.put("Content-Type", "application/json");
        h.put("User-Agent", SdkInfo.userAgent());
        this.headers = Map.copyOf(h);
        this.transport = transport;
        this.config = config;
    }

    FlagsResponse fetch(FlagsQuery query) {
        requests.increment();
        TransportRequest request = new TransportRequest("POST", uri, headers, FlagsJson.requestBody(token, query),
                config.requestTimeout());
        for (int attempt = 1; ; attempt++) {
            String failure;
            String detail;
            try {
                TransportResponse response = transport.send(request);
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    try {
                        return FlagsJson.parseResponse(response.body());
                    } catch (FlagsJson.UnreadableResponse e) {
                        return fail(FlagsResponse.UNKNOWN_ERROR, "HTTP " + status + " with an unreadable body: "
                                + e.getMessage(), attempt);
                    }
                }
                failure = "api_error_" + status;
                detail = "HTTP " + status;
                if (status != 502 && status != 504) {
                    return fail(failure, detail, attempt);
                }
            } catch (HttpTimeoutException e) {
                failure = FlagsResponse.TIMEOUT;
                detail = "timed out after " + config.requestTimeout().toMillis() + " ms";
            } catch (IOException e) {
                failure = FlagsResponse.CONNECTION_ERROR;
                detail = "no response (" + e.getClass().getSimpleName() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail(FlagsResponse.UNKNOWN_ERROR, "interrupted", attempt);
            } catch (RuntimeException e) {
                return fail(FlagsResponse.UNKNOWN_ERROR, "the HTTP transport threw " + e.getClass().getName(), attempt);
            }
            if (attempt > config.maxRetries()) {
                return fail(failure, detail, attempt);
            }
            retries.increment();
            try {
                config.sleeper().sleep(config.retryDelay(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail(failure, detail + ", then interrupted before retrying", attempt);
            }
        }
    }

    private FlagsResponse fail(String failure, String detail, int attempts) {
        failures.increment();
        LOG.log(System.Logger.Level.WARNING,
                "PostHog feature flags request to {0} failed after {1} attempt(s): {2}; using defaults",
                uri.getScheme() + "://" + uri.getAuthority() + uri.getPath(), attempts, detail);
        return FlagsResponse.failed(failure);
    }

    FeatureFlagStats stats() {
        return new FeatureFlagStats(requests.sum(), failures.sum(), retries.sum());
    }
}
