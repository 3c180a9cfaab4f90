package io.github.posthogcommunity.posthog.exceptions;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.support.ClientRig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One {@code Throwable} instance reported by two paths is one event. */
class RepeatedExceptionTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();

    private List<JsonNode> sent(PostHogClient client) {
        assertThat(client.flush().completed()).isTrue();
        return rig.server.events();
    }

    @Test
    void theSameInstanceTwiceIsSentOnce() {
        PostHogClient client = rig.start(rig.builder());
        IllegalStateException boom = new IllegalStateException("boom");
        assertThat(client.captureException(boom, "u")).isNotNull();
        assertThat(client.captureException(boom, "u")).isNull();
        assertThat(sent(client)).hasSize(1);
    }

    @Test
    void aWrapperOrTheRootCauseOfACapturedExceptionIsARepeat() {
        PostHogClient client = rig.start(rig.builder());
        IllegalArgumentException root = new IllegalArgumentException("bad input");
        IllegalStateException middle = new IllegalStateException("payment failed", root);
        assertThat(client.captureException(middle, "u")).isNotNull();
        // A container logs the wrapper it caught, then the root cause.
        assertThat(client.captureException(new RuntimeException("Request processing failed", middle), "u")).isNull();
        assertThat(client.captureException(root, "u")).isNull();
        assertThat(sent(client)).hasSize(1);
    }

    @Test
    void equalButDistinctExceptionsAreAllSent() {
        PostHogClient client = rig.start(rig.builder());
        client.captureException(new IllegalStateException("boom"), "u");
        client.captureException(new IllegalStateException("boom"), "u");
        assertThat(sent(client)).hasSize(2);
    }

    @Test
    void anInstanceIsSentAgainOnceTheWindowPassed() {
        PostHogClient client = rig.start(rig.builder().clock(rig.clock));
        IllegalStateException boom = new IllegalStateException("boom");
        client.captureException(boom, "u");
        rig.clock.advance(Duration.ofSeconds(29));
        assertThat(client.captureException(boom, "u")).isNull();
        rig.clock.advance(Duration.ofSeconds(2));
        assertThat(client.captureException(boom, "u")).isNotNull();
        assertThat(sent(client)).hasSize(2);
    }

    @Test
    void aCauseCycleEndsTheLookup() {
        PostHogClient client = rig.start(rig.builder());
        CyclicException a = new CyclicException("a");
        CyclicException b = new CyclicException("b");
        a.cause = b;
        b.cause = a;
        assertThat(client.captureException(a, "u")).isNotNull();
        assertThat(client.captureException(b, "u")).isNull();
        assertThat(sent(client)).hasSize(1);
    }

    @Test
    void levelAndSyntheticOptionsReachTheEvent() {
        PostHogClient client = rig.start(rig.builder());
        client.captureException(new IllegalStateException("slow"), "u", null,
                ExceptionOptions.defaults().withLevel(ExceptionLevel.WARNING).withSynthetic(true));
        JsonNode props = sent(client).get(0).get("properties");
        assertThat(props.get("$exception_level").asString()).isEqualTo("warning");
        JsonNode mechanism = props.get("$exception_list").get(0).get("mechanism");
        assertThat(mechanism.get("synthetic").asBoolean()).isTrue();
        assertThat(mechanism.get("handled").asBoolean()).isTrue();
    }

    @Test
    void defaultOptionsAreErrorAndNotSynthetic() {
        ExceptionOptions options = new ExceptionOptions(false, null);
        assertThat(options.level()).isEqualTo(ExceptionLevel.ERROR);
        assertThat(options.synthetic()).isFalse();
        assertThat(new ExceptionOptions(true, null, null, false).level()).isEqualTo(ExceptionLevel.ERROR);
    }

    private static final class CyclicException extends RuntimeException {
        Throwable cause;

        CyclicException(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable getCause() {
            return cause;
        }
    }
}
