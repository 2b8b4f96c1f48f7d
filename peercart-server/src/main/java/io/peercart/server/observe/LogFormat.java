package io.peercart.server.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * How the process writes its logs, one format at a time: {@link #PLAIN} lines (the default), or
 * {@link #JSON}, one object per line with {@code ts} (UTC), {@code level}, {@code logger},
 * {@code msg}, the {@code requestId} of the request being served when there is one, and
 * {@code error} for a logged exception. In JSON every line the process writes becomes such an
 * object: the JUL records, the access log (with its fields: {@code method}, {@code route},
 * {@code status}, {@code ms}) and the lines printed on stdout and stderr (the start banner, the
 * stop line), so a log collector never meets a line it cannot parse.
 */
public enum LogFormat {
    PLAIN, JSON;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static volatile LogFormat current = PLAIN;
    private static volatile PrintStream stdout = System.out;
    private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

    public static LogFormat current() {
        return current;
    }

    /** The process's own stdout, before {@link #install} wrapped it: where the access log writes. */
    static PrintStream stdout() {
        return stdout;
    }

    /** Sets the format for the whole process; call once, before the server starts. */
    public static synchronized void install(LogFormat format) {
        if (format == current) return;
        current = format;
        if (format != JSON) return;
        stdout = System.out;
        for (Handler h : Logger.getLogger("").getHandlers()) h.setFormatter(new JsonFormatter());
        System.setOut(lines(System.out, "stdout", Level.INFO));
        System.setErr(lines(System.err, "stderr", Level.WARNING));
    }

    /** The request the current thread serves (its X-Request-Id), for the log lines written meanwhile; null to clear. */
    public static void serving(String requestId) {
        if (requestId == null) REQUEST.remove();
        else REQUEST.set(requestId);
    }

    /** One JSON object, as a line (without its end). */
    static String object(Instant ts, Level level, String logger, String msg, Map<String, Object> fields, Throwable error) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("ts", ts.toString());
        o.put("level", level.getName());
        o.put("logger", logger);
        o.put("msg", msg);
        if (fields != null) o.putAll(fields);
        String rid = REQUEST.get();
        if (rid != null && !o.containsKey("requestId")) o.put("requestId", rid);
        if (error != null) {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            o.put("error", trace.toString());
        }
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) { // strings, numbers and a map of them: not expected
            throw new IllegalStateException(e);
        }
    }

    /** A stream whose every line is written to {@code out} as one JSON object. */
    private static PrintStream lines(PrintStream out, String logger, Level level) {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
                    out.println(object(Instant.now(), level, logger, text, null, null));
                } else {
                    line.write(b);
                }
            }

            @Override
            public synchronized void flush() {
                out.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** JUL records as JSON objects, for the handlers of the root logger. */
    static final class JsonFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            return object(r.getInstant(), r.getLevel(), r.getLoggerName(), formatMessage(r), null, r.getThrown()) + System.lineSeparator();
        }
    }
}
