package io.github.posthogcommunity.posthog.support;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A latch a server handler waits on to stall one response; always opened in test teardown. */
public final class Gate implements AutoCloseable {

    private final CountDownLatch latch = new CountDownLatch(1);

    public void hold() {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void open() {
        latch.countDown();
    }

    @Override
    public void close() {
        open();
    }
}
