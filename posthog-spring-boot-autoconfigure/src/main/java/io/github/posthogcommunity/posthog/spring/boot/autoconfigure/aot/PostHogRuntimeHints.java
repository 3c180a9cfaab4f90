package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.aot;

import java.net.http.HttpClient;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What a native image needs beyond what Spring's AOT processing finds by itself: the SDK's
 * {@code sdk.properties} (library name and version, read as a resource), the JDK 21+
 * {@code HttpClient.shutdownNow()} the client looks up reflectively to end its HTTP threads on close, and the
 * context-propagation accessor the {@code ServiceLoader} instantiates.
 */
public final class PostHogRuntimeHints implements RuntimeHintsRegistrar {

    /** The SDK's build information, read with {@code getResourceAsStream}. */
    public static final String SDK_PROPERTIES = "io/github/posthogcommunity/posthog/sdk.properties";

    static final String CONTEXT_ACCESSOR =
            "io.github.posthogcommunity.posthog.spring.boot.autoconfigure.context.PostHogContextAccessor";

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.resources().registerPattern(SDK_PROPERTIES);
        hints.reflection().registerType(HttpClient.class,
                type -> type.withMethod("shutdownNow", List.of(), ExecutableMode.INVOKE));
        hints.resources().registerPattern("META-INF/services/io.micrometer.context.ThreadLocalAccessor");
        hints.reflection().registerType(TypeReference.of(CONTEXT_ACCESSOR),
                MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
    }
}
