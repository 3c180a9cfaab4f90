package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import io.github.posthogcommunity.posthog.PostHogClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A real Spring Boot web application (embedded Tomcat, every auto-configuration on the test class path) for the
 * end-to-end tests. No component scanning: the other tests' configurations stay out.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(WebTestApplication.CheckoutController.class)
public class WebTestApplication {

    /** Starts the application on a random port with these properties. */
    public static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(WebTestApplication.class).registerShutdownHook(false)
                .properties("server.port=0", "spring.main.banner-mode=off").properties(properties).run();
    }

    /** The application's base URL. */
    public static String baseUrl(ConfigurableApplicationContext context) {
        return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** Sends a request and returns the response without waiting for it. */
    public static CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder request) {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build()
                .sendAsync(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request and waits for the response. */
    public static HttpResponse<String> exchange(HttpRequest.Builder request) throws Exception {
        return send(request).get(60, TimeUnit.SECONDS);
    }

    /** A request builder for a path of the application. */
    public static HttpRequest.Builder request(ConfigurableApplicationContext context, String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl(context) + path));
    }

    @Bean
    Gate gate() {
        return new Gate();
    }

    /** Latches with which a test holds a request in flight and sees the context close. */
    public static final class Gate {
        public final CountDownLatch entered = new CountDownLatch(1);
        public final CountDownLatch release = new CountDownLatch(1);
        public final CountDownLatch closing = new CountDownLatch(1);

        @EventListener(ContextClosedEvent.class)
        void contextClosing() {
            closing.countDown();
        }

        static void await(CountDownLatch latch) {
            try {
                if (!latch.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("latch not released in time");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @RestController
    static class CheckoutController {
        private final PostHogClient posthog;
        private final Gate gate;

        CheckoutController(PostHogClient posthog, Gate gate) {
            this.posthog = posthog;
            this.gate = gate;
        }

        /** Held until the test releases it, then captures an event. */
        @GetMapping("/slow-checkout")
        String slowCheckout() {
            gate.entered.countDown();
            Gate.await(gate.release);
            posthog.capture("buyer-1", "checkout completed");
            return "done";
        }

        /** Captures without an explicit distinct id: the request context supplies it. */
        @GetMapping("/anonymous-checkout")
        String anonymousCheckout() {
            posthog.capture(null, "anonymous checkout");
            return "done";
        }

        /** Captures with an explicit distinct id, which wins over the request context. */
        @GetMapping("/explicit-checkout")
        String explicitCheckout(@RequestHeader(name = "X-User", required = false) String user) {
            posthog.capture(user, "explicit checkout");
            return "done";
        }
    }
}
