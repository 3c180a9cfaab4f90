package io.github.posthogcommunity.posthog;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A listener added after build hears later attempts; without listeners no notifier thread runs. */
class LateDeliveryListenerTest extends FlagsServerTestBase {

    @Test
    void aListenerAddedAfterBuildHearsLaterAttemptsAndItsThreadEndsWithClose() {
        List<AttemptReport> heard = new CopyOnWriteArrayList<>();
        Set<String> before = notifiers();
        PostHogClient client = server.client().build();
        try {
            client.capture("u", "before");
            client.flush();
            assertThat(notifiers()).as("no listener, no notifier thread").isSubsetOf(before);

            client.addDeliveryListener(new DeliveryListener() {
                @Override
                public void onAttempt(AttemptReport report) {
                    heard.add(report);
                }
            });
            client.capture("u", "after");
            client.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> heard.size() == 1);
            assertThat(heard.get(0).delivered()).isEqualTo(1);
        } finally {
            client.close();
        }
        assertThat(notifiers()).as("the notifier ends with close").isSubsetOf(before);
    }

    @Test
    void aListenerAddedAfterBuildHearsDropsMadeOnTheCapturingThread() {
        List<DropReport> heard = new CopyOnWriteArrayList<>();
        PostHogClient client = server.client().build();
        try {
            client.addDeliveryListener(new DeliveryListener() {
                @Override
                public void onDropped(DropReport report) {
                    heard.add(report);
                }
            });
            client.capture("", "blank id");
            await().atMost(Duration.ofSeconds(30)).until(() -> !heard.isEmpty());
            assertThat(heard.get(0).reason()).isEqualTo(DropReason.INVALID);
        } finally {
            client.close();
        }
    }

    private static Set<String> notifiers() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("posthog-") && n.endsWith("-notifier")).collect(Collectors.toSet());
    }

    @Test
    void aDisabledClientIgnoresListeners() {
        PostHogClient client = PostHogClient.disabled();
        client.addDeliveryListener(new DeliveryListener() { });
        assertThat(client.capture("u", "e")).isNull();
    }
}
