package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.aot;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogTestServer;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.context.PostHogContextPropagationAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.exceptions.PostHogExceptionAutoConfiguration;

import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's ahead-of-time processing of a context with the starter: the generated initializer starts a context
 * whose client delivers, and the runtime hints cover what the core loads reflectively or as resources.
 */
class PostHogAotTests {

    @RegisterExtension
    final PostHogTestServer posthog = new PostHogTestServer();

    private TestPropertyValues properties() {
        return TestPropertyValues.of("posthog.api-key=phc_AotTestKey0123456789", "posthog.host=" + posthog.host(),
                "posthog.compression=none", "posthog.flush-at=1000", "posthog.flush-interval=1h");
    }

    @Test
    void theGeneratedInitializerStartsAWorkingClientAndTheHintsAreRegistered() throws Exception {
        AnnotationConfigApplicationContext source = new AnnotationConfigApplicationContext();
        properties().applyTo(source);
        source.register(AotApplication.class);
        InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
        DefaultGenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get(AotApplication.class)), files);
        ClassName initializerName = new ApplicationContextAotGenerator().processAheadOfTime(source, generation);
        generation.writeGeneratedContent();
        Map<String, Class<?>> hosts = new HashMap<>();
        for (String bean : source.getBeanFactory().getBeanDefinitionNames()) {
            Class<?> type = source.getBeanFactory().getType(bean);
            if (type != null) {
                hosts.putIfAbsent(type.getPackageName(), type);
            }
        }
        hosts.put(AotApplication.class.getPackageName(), AotApplication.class);
        List<String> defined = GeneratedCode.compileAndDefine(files, hosts);
        assertThat(defined).contains(initializerName.reflectionName());

        RuntimeHints hints = generation.getRuntimeHints();
        assertThat(RuntimeHintsPredicates.resource().forResource(PostHogRuntimeHints.SDK_PROPERTIES)).accepts(hints);
        // HttpClient.shutdownNow exists from JDK 21 on: the predicate for it needs the method, so read the hint.
        assertThat(hints.reflection().getTypeHint(HttpClient.class).methods())
                .anyMatch(method -> method.getName().equals("shutdownNow") && method.getParameterTypes().isEmpty()
                        && method.getMode() == ExecutableMode.INVOKE);
        assertThat(RuntimeHintsPredicates.reflection().onType(
                io.github.posthogcommunity.posthog.spring.boot.autoconfigure.context.PostHogContextAccessor.class))
                .accepts(hints);

        @SuppressWarnings("unchecked")
        ApplicationContextInitializer<GenericApplicationContext> initializer =
                (ApplicationContextInitializer<GenericApplicationContext>) Class.forName(
                        initializerName.reflectionName(), true, AotApplication.class.getClassLoader())
                        .getDeclaredConstructor().newInstance();
        try (GenericApplicationContext fresh = new GenericApplicationContext()) {
            properties().applyTo(fresh);
            initializer.initialize(fresh);
            fresh.refresh();
            PostHogClient client = fresh.getBean(PostHogClient.class);
            assertThat(client.isEnabled()).isTrue();
            client.capture("user-1", "aot event");
            assertThat(client.flush().sent()).isEqualTo(1);
        }
        assertThat(posthog.eventNames()).containsExactly("aot event");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({PostHogAutoConfiguration.class, PostHogExceptionAutoConfiguration.class,
            PostHogContextPropagationAutoConfiguration.class})
    static class AotApplication {
    }
}
