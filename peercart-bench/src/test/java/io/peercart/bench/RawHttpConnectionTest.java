package io.peercart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawHttpConnectionTest {
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Answers each request read on one connection with the next canned response, then closes. */
    private static InetSocketAddress serve(ServerSocket server, List<String> responses) {
        Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                for (String response : responses) {
                    in.readNBytes(REQUEST.length);
                    // written in two parts to exercise reads that stop mid-response
                    byte[] bytes = response.getBytes(StandardCharsets.US_ASCII);
                    out.write(bytes, 0, bytes.length / 2);
                    out.flush();
                    out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
                    out.flush();
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    @Test
    void readsFixedLengthAndChunkedAnswersOnOneKeepAliveConnection() throws IOException {
        String soldOut = "{\"type\":\"x\",\"status\":409,\"code\": \"SOLD_OUT\",\"detail\":\"gone\"}";
        String limit = "{\"code\":\"LIMIT_REACHED\"}";
        List<String> responses = List.of(
                "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"orderId\":\"o\"}",
                "HTTP/1.1 409 Conflict\r\ncontent-length: " + soldOut.length() + "\r\n\r\n" + soldOut,
                "HTTP/1.1 409 Conflict\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n" + limit.substring(0, 5) + "\r\n"
                        + Integer.toHexString(limit.length() - 5) + "\r\n" + limit.substring(5) + "\r\n0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             RawHttpConnection connection = new RawHttpConnection(serve(server, responses))) {
            assertThat(connection.exchange(REQUEST)).isEqualTo(201);
            assertThat(connection.problemCode()).isNull();
            assertThat(connection.exchange(REQUEST)).isEqualTo(409);
            assertThat(connection.problemCode()).isSameAs("SOLD_OUT");
            assertThat(connection.exchange(REQUEST)).isEqualTo(409);
            assertThat(connection.problemCode()).isEqualTo("LIMIT_REACHED");
            assertThat(connection.exchange(REQUEST)).isEqualTo(200);
        }
    }

    @Test
    void connectionCloseEndsTheConnectionAfterTheAnswer() throws IOException {
        List<String> responses = List.of("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             RawHttpConnection connection = new RawHttpConnection(serve(server, responses))) {
            assertThat(connection.exchange(REQUEST)).isEqualTo(200);
        }
    }
}
