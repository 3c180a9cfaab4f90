package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.Gate;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeliveryListenerTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;
    private final Gate gate = rig.gate;
    private PostHogClient client;


    @Test
    void reportsAttemptsAndDropsWithReasonAndStatus() {
        AtomicInteger calls = new AtomicInteger();
        server.respond(r -> calls.incrementAndGet() == 1 ? CaptureServer.status(400) : CaptureServer.ok());
        List<AttemptReport> attempts = new CopyOnWriteArrayList<>();
        List<DropReport> drops = new CopyOnWriteArrayList<>();
        client = rig.start(TestClients.builder(server).deliveryListener(new DeliveryListener() {
            @Override
            public void onAttempt(AttemptReport report) {
                attempts.add(report);
            }

            @Override
            public void onDropped(DropReport report) {
                drops.add(report);
            }
        }));
        client.capture("u", "rejected-1");
        client.capture("u", "rejected-2");
        client.flush();
        client.capture("u", "delivered");
        client.flush();
        await().atMost(Duration.ofSeconds(5)).until(() -> attempts.size() == 2 && drops.size() == 1);
        assertThat(attempts.get(0).statusCode()).isEqualTo(400);
        assertThat(attempts.get(0).outcome()).isEqualTo(AttemptReport.Outcome.FAILURE);
        assertThat(attempts.get(0).endpoint()).isEqualTo("/batch/");
        assertThat(attempts.get(1).outcome()).isEqualTo(AttemptReport.Outcome.SUCCESS);
        assertThat(attempts.get(1).attempt()).isEqualTo(1);
        assertThat(drops.get(0)).isEqualTo(new DropReport(DropReason.REJECTED, 2, 400,
                "HTTP 400 for a batch of 2"));
    }

    @Test
    void aThrowingOrBlockingListenerNeverStallsDelivery() {
        AtomicInteger seen = new AtomicInteger();
        client = rig.start(TestClients.builder(server).flushAt(1)
                .deliveryListener(new DeliveryListener() {
                    @Override
                    public void onAttempt(AttemptReport report) {
                        seen.incrementAndGet();
                        throw new IllegalStateException("listener bug");
                    }
                })
                .deliveryListener(new DeliveryListener() {
                    @Override
                    public void onAttempt(AttemptReport report) {
                        gate.hold();
                    }
                }));
        for (int i = 0; i < 20; i++) {
            client.capture("u", "e" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().sent() == 20);
        assertThat(seen.get()).isEqualTo(1); // the second listener blocks the notifier, not the pipeline
        gate.open();
        long requests = client.stats().requests();
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.get() == requests);
    }

    @Test
    void dropsOnTheCapturingThreadAreReportedToo() {
        List<DropReport> drops = new CopyOnWriteArrayList<>();
        rig.stallEverything();
        client = rig.start(TestClients.builder(server).maxQueueSize(2).flushAt(1).senderThreads(1)
                .beforeSend(e -> e.event().equals("vetoed") ? null : e)
                .deliveryListener(new DeliveryListener() {
                    @Override
                    public void onDropped(DropReport report) {
                        drops.add(report);
                    }
                }));
        client.capture("u", "vetoed"); // while there is room: a full queue drops before hooks run
        client.capture("u", "a");
        client.capture("u", "b");
        for (int i = 0; i < 5; i++) {
            client.capture("u", "overflow");
        }
        client.capture(" ", "invalid");
        await().atMost(Duration.ofSeconds(5)).until(() -> drops.stream().mapToInt(DropReport::count).sum() == 7);
        assertThat(drops).extracting(DropReport::reason).contains(DropReason.QUEUE_FULL, DropReason.INVALID,
                DropReason.BEFORE_SEND);
        assertThat(drops.stream().filter(d -> d.reason() == DropReason.QUEUE_FULL).mapToInt(DropReport::count).sum())
                .isEqualTo(5);
    }
}
