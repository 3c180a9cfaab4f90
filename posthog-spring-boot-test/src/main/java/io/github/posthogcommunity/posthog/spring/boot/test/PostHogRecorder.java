package io.github.posthogcommunity.posthog.spring.boot.test;

import io.github.posthogcommunity.posthog.http.HttpTransport;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * What the application sent to PostHog during a test, recorded in memory by {@link AutoConfigurePostHogRecorder},
 * and the feature flags the in-memory PostHog answers with. Inject it into the test:
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigurePostHogRecorder
 * class CheckoutTests {
 *     @Autowired PostHogRecorder posthog;
 *
 *     @Test
 *     void placingAnOrderIsTracked() {
 *         posthog.stubFlag("new-checkout", true);
 *         checkout.place(new Order("u1", 42.5));
 *         posthog.events().named("order placed").forUser("u1").singleElement().hasProperty("amount", 42.5);
 *         posthog.flagCalls().forFlag("new-checkout").singleElement().hasProperty("$feature_flag_response", true);
 *     }
 * }
 * }</pre>
 *
 * <p>Every read ({@link #events()}, {@link #capturedEvents()}, {@link #flagCalls()}) first flushes the clients of
 * the application context, so an event captured before the call has been delivered to the recorder when it answers:
 * no sleeping, no polling. Events captured on other threads after the read are not waited for.
 *
 * <p>The recorder belongs to the application context, which Spring's test framework caches and shares between test
 * classes: call {@link #reset()} (for example in {@code @BeforeEach}) to start each test from nothing. Thread-safe.
 */
public final class PostHogRecorder {

    private final Runnable flushClients;
    private final FlagStubs stubs = new FlagStubs();
    private final RecordingTransport transport = new RecordingTransport(stubs);

    /** @param flushClients flushes every client whose transport is this recorder's */
    public PostHogRecorder(Runnable flushClients) {
        this.flushClients = flushClients;
    }

    /** The transport to give a client built by hand ({@code PostHogClient.builder(key).transport(...)}). */
    public HttpTransport transport() {
        return transport;
    }

    /** Every event sent so far (after a flush), in the order received, as an AssertJ assertion to narrow down. */
    public RecordedEventsAssert events() {
        return new RecordedEventsAssert(capturedEvents()).as("events sent to PostHog");
    }

    /** Every event sent so far (after a flush), in the order received. */
    public List<RecordedEvent> capturedEvents() {
        flushClients.run();
        List<String> problems = transport.problems();
        if (!problems.isEmpty()) {
            throw new AssertionError("The PostHog recorder could not read what the client sent: " + problems);
        }
        return List.copyOf(transport.events());
    }

    /** The {@code $feature_flag_called} events sent so far (after a flush): which flags the code read. */
    public RecordedEventsAssert flagCalls() {
        return new RecordedEventsAssert(capturedEvents()).named("$feature_flag_called")
                .as("$feature_flag_called events sent to PostHog");
    }

    /** How many {@code /flags} requests the in-memory PostHog answered. */
    public int flagRequests() {
        return transport.flagRequests();
    }

    /** Answers {@code key} as a boolean flag: enabled or not. */
    public PostHogRecorder stubFlag(String key, boolean enabled) {
        stubs.put(key, enabled, null);
        return this;
    }

    /** Answers {@code key} as a multivariate flag with this variant. */
    public PostHogRecorder stubFlag(String key, String variant) {
        stubs.put(key, variant, null);
        return this;
    }

    /**
     * Answers {@code key} with a value and a payload.
     *
     * @param value {@code true}, {@code false} or a variant name
     * @param payloadJson the payload as JSON text (for example {@code {"cta":"Buy now"}}), or {@code null}
     */
    public PostHogRecorder stubFlag(String key, Object value, @Nullable String payloadJson) {
        if (!(value instanceof Boolean) && !(value instanceof String)) {
            throw new IllegalArgumentException("A flag value is a Boolean or a variant String, not " + value);
        }
        stubs.put(key, value, payloadJson);
        return this;
    }

    /**
     * Flushes the clients, then forgets every recorded event and flag stub, so the next test starts from nothing.
     * The client's own memory of which {@code $feature_flag_called} events it already sent is not reset: a test that
     * asserts on flag calls should use distinct ids of its own.
     */
    public void reset() {
        flushClients.run();
        transport.clear();
        stubs.clear();
    }

    @Override
    public String toString() {
        return "PostHogRecorder{events=" + transport.events().size() + ", flagRequests=" + flagRequests() + "}";
    }
}
