package io.peercart.bench;

import java.nio.charset.StandardCharsets;

/** The raw HTTP/1.1 requests of the hot-path scenarios, built once as bytes. */
final class HotPathRequests {
    private HotPathRequests() {
    }

    /**
     * {@code method path} to {@code host}, with {@code Authorization: Bearer} when {@code bearer} is
     * given, extra headers as name, value pairs, and a JSON body when {@code jsonBody} is not null.
     */
    static byte[] build(String method, String path, String host, String bearer, String jsonBody, String... headers) {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host);
        if (bearer != null) {
            head.append("\r\nAuthorization: Bearer ").append(bearer);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append("\r\n").append(headers[i]).append(": ").append(headers[i + 1]);
        }
        byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        if (jsonBody != null) {
            head.append("\r\nContent-Type: application/json\r\nContent-Length: ").append(body.length);
        } else if (!method.equals("GET")) {
            head.append("\r\nContent-Length: 0");
        }
        byte[] start = head.append("\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[start.length + body.length];
        System.arraycopy(start, 0, request, 0, start.length);
        System.arraycopy(body, 0, request, start.length, body.length);
        return request;
    }
}
