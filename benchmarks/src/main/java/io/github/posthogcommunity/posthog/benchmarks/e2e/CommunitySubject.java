package io.github.posthogcommunity.posthog.benchmarks.e2e;

import io.github.posthogcommunity.posthog.CaptureProtocol;
import io.github.posthogcommunity.posthog.Compression;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.internal.wire.SdkInfo;

import java.util.List;

/** This SDK ({@code posthog-core}) with its default JDK HTTP transport: the real pipeline, real sockets. */
final class CommunitySubject implements Subject {

    private final Integer senderThreads;
    private final CaptureProtocol protocol;

    CommunitySubject(Integer senderThreads, CaptureProtocol protocol) {
        this.senderThreads = senderThreads;
        this.protocol = protocol;
    }

    @Override
    public String name() {
        return "community";
    }

    @Override
    public String artifact() {
        return "io.github.posthogcommunity:posthog-core:" + SdkInfo.VERSION;
    }

    @Override
    public List<String> notes(Settings s) {
        return List.of("flushAt=maxBatchSize=" + s.batchSize() + ", flushInterval=" + s.flushInterval().toMillis()
                        + " ms, maxQueueSize=<queue capacity>" + " (DROP_NEWEST when full), shutdownTimeout="
                        + s.shutdownTimeout().toMillis() + " ms, compression=" + (s.gzip() ? "GZIP" : "NONE")
                        + ", senderThreads=" + (senderThreads == null ? "default (4)" : senderThreads)
                        + ", captureProtocol=" + protocol);
    }

    @Override
    public Client start(String url, Settings s) {
        var builder = PostHogClient.builder("phc_benchmark")
                .host(url)
                .flushAt(s.batchSize())
                .maxBatchSize(s.batchSize())
                .flushInterval(s.flushInterval())
                .maxQueueSize(s.queueCapacity())
                .shutdownTimeout(s.shutdownTimeout())
                .compression(s.gzip() ? Compression.GZIP : Compression.NONE)
                .captureProtocol(protocol);
        if (senderThreads != null) {
            builder.senderThreads(senderThreads);
        }
        PostHogClient client = builder.build();
        return Client.of((id, event, props) -> client.capture(id, event, props) != null, client::flush,
                client::close);
    }
}
