package io.peercart.server.http;

/** An answer decided by a handler: status and JSON body, sent as is (and replayed as is). */
public record Reply(int status, String body) {
    public static Reply of(int status, Object body) { return new Reply(status, Json.write(body)); }
}
