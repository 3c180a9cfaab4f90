/** Spring Boot auto-configuration of the PostHog Log4j2 appender. */
@NullMarked
package io.github.posthogcommunity.posthog.log4j2.autoconfigure;

import org.jspecify.annotations.NullMarked;
