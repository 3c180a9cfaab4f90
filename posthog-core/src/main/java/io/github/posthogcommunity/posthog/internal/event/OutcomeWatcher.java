package io.github.posthogcommunity.posthog.internal.event;

import io.github.posthogcommunity.posthog.DropReason;

import java.util.UUID;

/**
 * Told the final outcome of one watched event, by whichever thread settles it (a capturing thread for drops before
 * the hand-off, the dispatcher after). Must not block; only the first call counts.
 */
interface OutcomeWatcher {

    void sent(UUID uuid, int statusCode);

    void dropped(UUID uuid, DropReason reason, int statusCode, String detail);
}
