package com.example.shop;

import io.github.posthogcommunity.posthog.PostHogClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShopApplicationTest {

    @Autowired
    PostHogClient posthog;

    @Autowired
    ApplicationContext context;

    @Test
    void startsWithThePostHogClientInjected() {
        assertThat(posthog.isEnabled()).isTrue();
        assertThat(context.getBean(ShopApplication.OrderController.class)).isNotNull();
        assertThat(context.getBeansOfType(PostHogClient.class)).hasSize(1);
    }
}
