package io.github.posthogcommunity.posthog.flags.redis;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code redis-server} per test, on a free loopback port, without persistence
 * ({@code --save '' --appendonly no}). Started before each test (ready once it answers {@code PING}), stopped after;
 * a test may {@link #stop()} and {@link #start()} it again on the same port. When no {@code redis-server} binary is
 * installed, the test is skipped with one clear message.
 */
final class RedisServerExtension implements BeforeEachCallback, AfterEachCallback {

    private static final List<String> CANDIDATES = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server",
            "/opt/homebrew/bin/redis-server");

    private Path binary;
    private int port;
    private Process process;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        binary = findBinary();
        Assumptions.assumeTrue(binary != null,
                "redis-server is not installed (apt-get install -y redis-server): the Redis tests are skipped");
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    int port() {
        return port;
    }

    /** Starts the server on this extension's port and waits until it answers {@code PING}. */
    void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(this::answersPing);
    }

    /** Stops the server and waits for its process to end. */
    void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private boolean answersPing() {
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server exited with " + process.exitValue());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = new byte[7];
            int n = in.readNBytes(answer, 0, 7);
            return new String(answer, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static Path findBinary() {
        for (String candidate : CANDIDATES) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
                Path path = Path.of(dir, "redis-server");
                if (Files.isExecutable(path)) {
                    return path;
                }
            }
        }
        return null;
    }
}
