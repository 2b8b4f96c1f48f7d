package io.peercart.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web pages' files (console, buyer pages), served from the jar's {@code /static/} so a user
 * needs nothing but the server. A name is served only if every segment is plain (letters, digits,
 * {@code - _ .}, not starting with a dot: no {@code ..}, however it was encoded) and its extension
 * has a known type; anything else is the same 404 problem as a missing file, so the answer tells
 * nothing about what else the jar holds.
 *
 * <p>Files are unversioned, so each answer carries a strong ETag and {@code Cache-Control:
 * no-cache}: the browser keeps its copy and revalidates it with a cheap 304, and a new release is
 * seen at the next load. The jar does not change while the server runs, so a file is read once.
 */
public final class Assets {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json",
            "woff2", "font/woff2");

    private record File(byte[] bytes, String type, String etag) {}

    private final String root;
    /** Only files found are kept: bounded by what the jar holds, whatever names are asked for. */
    private final Map<String, File> files = new ConcurrentHashMap<>();

    /** @param root the classpath folder, e.g. {@code /static} */
    public Assets(String root) {
        this.root = root;
    }

    /** Answers {@code name} (a path under the root, segments separated by {@code /}), or a 404 problem. */
    public void serve(ServerRequest req, ServerResponse res, String name) {
        File file = files.get(name);
        if (file == null) {
            file = load(name).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no such file"));
            files.put(name, file);
        }
        res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-cache"));
        res.header(HeaderValues.create(HeaderNames.ETAG, file.etag));
        res.header(HeaderValues.create(HeaderNames.create("X-Content-Type-Options"), "nosniff"));
        if (req.headers().value(HeaderNames.IF_NONE_MATCH).filter(file.etag::equals).isPresent()) {
            res.status(Status.NOT_MODIFIED_304);
            res.send();
            return;
        }
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, file.type));
        res.send(file.bytes);
    }

    /** True when {@code name} may name a file at all (see the class comment). */
    static boolean plain(String name) {
        if (name.isEmpty() || name.length() > 300) return false;
        for (String segment : name.split("/", -1)) if (!SEGMENT.matcher(segment).matches()) return false;
        return true;
    }

    private Optional<File> load(String name) {
        if (!plain(name)) return Optional.empty();
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        if (type == null || name.lastIndexOf('.') < 0) return Optional.empty();
        try (InputStream in = Assets.class.getResourceAsStream(root + "/" + name)) {
            if (in == null) return Optional.empty();
            byte[] bytes = in.readAllBytes();
            return Optional.of(new File(bytes, type, etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the jar", e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
