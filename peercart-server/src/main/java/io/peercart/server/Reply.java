package io.peercart.server;

/** An answer decided by a handler: status and JSON body, sent as is (and replayed as is). */
record Reply(int status, String body) {
    static Reply of(int status, Object body) { return new Reply(status, Json.write(body)); }
}
