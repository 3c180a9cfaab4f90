/**
 * The request identity of servlet and reactive web applications: the {@code X-POSTHOG-DISTINCT-ID} and
 * {@code X-POSTHOG-SESSION-ID} headers become the {@code PostHogContext} of the request.
 */
@NullMarked
package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
