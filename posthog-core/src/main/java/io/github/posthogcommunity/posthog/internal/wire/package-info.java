/**
 * Request bodies of the capture protocols (internal; not a public API).
 */
@NullMarked
package io.github.posthogcommunity.posthog.internal.wire;

import org.jspecify.annotations.NullMarked;
