/**
 * The {@code posthog} actuator endpoint.
 */
@NullMarked
package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
