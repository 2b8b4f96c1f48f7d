package io.peercart.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@link Exchanger} over {@link RawHttpConnection} with every request's bytes built up front. */
final class RawExchanger implements Exchanger {
    private final RawHttpConnection connection;
    private final byte[][] requests;

    RawExchanger(InetSocketAddress address, byte[][] requests) {
        this.connection = new RawHttpConnection(address);
        this.requests = requests;
    }

    /** Builds the request bytes for a phase: one for /health, one per token for orders. */
    static byte[][] buildRequests(PhaseSpec spec, String hostHeader) {
        if (!spec.kind().sendsOrders()) {
            String request = "GET " + spec.path() + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n\r\n";
            return new byte[][] {request.getBytes(StandardCharsets.US_ASCII)};
        }
        byte[] body = spec.orderBody().getBytes(StandardCharsets.UTF_8);
        String head = "POST " + spec.path() + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nAuthorization: Bearer ";
        List<String> tokens = spec.tokens();
        byte[][] requests = new byte[tokens.size()][];
        for (int i = 0; i < requests.length; i++) {
            byte[] start = (head + tokens.get(i) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[start.length + body.length];
            System.arraycopy(start, 0, request, 0, start.length);
            System.arraycopy(body, 0, request, start.length, body.length);
            requests[i] = request;
        }
        return requests;
    }

    @Override
    public void connect() throws IOException {
        connection.connect();
    }

    @Override
    public int exchange(int tokenIndex) throws IOException {
        return connection.exchange(requests.length == 1 ? requests[0] : requests[tokenIndex]);
    }

    @Override
    public String problemCode() {
        return connection.problemCode();
    }

    @Override
    public void close() {
        connection.close();
    }
}
