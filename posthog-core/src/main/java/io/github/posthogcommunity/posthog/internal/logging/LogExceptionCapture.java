package io.github.posthogcommunity.posthog.internal.logging;

import io.github.posthogcommunity.posthog.internal.LoggerNames;
import io.github.posthogcommunity.posthog.CaptureOptions;
import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogContext;
import io.github.posthogcommunity.posthog.exceptions.ExceptionOptions;
import io.github.posthogcommunity.posthog.internal.exceptions.ExceptionRateLimiter;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The framework-free part of the logging appenders: turns one logging event into one {@code $exception} event
 * through {@link PostHogClient#captureException(Throwable, String, Map, ExceptionOptions)}.
 *
 * <p>Promises: it never throws to the logging framework, never recurses (events of the SDK's own loggers, and
 * anything logged on a thread while it captures there, are ignored), never blocks beyond what
 * {@code captureException} does (nothing, unless the client uses the {@code BLOCK} queue-full policy), and sends
 * at most {@code maxPerType} events per exception type and window. The same throwable reported by another path
 * (the web exception capture, say) is sent once: the client drops repeats.
 *
 * <p>Properties: the allowed MDC entries (never keys that look like secrets: authorization, cookie, token,
 * password, secret, api key, credential, private key; at most {@link #MAX_MDC_ENTRIES}, values cut to
 * {@link #MAX_VALUE_LENGTH}), {@code $trace_id}/{@code $span_id} from the MDC keys {@code traceId}/{@code spanId}
 * (Micrometer Tracing) or {@code trace_id}/{@code span_id} (OpenTelemetry), {@code $exception_source},
 * {@code $logger_name}, {@code $thread_name}, {@code $log_message}, {@code $log_level}. MDC keys starting with
 * {@code $} are never sent (they could change how PostHog treats the event). Distinct id: the ambient
 * {@link PostHogContext} identity, else the configured MDC key, else whatever the client's own context supplier
 * gives, else personless.
 */
public final class LogExceptionCapture {

    private static final System.Logger LOG = System.getLogger(LoggerNames.EXCEPTIONS);

    /** Loggers of this prefix are the SDK's own: never captured. */
    public static final String SDK_LOGGER_PREFIX = "io.github.posthogcommunity.posthog";
    static final int MAX_MDC_ENTRIES = 50;
    static final int MAX_VALUE_LENGTH = 1000;
    static final int MAX_MESSAGE_LENGTH = 8192;
    static final List<String> SECRET_MARKERS = List.of("authorization", "cookie", "token", "password", "passwd",
            "secret", "apikey", "credential", "privatekey");
    /** Frames of the logging machinery, skipped at the top of a synthetic exception's stack trace. */
    static final List<String> LOGGING_FRAMES = List.of("ch.qos.logback.", "org.slf4j.",
            "org.apache.logging.", "org.apache.commons.logging.", "org.apache.juli.logging.", "org.jboss.logging.",
            "java.util.logging.", "jdk.internal.logger.", "sun.util.logging.", "java.lang.System$Logger",
            "org.springframework.boot.logging.");

    private static final ThreadLocal<Boolean> CAPTURING = new ThreadLocal<>();

    private final LogCaptureSettings settings;
    private final ExceptionRateLimiter limiter;
    private final AtomicLong captured = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    public LogExceptionCapture(LogCaptureSettings settings) {
        this(settings, System::nanoTime);
    }

    public LogExceptionCapture(LogCaptureSettings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.limiter = new ExceptionRateLimiter("PostHog " + settings.source() + " capture", settings.maxPerType(),
                settings.window(), nanoTime);
    }

    /**
     * {@code true} when an event of this logger on this thread must be ignored: an SDK logger, or a log call made
     * while this thread captures. Cheap; call it before building a {@link LogEntry}.
     */
    public static boolean ignored(@Nullable String loggerName) {
        return CAPTURING.get() != null || (loggerName != null && loggerName.startsWith(SDK_LOGGER_PREFIX));
    }

    /**
     * Captures the event unless it is {@link #ignored(String)} or rate-limited.
     *
     * @return the event's uuid, or {@code null} when nothing was sent
     */
    public @Nullable UUID capture(@Nullable PostHogClient client, LogEntry entry) {
        if (client == null || !client.isEnabled() || ignored(entry.loggerName())) {
            return null;
        }
        CAPTURING.set(Boolean.TRUE);
        try {
            return send(client, entry);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            failed.incrementAndGet();
            if (failureLogged.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "PostHog {0} capture could not capture a logging event ({1}); "
                        + "further failures are only counted", settings.source(), e.getClass().getName());
            }
            return null;
        } finally {
            CAPTURING.remove();
        }
    }

    private @Nullable UUID send(PostHogClient client, LogEntry entry) {
        Throwable thrown = entry.throwable();
        String loggerName = entry.loggerName();
        String type = thrown != null ? thrown.getClass().getName() : "log message of " + loggerName;
        if (!limiter.tryAcquire(type)) {
            return null;
        }
        String message = cut(entry.formattedMessage(), MAX_MESSAGE_LENGTH);
        Map<String, String> mdc = entry.mdc();
        Map<String, Object> properties = new LinkedHashMap<>();
        addMdc(mdc, properties);
        putIfPresent(properties, "$trace_id", first(mdc, "traceId", "trace_id"));
        putIfPresent(properties, "$span_id", first(mdc, "spanId", "span_id"));
        properties.put("$exception_source", settings.source());
        properties.put("$logger_name", loggerName);
        properties.put("$thread_name", entry.threadName());
        properties.put("$log_message", message);
        properties.put("$log_level", entry.levelName());
        ExceptionOptions options = ExceptionOptions.defaults().withLevel(entry.level())
                .withCaptureOptions(CaptureOptions.builder()
                        .timestamp(Instant.ofEpochMilli(entry.timestampMillis())).build());
        Throwable exception = thrown;
        if (exception == null) {
            exception = new LoggedMessage(message, callerFrames(entry.callerData()));
            options = options.withSynthetic(true);
        }
        UUID uuid = client.captureException(exception, distinctId(mdc, properties), properties, options);
        if (uuid != null) {
            captured.incrementAndGet();
        }
        return uuid;
    }

    /** The distinct id; with the ambient identity, its session id goes into {@code properties} too. */
    private @Nullable String distinctId(Map<String, String> mdc, Map<String, Object> properties) {
        EventContext ambient = PostHogContext.current();
        if (ambient != null && ambient.distinctId() != null && !ambient.distinctId().isBlank()) {
            putIfPresent(properties, "$session_id", ambient.sessionId());
            return ambient.distinctId();
        }
        if (settings.distinctIdMdcKey() != null) {
            String fromMdc = mdc.get(settings.distinctIdMdcKey());
            if (fromMdc != null && !fromMdc.isBlank()) {
                return fromMdc;
            }
        }
        return null; // the client's context supplier, else personless
    }

    private void addMdc(Map<String, String> mdc, Map<String, Object> properties) {
        int added = 0;
        for (Map.Entry<String, String> e : mdc.entrySet()) {
            String key = e.getKey();
            if (added == MAX_MDC_ENTRIES) {
                break;
            }
            if (key != null && e.getValue() != null && allowed(key)) {
                properties.put(key, cut(e.getValue(), MAX_VALUE_LENGTH));
                added++;
            }
        }
    }

    /** Whether an MDC key may be sent as a property. */
    boolean allowed(String key) {
        if (key.isEmpty() || key.startsWith("$") || isTraceKey(key) || settings.excludedMdcKeys().contains(key)
                || looksSecret(key)) {
            return false;
        }
        return settings.mdcKeys().isEmpty() || settings.mdcKeys().contains(key);
    }

    static boolean looksSecret(String key) {
        String normalized = LogCaptureSettings.normalize(key);
        for (String marker : SECRET_MARKERS) {
            if (normalized.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTraceKey(String key) {
        return key.equals("traceId") || key.equals("trace_id") || key.equals("spanId") || key.equals("span_id");
    }

    /** The stack of the log call: the framework's caller data, else this thread's stack minus the logging frames. */
    static StackTraceElement[] callerFrames(StackTraceElement @Nullable [] callerData) {
        if (callerData != null && callerData.length > 0) {
            return callerData;
        }
        StackTraceElement[] stack = new Throwable().getStackTrace();
        int start = 0;
        while (start < stack.length && isLoggingFrame(stack[start].getClassName())) {
            start++;
        }
        return Arrays.copyOfRange(stack, start, stack.length);
    }

    /** The SDK's appender classes, whose frames are skipped too (by exact name: not the rest of their packages). */
    static final List<String> APPENDER_CLASSES = List.of(LogExceptionCapture.class.getName(),
            SDK_LOGGER_PREFIX + ".logback.PostHogAppender", SDK_LOGGER_PREFIX + ".log4j2.PostHogAppender");

    private static boolean isLoggingFrame(String className) {
        if (APPENDER_CLASSES.contains(className)) {
            return true;
        }
        for (String prefix : LOGGING_FRAMES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static @Nullable String first(Map<String, String> mdc, String key, String alternative) {
        String value = mdc.get(key);
        return value != null && !value.isBlank() ? value : mdc.get(alternative);
    }

    private static void putIfPresent(Map<String, Object> properties, String key, @Nullable String value) {
        if (value != null && !value.isBlank()) {
            properties.put(key, cut(value, MAX_VALUE_LENGTH));
        }
    }

    private static String cut(@Nullable String value, int max) {
        if (value == null) {
            return "";
        }
        return value.length() <= max ? value : value.substring(0, max) + "...";
    }

    /** Events sent (accepted by the client) since start. */
    public long capturedCount() {
        return captured.get();
    }

    /** Events not sent because of the per-type rate limit, since start. */
    public long rateLimitedCount() {
        return limiter.refused();
    }

    /** Events that could not be described (a throwing {@code toString}, say), since start. */
    public long failedCount() {
        return failed.get();
    }
}
