/**
 * Capture of exceptions escaping Spring MVC handlers.
 */
@NullMarked
package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.exceptions;

import org.jspecify.annotations.NullMarked;
