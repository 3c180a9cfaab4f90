package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.exceptions;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** A real servlet application (embedded Tomcat) whose endpoints fail in the ways exception capture cares about. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ExceptionTestApplication.FailingController.class)
public class ExceptionTestApplication {

    static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(ExceptionTestApplication.class).registerShutdownHook(false)
                .properties("server.port=0", "spring.main.banner-mode=off").properties(properties).run();
    }

    /** Handled by the controller's own {@code @ExceptionHandler}. */
    static final class OutOfStockException extends RuntimeException {
        OutOfStockException(String message) {
            super(message);
        }
    }

    @RestController
    static class FailingController {

        /** Escapes unhandled: a 500 from Spring Boot's error handling. */
        @GetMapping("/orders/{id}/pay")
        String pay(@PathVariable String id) {
            throw new IllegalStateException("payment failed for order " + id,
                    new java.io.UncheckedIOException(new java.io.IOException("gateway timeout")));
        }

        @GetMapping("/orders/{id}/reserve")
        String reserve(@PathVariable String id) {
            throw new OutOfStockException("no stock for " + id);
        }

        /** An Error: the DispatcherServlet wraps it in a ServletException. */
        @GetMapping("/orders/{id}/audit")
        String audit(@PathVariable String id) {
            throw new AssertionError("ledger out of balance");
        }

        @GetMapping("/missing")
        String missing() {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "nothing here");
        }

        @ExceptionHandler(OutOfStockException.class)
        ResponseEntity<String> outOfStock(OutOfStockException e) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body("out of stock");
        }
    }
}
