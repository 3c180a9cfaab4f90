/**
 * The HTTP seam: the transport interface, its request and response, and the JDK implementation.
 */
@NullMarked
package io.github.posthogcommunity.posthog.http;

import org.jspecify.annotations.NullMarked;
