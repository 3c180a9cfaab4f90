package io.github.posthogcommunity.posthog.support;

import javax.net.ServerSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server socket factory that remembers every connection the server accepted. MockWebServer closes its side of a
 * connection once the client closes it (it reads end-of-stream), so {@link #open()} counts the connections a
 * client still holds open.
 */
public final class TrackingServerSockets extends ServerSocketFactory {

    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    public int accepted() {
        return accepted.size();
    }

    public long open() {
        return accepted.stream().filter(s -> !s.isClosed()).count();
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new Tracking();
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        ServerSocket s = new Tracking();
        s.bind(new java.net.InetSocketAddress(port));
        return s;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        ServerSocket s = new Tracking();
        s.bind(new java.net.InetSocketAddress(port), backlog);
        return s;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        ServerSocket s = new Tracking();
        s.bind(new java.net.InetSocketAddress(address, port), backlog);
        return s;
    }

    private final class Tracking extends ServerSocket {
        Tracking() throws IOException {
            super();
        }

        @Override
        public Socket accept() throws IOException {
            Socket socket = super.accept();
            accepted.add(socket);
            return socket;
        }
    }
}
