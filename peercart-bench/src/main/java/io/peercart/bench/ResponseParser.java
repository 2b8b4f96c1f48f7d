package io.peercart.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Parses one HTTP/1.1 response from the start of a byte buffer that may not yet hold all of it.
 * Bodies are delimited by Content-Length or chunked encoding (what the server sends); a response
 * delimited only by the end of the connection is rejected.
 *
 * <p>One instance per connection, used by one thread; the parsed body stays valid until the next
 * {@link #parse}.
 */
final class ResponseParser implements PhaseTally.Answer {
    static final int INCOMPLETE = -1;
    static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
    private static final byte[] CODE_FIELD = "\"code\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SOLD_OUT = "SOLD_OUT".getBytes(StandardCharsets.US_ASCII);

    private int status;
    private boolean close;
    private byte[] body = new byte[0];
    private int bodyStart;
    private int bodyLength;
    private byte[] chunked = new byte[256];

    /**
     * Parses the response in {@code buffer[0, filled)}.
     *
     * @return the response's length in bytes, or {@link #INCOMPLETE} if more bytes are needed
     */
    int parse(byte[] buffer, int filled) throws IOException {
        int headerEnd = indexOfHeaderEnd(buffer, filled);
        if (headerEnd < 0) {
            if (filled >= MAX_RESPONSE_BYTES) {
                throw new IOException("response headers too large");
            }
            return INCOMPLETE;
        }
        if (filled < 12 || buffer[0] != 'H' || buffer[4] != '/' || buffer[8] != ' ') {
            throw new IOException("not an HTTP/1.x response");
        }
        status = (buffer[9] - '0') * 100 + (buffer[10] - '0') * 10 + (buffer[11] - '0');
        boolean isChunked = false;
        long contentLength = -1;
        close = false;
        int line = indexOfCrlf(buffer, 0, headerEnd) + 2;
        while (line < headerEnd) {
            int lineEnd = indexOfCrlf(buffer, line, headerEnd + 2);
            int colon = indexOfByte(buffer, line, lineEnd, (byte) ':');
            if (colon > 0) {
                if (nameIs(buffer, line, colon, "content-length")) {
                    contentLength = parseLength(buffer, colon + 1, lineEnd);
                } else if (nameIs(buffer, line, colon, "transfer-encoding")) {
                    isChunked = value(buffer, colon + 1, lineEnd).contains("chunked");
                } else if (nameIs(buffer, line, colon, "connection")) {
                    close = value(buffer, colon + 1, lineEnd).contains("close");
                }
            }
            line = lineEnd + 2;
        }
        int start = headerEnd + 4;
        if (isChunked) {
            return parseChunked(buffer, filled, start);
        }
        if (contentLength < 0) {
            if (status == 204 || status == 304 || status < 200) {
                contentLength = 0;
            } else {
                throw new IOException("response " + status + " has neither Content-Length nor chunked body");
            }
        }
        if (start + contentLength > MAX_RESPONSE_BYTES) {
            throw new IOException("response too large: " + contentLength + " bytes");
        }
        int end = start + (int) contentLength;
        if (filled < end) {
            return INCOMPLETE;
        }
        body = buffer;
        bodyStart = start;
        bodyLength = (int) contentLength;
        return end;
    }

    private int parseChunked(byte[] buffer, int filled, int start) throws IOException {
        int length = 0;
        int pos = start;
        while (true) {
            int lineEnd = indexOfCrlf(buffer, pos, filled);
            if (lineEnd < 0) {
                return INCOMPLETE;
            }
            int size = parseHex(buffer, pos, lineEnd);
            pos = lineEnd + 2;
            if (size == 0) {
                int trailerEnd = indexOfCrlf(buffer, pos, filled);
                if (trailerEnd < 0) {
                    return INCOMPLETE;
                }
                body = chunked;
                bodyStart = 0;
                bodyLength = length;
                return trailerEnd + 2; // the server sends no trailers: the empty line ends the body
            }
            if (filled < pos + size + 2) {
                return INCOMPLETE;
            }
            if (length + size > chunked.length) {
                chunked = Arrays.copyOf(chunked, Math.max(chunked.length * 2, length + size));
            }
            System.arraycopy(buffer, pos, chunked, length, size);
            length += size;
            pos += size + 2;
        }
    }

    int status() {
        return status;
    }

    /** The body of the last response parsed, as text (UTF-8). */
    String body() {
        return new String(body, bodyStart, bodyLength, StandardCharsets.UTF_8);
    }

    /** Whether the server said it closes the connection after this response. */
    boolean close() {
        return close;
    }

    /**
     * The problem+json {@code code} of the body, or null. Returns a shared constant for SOLD_OUT,
     * the answer that sold-out phases receive thousands of times per second.
     */
    @Override
    public String problemCode() {
        int end = bodyStart + bodyLength;
        int at = indexOf(body, bodyStart, end, CODE_FIELD);
        if (at < 0) {
            return null;
        }
        int i = at + CODE_FIELD.length;
        while (i < end && (body[i] == ' ' || body[i] == ':')) {
            i++;
        }
        if (i >= end || body[i] != '"') {
            return null;
        }
        int from = ++i;
        while (i < end && body[i] != '"') {
            i++;
        }
        if (i - from == SOLD_OUT.length && Arrays.equals(body, from, i, SOLD_OUT, 0, SOLD_OUT.length)) {
            return "SOLD_OUT";
        }
        return new String(body, from, i - from, StandardCharsets.UTF_8);
    }

    private static int indexOfHeaderEnd(byte[] b, int filled) {
        for (int i = 0; i + 3 < filled; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfCrlf(byte[] b, int from, int limit) {
        for (int i = from; i + 1 < limit; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfByte(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static boolean nameIs(byte[] b, int from, int to, String lowerName) {
        if (to - from != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < lowerName.length(); i++) {
            if (Character.toLowerCase(b[from + i]) != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String value(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
    }

    private static long parseLength(byte[] b, int from, int to) throws IOException {
        long value = 0;
        boolean digits = false;
        for (int i = from; i < to; i++) {
            if (b[i] >= '0' && b[i] <= '9') {
                value = value * 10 + (b[i] - '0');
                digits = true;
                if (value > MAX_RESPONSE_BYTES) {
                    throw new IOException("response too large");
                }
            } else if (b[i] != ' ' && b[i] != '\t') {
                throw new IOException("bad Content-Length");
            }
        }
        if (!digits) {
            throw new IOException("bad Content-Length");
        }
        return value;
    }

    private static int parseHex(byte[] b, int from, int to) throws IOException {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(b[i], 16);
            if (digit < 0) {
                break; // chunk extensions follow a ';'
            }
            value = value * 16 + digit;
            if (value > MAX_RESPONSE_BYTES) {
                throw new IOException("chunk too large");
            }
        }
        return value;
    }

    static int indexOf(byte[] haystack, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
