/**
 * Validation and snapshotting of events on the capturing thread (internal; not a public API).
 */
@NullMarked
package io.github.posthogcommunity.posthog.internal.event;

import org.jspecify.annotations.NullMarked;
