package io.peercart.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * A minimal blocking HTTP/1.1 keep-alive client connection: one request at a time, the whole
 * request written in one call, the response read into one reusable buffer.
 *
 * <p>Owned by one load-generator thread; not thread-safe. Allocates nothing per exchange on the
 * common path, so that the generator leaves the shared cores to the server.
 */
final class RawHttpConnection implements Closeable {
    private static final int SOCKET_TIMEOUT_MILLIS = 30_000;

    private final InetSocketAddress address;
    private final ResponseParser parser = new ResponseParser();
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] buffer = new byte[16 * 1024];

    RawHttpConnection(InetSocketAddress address) {
        this.address = address;
    }

    void connect() throws IOException {
        close();
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
        s.connect(address, SOCKET_TIMEOUT_MILLIS);
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    /** Sends one complete request and reads its response; returns the status code. */
    int exchange(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(request);
            int filled = 0;
            while (true) {
                if (filled == buffer.length) {
                    if (buffer.length >= ResponseParser.MAX_RESPONSE_BYTES) {
                        throw new IOException("response too large");
                    }
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    throw new EOFException("connection closed by server");
                }
                filled += n;
                if (parser.parse(buffer, filled) != ResponseParser.INCOMPLETE) {
                    break;
                }
            }
            if (parser.close()) {
                close();
            }
            return parser.status();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** The body of the last response, as text. */
    String body() {
        return parser.body();
    }

    /** The problem+json {@code code} of the last response, or null. */
    String problemCode() {
        return parser.problemCode();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing to do
            }
            socket = null;
        }
    }
}
