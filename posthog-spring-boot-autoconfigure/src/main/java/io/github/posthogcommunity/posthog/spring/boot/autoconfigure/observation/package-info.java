/** Micrometer Observation of the client's blocking work: remote feature flag requests. */
@NullMarked
package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
