/**
 * The request context of servlet applications: distinct id and session id from request headers.
 */
@NullMarked
package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
