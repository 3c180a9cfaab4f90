package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.context;

import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogContext;

import org.springframework.core.task.TaskDecorator;

/**
 * Carries the {@link PostHogContext} of the thread that submits a task to the thread that runs it, and restores
 * the runner's previous context afterwards (also when the task throws), so a pooled or virtual thread keeps
 * nothing. Spring Boot applies the auto-configured bean ({@code postHogContextTaskDecorator}) to its
 * {@code applicationTaskExecutor} (used by {@code @Async}); set it on executors the application builds itself
 * ({@code ThreadPoolTaskExecutor.setTaskDecorator}, {@code SimpleAsyncTaskExecutor.setTaskDecorator}).
 */
public final class PostHogContextTaskDecorator implements TaskDecorator {

    @Override
    public Runnable decorate(Runnable runnable) {
        EventContext submitter = PostHogContext.current();
        return () -> {
            EventContext previous = PostHogContext.current();
            PostHogContext.set(submitter);
            try {
                runnable.run();
            } finally {
                PostHogContext.set(previous);
            }
        };
    }
}
