package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.security;

import io.github.posthogcommunity.posthog.PostHogClient;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A servlet application with Spring Security: {@code /public} is open, {@code /private} needs HTTP basic. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SecurityTestApplication.Checkout.class)
public class SecurityTestApplication {

    /** Starts with Spring Security's auto-configuration (which the other test applications exclude). */
    static ConfigurableApplicationContext start(Class<?>[] extra, String... properties) {
        return new SpringApplicationBuilder(SecurityTestApplication.class).sources(extra).registerShutdownHook(false)
                .properties("server.port=0", "spring.main.banner-mode=off").properties(properties)
                .run("--spring.autoconfigure.exclude=");
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.requestMatchers("/public").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults()).csrf(csrf -> csrf.disable()).build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}secret").roles("USER")
                .build());
    }

    @RestController
    static class Checkout {
        private final PostHogClient posthog;

        Checkout(PostHogClient posthog) {
            this.posthog = posthog;
        }

        @GetMapping({"/public", "/private"})
        String checkout() {
            posthog.capture(null, "checkout");
            return "done";
        }
    }
}
