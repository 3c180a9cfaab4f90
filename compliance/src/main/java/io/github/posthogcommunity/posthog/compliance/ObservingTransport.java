package io.github.posthogcommunity.posthog.compliance;

import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.http.TransportResponse;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Decorates the SDK's HTTP seam to observe every request it really makes: status code, attempt number, event count
 * and uuids (parsed from the possibly gzip- or deflate-compressed body). Also the gate that keeps a reset client
 * silent: once {@link #silence()} is called no request leaves, even one a sender thread was about to start.
 *
 * <p>Attempt numbers: capture v1 carries {@code PostHog-Attempt} (1 for the first attempt), reported as
 * {@code retry_attempt = PostHog-Attempt - 1}. Capture v0 and the AI lane put no attempt number on the wire, so it
 * is inferred from this client's own history: a request's {@code retry_attempt} is the largest number of earlier
 * requests that carried one of its uuids (the SDK keeps uuids across retries and never re-sends a delivered event).
 * Consequence: the halves of a v0 batch split after a 413 count as a retry, like a real resend of the same events.
 */
final class ObservingTransport implements HttpTransport {

    private static final System.Logger LOG = System.getLogger(ObservingTransport.class.getName());
    /** Bounds memory for a long-lived (default) client; harness tests stay far below. */
    private static final int MAX_RECORDS = 10_000;
    private static final int MAX_TRACKED_UUIDS = 100_000;

    private final HttpTransport delegate;
    private final String secret;
    private final AtomicLong refusedAfterSilence;
    private final Object lock = new Object();
    private final List<RequestRecord> records = new ArrayList<>();
    private final Map<String, Integer> timesSent = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > MAX_TRACKED_UUIDS;
        }
    };
    private String lastError;
    private volatile boolean silenced;

    /**
     * @param delegate the transport that performs the exchange
     * @param secret the project API key, never to appear in {@code last_error}
     * @param refusedAfterSilence adapter-wide count of requests stopped by the gate after a reset
     */
    ObservingTransport(HttpTransport delegate, String secret, AtomicLong refusedAfterSilence) {
        this.delegate = delegate;
        this.secret = secret;
        this.refusedAfterSilence = refusedAfterSilence;
    }

    @Override
    public TransportResponse send(TransportRequest request) throws IOException, InterruptedException {
        if (silenced) {
            refusedAfterSilence.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "A reset PostHog client tried to send {0}; refused", request);
            throw new IOException("the client was reset");
        }
        long startedMs = System.currentTimeMillis();
        String path = request.uri().getPath();
        List<String> uuids = uuidsOf(request);
        int retryAttempt = retryAttemptOf(request, uuids);
        TransportResponse response;
        try {
            response = delegate.send(request);
        } catch (IOException e) {
            recordFailure(new RequestRecord(startedMs, path, 0, retryAttempt, uuids.size(), uuids),
                    "no response from " + request.method() + " " + path + ": " + describe(e));
            throw e;
        } catch (InterruptedException e) {
            recordFailure(new RequestRecord(startedMs, path, 0, retryAttempt, uuids.size(), uuids),
                    "request to " + path + " interrupted (client shutting down)");
            throw e;
        }
        RequestRecord record = new RequestRecord(startedMs, path, response.statusCode(), retryAttempt, uuids.size(),
                uuids);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            synchronized (lock) {
                add(record);
            }
        } else {
            recordFailure(record, "HTTP " + status + " from " + request.method() + " " + path + " (retry_attempt "
                    + retryAttempt + ", " + uuids.size() + " event(s))");
        }
        return response;
    }

    /** From now on every request is refused without reaching the network. */
    void silence() {
        silenced = true;
    }

    /** The observed requests in the order they started (they are recorded as they finish). */
    List<RequestRecord> records() {
        List<RequestRecord> copy;
        synchronized (lock) {
            copy = new ArrayList<>(records);
        }
        copy.sort(Comparator.comparingLong(RequestRecord::timestampMs));
        return List.copyOf(copy);
    }

    /** A short description of the last failed request, or {@code null}; never contains the API key. */
    String lastError() {
        synchronized (lock) {
            return lastError;
        }
    }

    /** Leaves the delegate open: it is shared by every client and closed by the adapter. */
    @Override
    public void close() {
    }

    private void recordFailure(RequestRecord record, String error) {
        synchronized (lock) {
            add(record);
            lastError = redact(error);
        }
    }

    private void add(RequestRecord record) {
        if (records.size() >= MAX_RECORDS) {
            records.remove(0);
        }
        records.add(record);
    }

    private int retryAttemptOf(TransportRequest request, List<String> uuids) {
        int inferred = 0;
        synchronized (lock) {
            for (String uuid : uuids) {
                Integer before = timesSent.merge(uuid, 1, Integer::sum) - 1;
                inferred = Math.max(inferred, before);
            }
        }
        String header = request.header("PostHog-Attempt");
        if (header != null) {
            try {
                return Math.max(0, Integer.parseInt(header.trim()) - 1);
            } catch (NumberFormatException e) {
                return inferred;
            }
        }
        return inferred;
    }

    /** The uuids of the body's {@code batch} array; empty when the body carries no events. */
    private static List<String> uuidsOf(TransportRequest request) {
        byte[] body = request.body();
        if (body.length == 0) {
            return List.of();
        }
        try {
            body = decode(body, request.header("Content-Encoding"));
            JsonNode batch = Bodies.JSON.readTree(body).get("batch");
            if (batch == null || !batch.isArray()) {
                return List.of();
            }
            List<String> uuids = new ArrayList<>(batch.size());
            for (JsonNode event : batch) {
                JsonNode uuid = event.get("uuid");
                uuids.add(uuid == null ? "" : uuid.asString());
            }
            return uuids;
        } catch (IOException | RuntimeException e) { // JacksonException is a RuntimeException
            LOG.log(System.Logger.Level.WARNING, "Could not read the body of {0}: {1}", request, e.toString());
            return List.of();
        }
    }

    /** A request body as sent with {@code Content-Encoding} {@code gzip}, {@code deflate} (zlib), {@code zstd} or none. */
    static byte[] decode(byte[] body, String contentEncoding) throws IOException {
        if (contentEncoding == null || contentEncoding.isBlank() || body.length == 0) {
            return body;
        }
        ByteArrayInputStream raw = new ByteArrayInputStream(body);
        try (InputStream in = switch (contentEncoding.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "gzip" -> new GZIPInputStream(raw);
            case "zstd" -> new com.github.luben.zstd.ZstdInputStream(raw);
            default -> new InflaterInputStream(raw);
        }) {
            return in.readAllBytes();
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }

    private String redact(String text) {
        return secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
    }
}
