package io.github.posthogcommunity.posthog.benchmarks.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One SDK under test, configured as alike as its options allow. */
public interface Subject {

    /** Short name used on the command line and in results: {@code community}, {@code server}, {@code legacy}. */
    String name();

    /** Maven coordinates and version. */
    String artifact();

    /** How the common settings map to this SDK's options, and which have no equivalent. */
    List<String> notes(Settings settings);

    /** Builds and starts a client that sends to {@code url}. */
    Client start(String url, Settings settings) throws Exception;

    /** The settings every subject gets. */
    record Settings(int batchSize, Duration flushInterval, int queueCapacity, Duration shutdownTimeout, boolean gzip) {
    }

    /** A started client. */
    interface Client {

        /** Captures one event; returns {@code false} when the SDK reported it dropped (only where it can say so). */
        boolean capture(String distinctId, String event, Map<String, Object> properties);

        /** Flushes; returns {@code false} when the SDK has no flush call. */
        boolean flush();

        /** Closes (shutdown); blocks as the SDK's close does. */
        void close();

        /** A client from its three operations; {@code flush} {@code null} when the SDK has none. */
        static Client of(Capture capture, Runnable flush, Runnable close) {
            return new Client() {
                @Override
                public boolean capture(String distinctId, String event, Map<String, Object> properties) {
                    return capture.capture(distinctId, event, properties);
                }

                @Override
                public boolean flush() {
                    if (flush == null) {
                        return false;
                    }
                    flush.run();
                    return true;
                }

                @Override
                public void close() {
                    close.run();
                }
            };
        }
    }

    /** The capture call of an SDK. */
    @FunctionalInterface
    interface Capture {
        boolean capture(String distinctId, String event, Map<String, Object> properties);
    }
}
