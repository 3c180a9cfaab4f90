package io.github.posthogcommunity.posthog.logback.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A before-send hook that logs an error for every event it sees: it runs inside the appender's capture, so
 * without the recursion guard each logged error would be captured again.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class SelfLoggingHookConfiguration {

    @org.springframework.context.annotation.Bean
    io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogClientCustomizer selfLoggingHook() {
        Logger log = LoggerFactory.getLogger(LoggingTestApplication.PaymentController.LOGGER);
        return builder -> builder.beforeSend(event -> {
            log.error("before-send saw {}", event.event(), new IllegalArgumentException("logged by the hook"));
            return event;
        });
    }
}

/** A real servlet application (embedded Tomcat) whose handlers log failures the ways applications do. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(LoggingTestApplication.PaymentController.class)
public class LoggingTestApplication {

    @RestController
    static class PaymentController {

        /** An application logger: the SDK ignores its own package's loggers, where this test class lives. */
        static final String LOGGER = "com.acme.payments.PaymentController";
        private static final Logger log = LoggerFactory.getLogger(LOGGER);

        /** Catches the failure and logs it, as most applications do. */
        @GetMapping("/orders/{id}/pay")
        String pay(@PathVariable String id) {
            MDC.put("orderId", id);
            MDC.put("customerEmail", "someone@example.com");
            MDC.put("authorization", "Bearer do-not-send");
            try {
                throw new IllegalStateException("card declined");
            } catch (IllegalStateException ex) {
                log.error("payment failed", ex);
                return "failed";
            } finally {
                MDC.clear();
            }
        }

        /** Escapes unhandled: the exception capture and the servlet container's log both report it. */
        @GetMapping("/orders/{id}/crash")
        String crash(@PathVariable String id) {
            throw new IllegalStateException("payment failed for order " + id,
                    new java.io.UncheckedIOException(new java.io.IOException("gateway timeout")));
        }

        @GetMapping("/orders/{id}/slow")
        String slow(@PathVariable String id) {
            log.warn("payment slow for order {}", id, new IllegalStateException("gateway slow"));
            return "slow";
        }

        /** Logs the same failure three times: the rate limit refuses two and warns through the SDK's logger. */
        @GetMapping("/orders/{id}/storm")
        String storm(@PathVariable String id) {
            for (int i = 0; i < 3; i++) {
                log.error("payment failed for order {}", id, new IllegalStateException("storm " + i));
            }
            return "storm";
        }
    }
}
