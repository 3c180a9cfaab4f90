package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.context;

import io.github.posthogcommunity.posthog.PostHogClient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A servlet application whose request handler hands the capture to an {@code @Async} method. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
@Import({AsyncTestApplication.Checkout.class, AsyncTestApplication.AsyncCheckout.class})
public class AsyncTestApplication {

    static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(AsyncTestApplication.class).registerShutdownHook(false)
                .properties("server.port=0", "spring.main.banner-mode=off").properties(properties).run();
    }

    @Service
    static class Checkout {
        private final PostHogClient posthog;

        Checkout(PostHogClient posthog) {
            this.posthog = posthog;
        }

        /** Captures on the task executor's thread, without an explicit distinct id; returns that thread's name. */
        @Async
        public CompletableFuture<String> completeLater() {
            posthog.capture(null, "async checkout", java.util.Map.of("virtual", Thread.currentThread().toString().startsWith("VirtualThread")));
            return CompletableFuture.completedFuture(Thread.currentThread().getName());
        }
    }

    @RestController
    static class AsyncCheckout {
        private final Checkout checkout;

        AsyncCheckout(Checkout checkout) {
            this.checkout = checkout;
        }

        @GetMapping("/async-checkout")
        String asyncCheckout() throws Exception {
            String requestThread = Thread.currentThread().getName();
            String taskThread = checkout.completeLater().get(60, TimeUnit.SECONDS);
            return requestThread + "|" + taskThread;
        }
    }
}
