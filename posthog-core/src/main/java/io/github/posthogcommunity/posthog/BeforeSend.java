package io.github.posthogcommunity.posthog;

import org.jspecify.annotations.Nullable;

/**
 * A hook that sees every event before it is queued, on the capturing thread (except events refused before any
 * work is done on them: a full queue drops new events as {@link DropReason#QUEUE_FULL} first, an invalid name or
 * distinct id as {@link DropReason#INVALID}). Hooks form an ordered chain:
 * each receives the previous hook's output. Returning {@code null} drops the event
 * ({@link DropReason#BEFORE_SEND}). A hook that throws stops the chain and drops the event (fail closed);
 * the exception never reaches the caller of {@code capture}.
 */
@FunctionalInterface
public interface BeforeSend {

    /**
     * @param event the event as captured (or as transformed by earlier hooks)
     * @return the event to send, possibly a modified copy, or {@code null} to drop it
     */
    @Nullable PostHogEvent apply(PostHogEvent event);
}
