package io.peercart.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on a random loopback port in front of a real node, so a test can lose the network
 * the way production does: {@link #cut()} closes every open connection (both sides see it end),
 * {@link #refuse(boolean)} makes new connections end as soon as they open, and
 * {@link #silence()} leaves them open but mute, {@link #loseAnswers(int)} lets the next requests reach the server but drops the server's
 * answers (the connection ends instead: the client cannot know whether its write was done).
 * One platform thread accepts; two virtual threads pump each connection.
 */
final class CuttableProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Socket> silenced = ConcurrentHashMap.newKeySet();
    private final AtomicInteger answersToLose = new AtomicInteger();
    private volatile boolean refusing;
    private final Thread acceptor;

    CuttableProxy(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().name("cuttable-proxy").start(this::accept);
    }

    URI uri() { return URI.create("http://127.0.0.1:" + listener.getLocalPort()); }

    void cut() {
        for (Socket s : open) quietly(s);
        open.clear();
    }

    void refuse(boolean refuse) { this.refusing = refuse; }

    /**
     * The open connections go silent but stay open (a half-open connection: what a NAT that forgot
     * it or a vanished host leaves): bytes are still read from both sides and delivered to neither.
     */
    void silence() { silenced.addAll(open); }

    /** The next {@code n} connections forward the request, then end without the answer. */
    void loseAnswers(int n) { answersToLose.set(n); }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (refusing) {
                    quietly(client);
                    continue;
                }
                Socket server = new Socket(target.getAddress(), target.getPort());
                open.add(client);
                open.add(server);
                boolean loseAnswer = answersToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
                Thread.ofVirtual().start(() -> pump(client, server, null));
                Thread.ofVirtual().start(() -> pump(server, client, loseAnswer ? client : null));
            } catch (IOException e) {
                if (!listener.isClosed()) throw new UncheckedIOException(e);
            }
        }
    }

    /** Copies {@code from} to {@code to}; when {@code dropTo} is set, the bytes are read and discarded and the connection ends. */
    private void pump(Socket from, Socket to, Socket dropTo) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (dropTo != null) break; // the server answered: the client never sees it
                if (silenced.contains(from)) continue;
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // one side went away: so does the other
        } finally {
            quietly(from);
            quietly(to);
            open.remove(from);
            open.remove(to);
            silenced.remove(from);
            silenced.remove(to);
        }
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}
