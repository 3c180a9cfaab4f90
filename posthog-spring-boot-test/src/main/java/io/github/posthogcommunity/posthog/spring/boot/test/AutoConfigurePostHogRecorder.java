package io.github.posthogcommunity.posthog.spring.boot.test;

import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Replaces the PostHog client's HTTP transport with an in-memory {@link PostHogRecorder} in a
 * {@code @SpringBootTest} or a slice test: nothing leaves the JVM, while the real pipeline (before-send hooks,
 * ambient context, serialization, batching) still runs. Inject the {@link PostHogRecorder} to assert what was
 * captured and to stub feature flags.
 *
 * <p>The client needs a project key to be enabled; unless the test sets {@link #apiKey()}, a placeholder key is
 * used (it never leaves the JVM). The same recorder is active without this annotation when the property
 * {@code posthog.test.recorder.enabled=true} is set and {@code posthog.api-key} has a value.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration({PostHogAutoConfiguration.class, PostHogRecorderAutoConfiguration.class})
public @interface AutoConfigurePostHogRecorder {

    /** Whether the recorder replaces the HTTP transport. */
    @PropertyMapping("posthog.test.recorder.enabled")
    boolean enabled() default true;

    /** The project API key the client runs with in the test. */
    @PropertyMapping("posthog.api-key")
    String apiKey() default "phc_posthog_recorder";
}
