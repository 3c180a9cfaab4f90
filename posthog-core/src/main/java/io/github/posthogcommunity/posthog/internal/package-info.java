/**
 * Client configuration and shared helpers (internal; not a public API).
 */
@NullMarked
package io.github.posthogcommunity.posthog.internal;

import org.jspecify.annotations.NullMarked;
