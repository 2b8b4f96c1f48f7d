package io.peercart.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Closed-loop load generator on non-blocking sockets, built like wrk: a few event-loop threads
 * (one by default), each driving its share of the connections through one {@link Selector}. Each
 * connection sends its next request as soon as it has read the previous answer.
 *
 * <p>It costs far less CPU per request than a thread per connection, which matters when the
 * generator shares two cores with the server. Each loop thread owns its connections, selector and
 * {@link PhaseTally}; the threads share only the {@link PhaseRun}.
 */
final class NioLoadGenerator implements LoadGenerator {
    /** A loop gives up on answers this long after the phase's deadline (the server hangs). */
    private static final long STALL_NANOS = 30_000_000_000L;
    private static final int MAX_CONSECUTIVE_ERRORS = 20;

    private final InetSocketAddress address;
    private final String hostHeader;
    private final int connections;
    private final int loops;

    NioLoadGenerator(URI base, int connections, int loops) {
        this.address = new InetSocketAddress(base.getHost(), base.getPort());
        this.hostHeader = base.getHost() + ":" + base.getPort();
        this.connections = connections;
        this.loops = Math.max(1, Math.min(loops, connections));
    }

    @Override
    public String name() {
        return "java NIO event loop (" + loops + " thread" + (loops == 1 ? "" : "s") + ")";
    }

    @Override
    public PhaseResult run(PhaseSpec spec) throws IOException, InterruptedException {
        PhaseRun run = new PhaseRun(spec);
        byte[][] requests = RawExchanger.buildRequests(spec, hostHeader);
        List<Loop> eventLoops = new ArrayList<>(loops);
        try {
            for (int i = 0; i < loops; i++) {
                eventLoops.add(new Loop(run, requests));
            }
            for (int c = 0; c < connections; c++) {
                eventLoops.get(c % loops).connect(run.tokenSource(c, connections));
            }
        } catch (IOException e) {
            eventLoops.forEach(Loop::closeAll);
            throw e;
        }
        double cpuBefore = CpuTime.ofSelf();
        run.start();
        List<Thread> threads = new ArrayList<>(loops);
        for (Loop loop : eventLoops) {
            threads.add(Thread.ofPlatform().daemon(true).name("bench-nio-", threads.size()).start(loop));
        }
        for (Thread t : threads) {
            t.join();
        }
        return run.result(eventLoops.stream().map(l -> l.tally).toList(), CpuTime.ofSelf() - cpuBefore);
    }

    /** One connection's state, touched only by its loop's thread. */
    private static final class Connection {
        final PhaseRun.TokenSource tokens;
        final ResponseParser parser = new ResponseParser();
        SocketChannel channel;
        SelectionKey key;
        ByteBuffer out;
        byte[] in = new byte[16 * 1024];
        ByteBuffer inBuffer = ByteBuffer.wrap(in);
        long sentNanos;
        int consecutiveErrors;
        /** Until retired: the phase is over for it, or it failed too often. */
        boolean live = true;

        Connection(PhaseRun.TokenSource tokens) {
            this.tokens = tokens;
        }
    }

    /** One event-loop thread and the connections it drives. */
    private final class Loop implements Runnable {
        private final PhaseRun run;
        private final byte[][] requests;
        private final Selector selector;
        private final List<Connection> owned = new ArrayList<>();
        final PhaseTally tally;
        private int active;

        Loop(PhaseRun run, byte[][] requests) throws IOException {
            this.run = run;
            this.requests = requests;
            this.selector = Selector.open();
            this.tally = new PhaseTally(run);
        }

        void connect(PhaseRun.TokenSource tokens) throws IOException {
            Connection c = new Connection(tokens);
            open(c);
            owned.add(c);
            active++;
        }

        private void open(Connection c) throws IOException {
            SocketChannel channel = SocketChannel.open(address); // blocking connect, then non-blocking I/O
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            c.channel = channel;
            c.key = channel.register(selector, 0, c);
        }

        @Override
        public void run() {
            try {
                owned.forEach(this::send);
                while (active > 0) {
                    if (System.nanoTime() > run.deadlineNanos() + STALL_NANOS) {
                        tally.ioErrors += active; // answers that never came
                        break;
                    }
                    selector.select(this::ready, 100);
                }
            } catch (IOException e) {
                tally.ioErrors++;
            } finally {
                tally.endNanos = System.nanoTime();
                closeAll();
            }
        }

        private void ready(SelectionKey key) {
            Connection c = (Connection) key.attachment();
            try {
                if (key.isWritable()) {
                    c.channel.write(c.out);
                    if (!c.out.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                } else if (key.isReadable()) {
                    read(c);
                }
            } catch (IOException e) {
                failed(c);
            }
        }

        private void read(Connection c) throws IOException {
            if (!c.inBuffer.hasRemaining()) {
                if (c.in.length >= ResponseParser.MAX_RESPONSE_BYTES) {
                    throw new IOException("response too large");
                }
                int filled = c.inBuffer.position();
                c.in = Arrays.copyOf(c.in, c.in.length * 2);
                c.inBuffer = ByteBuffer.wrap(c.in).position(filled);
            }
            if (c.channel.read(c.inBuffer) < 0) {
                throw new IOException("connection closed by server");
            }
            if (c.parser.parse(c.in, c.inBuffer.position()) == ResponseParser.INCOMPLETE) {
                return;
            }
            tally.record(c.parser.status(), c.parser, c.sentNanos, System.nanoTime());
            c.inBuffer.clear();
            c.consecutiveErrors = 0;
            if (c.parser.close()) {
                reopen(c);
            }
            send(c);
        }

        /** Sends the connection's next request, or retires the connection when the phase is over. */
        private void send(Connection c) {
            if (!c.live) {
                return;
            }
            long now = System.nanoTime();
            int token = run.goOn(now) ? c.tokens.next() : -1;
            if (token < 0) {
                if (run.goOn(now)) {
                    run.stop(); // every token used
                }
                retire(c);
                return;
            }
            c.out = ByteBuffer.wrap(requests.length == 1 ? requests[0] : requests[token]);
            c.sentNanos = now;
            try {
                c.channel.write(c.out);
                c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            } catch (IOException e) {
                failed(c);
            }
        }

        private void failed(Connection c) {
            tally.ioErrors++;
            c.inBuffer.clear();
            if (++c.consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
                retire(c);
                return;
            }
            try {
                reopen(c);
            } catch (IOException e) {
                retire(c);
                return;
            }
            send(c);
        }

        private void reopen(Connection c) throws IOException {
            closeChannel(c);
            open(c);
        }

        private void retire(Connection c) {
            if (c.live) {
                c.live = false;
                active--;
                closeChannel(c);
            }
        }

        private void closeChannel(Connection c) {
            if (c.channel == null) {
                return;
            }
            c.key.cancel();
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // already broken
            }
            c.channel = null;
        }

        void closeAll() {
            owned.forEach(this::closeChannel);
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
