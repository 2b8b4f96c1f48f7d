package io.peercart.server.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One webhook POST over HTTP/1.1 to addresses already checked by {@link WebhookTargets}: the
 * socket connects to those addresses (never to a second lookup of the name, which the JDK's
 * HttpClient would make), TLS verifies the certificate against the URL's host name and sends it
 * as SNI. Redirects are not followed (a 3xx is just a status); at most {@link #MAX_HEAD_BYTES} of
 * status line and headers and {@link #MAX_BODY_BYTES} of body are read, then the connection is
 * closed. One deadline bounds the whole attempt. Stateless: any thread may call it.
 */
final class WebhookPoster {
    static final int MAX_HEAD_BYTES = 16 * 1024;
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final SSLSocketFactory tls;

    WebhookPoster(SSLSocketFactory tls) {
        this.tls = tls;
    }

    /** The receiver's HTTP status; a timeout is a {@link SocketTimeoutException}, anything else an IOException. */
    int post(URI url, List<InetAddress> addresses, Map<String, String> headers, byte[] body, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        boolean https = url.getScheme().equalsIgnoreCase("https");
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        String host = WebhookTargets.host(url);
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket raw = new Socket();
            try {
                raw.connect(new InetSocketAddress(address, port), remaining(deadline));
            } catch (IOException e) {
                raw.close();
                last = e;
                continue; // the next address of the name, as a browser would
            }
            try (Socket s = https ? tls(raw, host, port, deadline) : raw) {
                return exchange(s, url, host, port, https, headers, body, deadline);
            }
        }
        throw last != null ? last : new IOException("the host has no address");
    }

    private Socket tls(Socket raw, String host, int port, long deadline) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(raw, host, port, true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the URL's host
        if (!literal(host)) p.setServerNames(List.of(new SNIHostName(host)));
        ssl.setSSLParameters(p);
        ssl.setSoTimeout(remaining(deadline));
        ssl.startHandshake();
        return ssl;
    }

    private static int exchange(Socket s, URI url, String host, int port, boolean https, Map<String, String> headers, byte[] body,
                                long deadline) throws IOException {
        String target = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        StringBuilder head = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\n");
        String hostHeader = host.contains(":") ? "[" + host + "]" : host;
        head.append("Host: ").append(hostHeader).append(port == (https ? 443 : 80) ? "" : ":" + port).append("\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getValue().indexOf('\r') >= 0 || h.getValue().indexOf('\n') >= 0) throw new IOException("header " + h.getKey() + " has a line break");
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        s.setSoTimeout(remaining(deadline));
        OutputStream out = s.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        InputStream in = s.getInputStream();
        String answer;
        int status;
        do { // an interim 1xx answer is followed by the real one
            answer = readHead(s, in, deadline);
            status = status(answer);
        } while (status >= 100 && status < 200);
        drain(s, in, deadline, Math.min(contentLength(answer), MAX_BODY_BYTES));
        return status;
    }

    /** Status line and headers, up to the blank line; at most {@link #MAX_HEAD_BYTES}. */
    private static String readHead(Socket s, InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0; // of "\r\n\r\n"
        while (matched < 4) {
            s.setSoTimeout(remaining(deadline));
            int b = in.read();
            if (b < 0) throw new IOException("the connection closed before a complete answer");
            if (head.size() >= MAX_HEAD_BYTES) throw new IOException("the answer's headers exceed " + MAX_HEAD_BYTES + " bytes");
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1
                    : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int status(String head) throws IOException {
        // "HTTP/1.1 200 OK"
        if (!head.startsWith("HTTP/1.") || head.length() < 12 || head.charAt(8) != ' ') throw new IOException("not an HTTP/1.x answer");
        try {
            return Integer.parseInt(head.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP/1.x answer");
        }
    }

    /** The Content-Length header's value; {@link Long#MAX_VALUE} without one (the body then ends with the connection). */
    static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                try {
                    return Math.max(0, Long.parseLong(line.substring(colon + 1).trim()));
                } catch (NumberFormatException e) {
                    return Long.MAX_VALUE;
                }
            }
        }
        return Long.MAX_VALUE;
    }

    /** Reads (and drops) {@code limit} bytes of the body at most, so the receiver can finish writing before the close. */
    private static void drain(Socket s, InputStream in, long deadline, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        int read = 0;
        while (read < limit) {
            s.setSoTimeout(remaining(deadline));
            int n;
            try {
                n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - read));
            } catch (SocketTimeoutException e) {
                return; // the status is in: a body that never ends does not change it
            }
            if (n < 0) return;
            read += n;
        }
    }

    private static int remaining(long deadline) throws SocketTimeoutException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) throw new SocketTimeoutException("deadline passed");
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    private static boolean literal(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
