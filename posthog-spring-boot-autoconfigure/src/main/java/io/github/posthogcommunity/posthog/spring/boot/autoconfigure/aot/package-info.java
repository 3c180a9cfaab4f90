/** Ahead-of-time processing and native image support. */
@NullMarked
package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.aot;

import org.jspecify.annotations.NullMarked;
