/**
 * The {@code $exception_list} of captured exceptions (internal; not a public API).
 */
@NullMarked
package io.github.posthogcommunity.posthog.internal.exceptions;

import org.jspecify.annotations.NullMarked;
