package io.peercart.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Many Server-Sent Events subscribers of one activity's public stream on few threads: non-blocking
 * sockets, a {@link Selector} per reader thread, each stream's bytes de-chunked and cut into frames
 * by hand; of each {@code stock.changed} frame only {@code "left"} is read. A stream's
 * {@code taken} (stock − left) says which acknowledged orders it has now shown; the delay of each
 * from its 201 (the k-th 201 the order client saw, {@link #acknowledged}) is recorded when the
 * first frame showing at least k units taken arrives (0 when it arrives before the 201 was read),
 * on every {@value #SAMPLE_EVERY}th stream.
 *
 * <p>Owns its reader threads and sockets; {@link #close} ends both. Counters are read by the
 * command's thread after the readers have been stopped, or as racy progress figures before.
 */
final class SseSubscribers implements AutoCloseable {
    /** One stream in this many records the delays (recording costs the generator CPU per order per stream). */
    static final int SAMPLE_EVERY = 10;
    /** By the order of 201 answers (from 1): when the client read it (nanoTime), 0 until then. */
    private final AtomicLongArray acknowledged;
    private final long stock;
    /** Delays of orders acknowledged before this are not recorded (warm-up); set when the orders start. */
    private volatile long measureFromNanos = Long.MAX_VALUE;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private final List<Reader> readers = new ArrayList<>();
    private String connectFailure;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    /** One stream's parsing state, touched only by its reader's thread. */
    private static final class Stream {
        final SocketChannel channel;
        boolean headersDone;
        int status;
        boolean chunked;
        long chunkLeft = -1; // -1: reading a size line; -2: reading the CRLF after a chunk
        final StringBuilder sizeLine = new StringBuilder();
        byte[] frame = new byte[1024];
        int frameLength;
        long taken;
        long shown; // orders whose delay this stream has recorded, in 201 order
        long events;
        boolean ended;
        boolean droppedByServer;
        /** Whether this stream records delays (every {@link #SAMPLE_EVERY}th: the others only count). */
        final boolean sampled;

        Stream(SocketChannel channel, boolean sampled) {
            this.channel = channel;
            this.sampled = sampled;
        }
    }

    private final class Reader implements Runnable {
        final Selector selector = Selector.open();
        final List<Stream> streams = new ArrayList<>();
        final LatencyHistogram delays = new LatencyHistogram();
        final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        final byte[] bytes = new byte[64 * 1024];

        Reader() throws IOException {
        }

        @Override
        public void run() {
            try {
                while (running) {
                    selector.select(100);
                    var keys = selector.selectedKeys();
                    for (SelectionKey key : keys) {
                        read((Stream) key.attachment(), key);
                    }
                    keys.clear();
                }
            } catch (IOException e) {
                System.err.println("[bench] subscriber reader failed: " + e);
            }
        }

        private void read(Stream s, SelectionKey key) {
            try {
                buffer.clear();
                int n = s.channel.read(buffer);
                if (n < 0) {
                    s.ended = true;
                    key.cancel();
                    return;
                }
                buffer.flip();
                buffer.get(bytes, 0, n);
                accept(s, bytes, 0, n);
                if (s.headersDone && s.status != 200) { // as EventSource does: a refused stream's connection is let go
                    key.cancel();
                    s.channel.close();
                }
            } catch (IOException e) {
                s.ended = true;
                key.cancel();
            }
        }

        private void accept(Stream s, byte[] b, int from, int to) {
            int i = from;
            if (!s.headersDone) {
                i = appendHeaders(s, b, from, to);
                if (i < 0) {
                    return;
                }
            }
            if (!s.chunked) {
                body(s, b, i, to);
                return;
            }
            while (i < to) {
                if (s.chunkLeft == -1) { // size line
                    byte c = b[i++];
                    if (c == '\n') {
                        String hex = s.sizeLine.toString().trim();
                        s.sizeLine.setLength(0);
                        int semi = hex.indexOf(';');
                        s.chunkLeft = Long.parseLong(semi < 0 ? hex : hex.substring(0, semi), 16);
                        if (s.chunkLeft == 0) {
                            s.ended = true;
                            return;
                        }
                    } else {
                        s.sizeLine.append((char) c);
                    }
                } else if (s.chunkLeft == -2) { // CRLF after the data
                    if (b[i++] == '\n') {
                        s.chunkLeft = -1;
                    }
                } else {
                    int take = (int) Math.min(s.chunkLeft, to - i);
                    body(s, b, i, i + take);
                    i += take;
                    s.chunkLeft -= take;
                    if (s.chunkLeft == 0) {
                        s.chunkLeft = -2;
                    }
                }
            }
        }

        /** Collects the response head in the frame buffer; returns where the body starts, or -1. */
        private int appendHeaders(Stream s, byte[] b, int from, int to) {
            for (int i = from; i < to; i++) {
                append(s, b[i]);
                int l = s.frameLength;
                if (l >= 4 && s.frame[l - 4] == '\r' && s.frame[l - 3] == '\n' && s.frame[l - 2] == '\r' && s.frame[l - 1] == '\n') {
                    String head = new String(s.frame, 0, l, StandardCharsets.ISO_8859_1);
                    s.status = Integer.parseInt(head.substring(9, 12));
                    s.chunked = head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked");
                    s.headersDone = true;
                    s.frameLength = 0;
                    if (s.status != 200) {
                        s.ended = true;
                    }
                    return i + 1;
                }
            }
            return -1;
        }

        private void body(Stream s, byte[] b, int from, int to) {
            for (int i = from; i < to; i++) {
                append(s, b[i]);
                int l = s.frameLength;
                if (l >= 2 && s.frame[l - 1] == '\n' && s.frame[l - 2] == '\n') {
                    frame(s);
                    s.frameLength = 0;
                }
            }
        }

        private void frame(Stream s) {
            int l = s.frameLength;
            if (l > 0 && s.frame[0] == ':' && indexOf(s.frame, l, "too slow".getBytes(StandardCharsets.US_ASCII)) >= 0) {
                s.droppedByServer = true;
                return;
            }
            int at = indexOf(s.frame, l, LEFT);
            if (at < 0) {
                return;
            }
            long left = 0;
            for (int i = at + LEFT.length; i < l && s.frame[i] >= '0' && s.frame[i] <= '9'; i++) {
                left = left * 10 + (s.frame[i] - '0');
            }
            s.events++;
            long taken = stock - left;
            if (taken <= s.taken) {
                return;
            }
            s.taken = taken;
            if (!s.sampled) {
                return;
            }
            long now = System.nanoTime();
            long upTo = Math.min(taken, acknowledged.length() - 1);
            for (long k = s.shown + 1; k <= upTo; k++) {
                long acked = acknowledged.get((int) k);
                if (acked == 0) {
                    if (now >= measureFromNanos) {
                        delays.record(0); // the event came before the client had read the 201
                    }
                } else if (acked >= measureFromNanos) {
                    delays.record(Math.max(0, now - acked) / 1000);
                }
            }
            s.shown = Math.max(s.shown, upTo);
        }
    }

    private static final byte[] LEFT = "\"left\":".getBytes(StandardCharsets.US_ASCII);

    private static void append(Stream s, byte c) {
        if (s.frameLength == s.frame.length) {
            s.frame = Arrays.copyOf(s.frame, s.frame.length * 2);
        }
        s.frame[s.frameLength++] = c;
    }

    private static int indexOf(byte[] b, int length, byte[] needle) {
        return ResponseParser.indexOf(b, 0, length, needle);
    }

    /**
     * Opens {@code count} streams of the activity's public events over {@code readerThreads}
     * readers; returns once every request is sent (answers are read by the readers), or once a
     * connection fails ({@link #connectFailure}).
     */
    SseSubscribers(URI base, String activityId, int count, int readerThreads, long stock, AtomicLongArray acknowledged)
            throws IOException {
        this.stock = stock;
        this.acknowledged = acknowledged;
        InetSocketAddress address = new InetSocketAddress(base.getHost(), base.getPort());
        byte[] request = ("GET /v1/activities/" + activityId + "/events HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int t = 0; t < readerThreads; t++) {
            readers.add(new Reader());
        }
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open();
            try {
                channel.socket().connect(address, CONNECT_TIMEOUT_MILLIS);
                channel.write(ByteBuffer.wrap(request));
                channel.configureBlocking(false);
            } catch (IOException e) {
                channel.close();
                connectFailure = "stream " + (i + 1) + " of " + count + " could not connect: " + e;
                break; // the server stopped accepting: measure with the streams that are open, and say so
            }
            Reader r = readers.get(i % readerThreads);
            Stream s = new Stream(channel, i % SAMPLE_EVERY == 0);
            r.streams.add(s);
            channel.register(r.selector, SelectionKey.OP_READ, s);
        }
        for (Reader r : readers) {
            threads.add(Thread.ofPlatform().daemon(true).name("bench-sse-", threads.size()).start(r));
        }
    }

    /** Why fewer streams than asked were opened, or null. */
    String connectFailure() {
        return connectFailure;
    }

    void measureFrom(long nanos) {
        measureFromNanos = nanos;
    }

    /** Streams whose response head has arrived. */
    long answered() {
        return all().filter(s -> s.headersDone).count();
    }

    int streams() {
        return readers.stream().mapToInt(r -> r.streams.size()).sum();
    }

    /** Streams answered 200 and still open, not told they were dropped. */
    long live() {
        return all().filter(s -> s.status == 200 && !s.ended && !s.droppedByServer).count();
    }

    long ended() {
        return all().filter(s -> s.ended || s.droppedByServer).count();
    }

    long notOk() {
        return all().filter(s -> s.headersDone && s.status != 200).count();
    }

    /** Streams that have shown at least {@code taken} units taken. */
    long caughtUp(long taken) {
        return all().filter(s -> s.taken >= taken).count();
    }

    long events() {
        return all().mapToLong(s -> s.events).sum();
    }

    private java.util.stream.Stream<Stream> all() {
        return readers.stream().flatMap(r -> r.streams.stream());
    }

    /** The readers' delays merged; call after {@link #stop}. */
    LatencyHistogram delays() {
        LatencyHistogram all = new LatencyHistogram();
        readers.forEach(r -> all.add(r.delays));
        return all;
    }

    /** Stops the reader threads (the sockets stay open until {@link #close}). */
    void stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join();
        }
    }

    @Override
    public void close() {
        running = false;
        for (Reader r : readers) {
            for (Stream s : r.streams) {
                try {
                    s.channel.close();
                } catch (IOException ignored) {
                    // closing at the end of the run
                }
            }
            try {
                r.selector.close();
            } catch (IOException ignored) {
                // closing at the end of the run
            }
        }
    }
}
