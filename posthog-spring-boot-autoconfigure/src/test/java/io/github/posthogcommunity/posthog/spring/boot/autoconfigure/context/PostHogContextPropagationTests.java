package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.context;

import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogContext;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;

class PostHogContextPropagationTests {

    private static final EventContext VISITOR = new EventContext("visitor-1", "session-1");

    @AfterEach
    void clear() {
        PostHogContext.clear();
    }

    @Test
    void theTaskDecoratorCarriesTheSubmittersContextAndRestoresTheRunners() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            EventContext leftover = new EventContext("leftover", null);
            pool.submit(() -> PostHogContext.set(leftover)).get(30, TimeUnit.SECONDS);

            PostHogContext.set(VISITOR);
            Runnable task = new PostHogContextTaskDecorator().decorate(() -> {
                assertThat(PostHogContext.current()).isEqualTo(VISITOR);
                throw new IllegalStateException("task failed");
            });
            PostHogContext.clear();
            AtomicReference<EventContext> seen = new AtomicReference<>();
            pool.submit(() -> {
                try {
                    task.run();
                } catch (IllegalStateException expected) {
                    seen.set(PostHogContext.current());
                }
            }).get(30, TimeUnit.SECONDS);
            assertThat(seen.get()).isEqualTo(leftover);

            Runnable withoutContext = new PostHogContextTaskDecorator().decorate(() -> seen.set(PostHogContext.current()));
            pool.submit(withoutContext).get(30, TimeUnit.SECONDS);
            assertThat(seen.get()).as("no context is carried when the submitter had none").isNull();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theAccessorIsRegisteredThroughTheServiceLoader() {
        assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
                .anyMatch(accessor -> accessor instanceof PostHogContextAccessor
                        && accessor.key().equals(PostHogContextAccessor.KEY));
        PostHogContext.set(VISITOR);
        ContextSnapshotFactory factory = ContextSnapshotFactory.builder().build();
        Runnable wrapped = factory.captureAll().wrap((Runnable) () -> {
            assertThat(PostHogContext.current()).isEqualTo(VISITOR);
        });
        PostHogContext.clear();
        wrapped.run();
        assertThat(PostHogContext.current()).isNull();
    }

    @Test
    void reactorWithAutomaticPropagationSeesTheContextOnAnyThread() {
        Hooks.enableAutomaticContextPropagation();
        try {
            EventContext seen = Mono.just("x").publishOn(Schedulers.boundedElastic())
                    .map(x -> PostHogContext.current())
                    .contextWrite(Context.of(PostHogContextAccessor.KEY, VISITOR))
                    .block(java.time.Duration.ofSeconds(30));
            assertThat(seen).isEqualTo(VISITOR);
            assertThat(PostHogContext.current()).isNull();
        } finally {
            Hooks.disableAutomaticContextPropagation();
        }
    }
}
