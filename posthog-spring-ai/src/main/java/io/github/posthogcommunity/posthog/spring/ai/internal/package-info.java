/** Implementation of the Spring AI integration; not public API. */
@NullMarked
package io.github.posthogcommunity.posthog.spring.ai.internal;

import org.jspecify.annotations.NullMarked;
