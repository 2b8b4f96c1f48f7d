package io.peercart.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * CSV answers, streamed: the routes that export (codes, orders) start one, write rows as they read
 * pages from the store, and close it; nothing holds the whole result. Fields are quoted per RFC 4180
 * where they need it, lines end in CRLF, and a field that starts with {@code = + - @} (or a tab or
 * carriage return) gets a leading {@code '} so that a spreadsheet shows it instead of running it as
 * a formula (buyer ids and reasons come from outside). Owned by one request's thread.
 */
public final class Csv implements AutoCloseable {
    public static final String MEDIA_TYPE = "text/csv";
    private static final char BOM = '\uFEFF';
    private static final int BUFFER_CHARS = 1 << 16;
    private final Writer out;

    private Csv(Writer out) {
        this.out = out;
    }

    /**
     * Whether the request asks for CSV: {@code ?format=csv} ({@code json} asks for JSON; anything
     * else is 422), else its {@code Accept} header, q-values honoured (see {@link #accepts}).
     */
    public static boolean wanted(ServerRequest req) {
        String format = Http.query(req, "format");
        if (format != null) {
            if (format.equals("csv")) return true;
            if (format.equals("json")) return false;
            throw new ApiException(Code.VALIDATION_FAILED, "format: csv or json");
        }
        return accepts(req);
    }

    /** Whether the request's {@code Accept} header prefers text/csv to application/json. */
    public static boolean accepts(ServerRequest req) {
        return req.headers().first(HeaderNames.ACCEPT).map(Csv::prefersCsv).orElse(false);
    }

    /**
     * Content negotiation between text/csv and application/json (RFC 9110 §12.5.1): each takes the
     * q of the most specific range that matches it ({@code text/csv} over {@code text/*} over
     * <code>*&#47;*</code>). CSV when its q is above zero and above JSON's, or equal to it and asked for
     * by name; so {@code text/csv;q=0, application/json} is JSON and
     * {@code text/csv;q=0.9, application/json;q=0.5} is CSV. A q that does not parse counts as 1.
     */
    static boolean prefersCsv(String accept) {
        double[] csv = {-1, -1, -1}; // q of text/csv, text/*, */*
        double json = -1;
        double jsonRange = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = quality(parts);
            switch (type) {
                case "text/csv" -> csv[0] = Math.max(csv[0], q);
                case "text/*" -> csv[1] = Math.max(csv[1], q);
                case "*/*" -> csv[2] = Math.max(csv[2], q);
                case "application/json" -> json = Math.max(json, q);
                case "application/*" -> jsonRange = Math.max(jsonRange, q);
                default -> { }
            }
        }
        double csvQ = csv[0] >= 0 ? csv[0] : csv[1] >= 0 ? csv[1] : csv[2];
        double jsonQ = json >= 0 ? json : jsonRange >= 0 ? jsonRange : csv[2];
        if (csvQ <= 0) return false;
        return csvQ > jsonQ || (csvQ == jsonQ && csv[0] > 0);
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                try {
                    double q = Double.parseDouble(p.substring(2).trim());
                    return q >= 0 && q <= 1 ? q : 1;
                } catch (NumberFormatException e) {
                    return 1;
                }
            }
        }
        return 1;
    }

    /**
     * Starts a 200 CSV answer, UTF-8, as an attachment named {@code filename}, with the header line.
     * {@code bom}: a byte-order mark first, so that Excel reads the file as UTF-8 (Chinese names).
     */
    public static Csv start(ServerResponse res, String filename, boolean bom, String... header) {
        res.status(Status.OK_200);
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, MEDIA_TYPE + "; charset=utf-8"));
        res.header(HeaderValues.create(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\""));
        Csv csv = new Csv(new BufferedWriter(new OutputStreamWriter(res.outputStream(), StandardCharsets.UTF_8), BUFFER_CHARS));
        try {
            if (bom) csv.out.write(BOM);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        csv.row((Object[]) header);
        return csv;
    }

    /** One line; a null cell is empty. */
    public void row(Object... cells) {
        try {
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) out.write(',');
                if (cells[i] != null) out.write(field(cells[i].toString()));
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A field as written: formula-guarded, then quoted (doubling quotes) if it holds a comma, quote, CR or LF. */
    static String field(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) v = "'" + v;
        boolean quote = false;
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
