package io.peercart.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.peercart.core.Code;
import io.peercart.core.Suggest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Strict JSON for requests (no type coercion, no unknown fields), compact JSON for answers. */
public final class Json {
    public static final ObjectMapper MAPPER = mapper();

    private Json() {}

    private static ObjectMapper mapper() {
        // shared buffer recycling: thread-local pools are useless when every request is a new virtual thread
        ObjectMapper m = new ObjectMapper(JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build());
        // strict input: a misspelt field must not silently take its default (UNKNOWN_FIELD, see read)
        m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        m.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
        m.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        m.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("peercart-text").addDeserializer(String.class, new CleanText()));
        for (LogicalType t : new LogicalType[]{LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Textual}) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.Integer, t == LogicalType.Integer || t == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail);
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.Float, t == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail);
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.Boolean, t == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail);
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        return m;
    }

    /**
     * Text as people write it: no control characters but tab and line breaks, no unpaired
     * surrogate. A NUL or a bidi override in a name or an id is never meant, and would reach
     * logs, CSV exports and other systems as is.
     */
    static final class CleanText extends com.fasterxml.jackson.databind.deser.std.StringDeserializer {
        @Override
        public String deserialize(JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctxt) throws IOException {
            String s = super.deserialize(p, ctxt);
            if (s != null && !clean(s)) throw ctxt.weirdStringException(s, String.class, "control characters are not allowed");
            return s;
        }

        static boolean clean(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 ? c != '\t' && c != '\n' && c != '\r' : c == 0x7f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return false;
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
                    i++;
                } else if (Character.isLowSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * One reader per request type: {@code readValue(bytes, Class)} resolved the type and looked its
     * deserializer up on every call (a fifth of the order path's parsing time in a profile).
     */
    private static final java.util.concurrent.ConcurrentHashMap<Class<?>, com.fasterxml.jackson.databind.ObjectReader> READERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Parses a request body; malformed JSON is 400, an unknown field 422 UNKNOWN_FIELD, a wrong
     * shape or type 422 VALIDATION_FAILED naming the field. Parsing happens before any state is
     * touched (and before the idempotency layer), so a refused body changes nothing. The details
     * are written here, in merchant words: no library message ever reaches the caller.
     */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) throw new ApiException(Code.MALFORMED_JSON, "a JSON object body is required");
        try {
            T value = READERS.computeIfAbsent(type, MAPPER::readerFor).readValue(body);
            if (value == null) throw new ApiException(Code.VALIDATION_FAILED, "a JSON object body is required");
            return value;
        } catch (JsonParseException e) {
            throw malformed(e);
        } catch (UnrecognizedPropertyException e) {
            wellFormed(body);
            throw new ApiException(Code.UNKNOWN_FIELD, unknownField(e));
        } catch (JsonMappingException e) {
            wellFormed(body);
            throw new ApiException(Code.VALIDATION_FAILED, wrongValue(e, type));
        } catch (StreamConstraintsException e) {
            throw new ApiException(Code.MALFORMED_JSON, "JSON nested more than 64 deep, or a string over 1 MiB");
        } catch (IOException e) {
            throw new ApiException(Code.MALFORMED_JSON, "unreadable body");
        }
    }

    /**
     * Binding stops at the first unknown or wrong field, before the parser has seen the rest: a body
     * that is not JSON at all is 400 MALFORMED_JSON, not a complaint about one of its fields. Only
     * on the error path, so the accepted body is parsed once.
     */
    private static void wellFormed(byte[] body) {
        try (JsonParser p = MAPPER.getFactory().createParser(body)) {
            while (p.nextToken() != null) p.skipChildren();
        } catch (JsonParseException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new ApiException(Code.MALFORMED_JSON, "JSON nested more than 64 deep, or a string over 1 MiB");
        }
    }

    private static ApiException malformed(JsonParseException e) {
        var at = e.getLocation();
        return new ApiException(Code.MALFORMED_JSON, at == null || at.getLineNr() < 1 ? "malformed JSON"
                : "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr());
    }

    /** {@code items[0].grouPrice: unknown field; did you mean items[0].groupPrice?} */
    private static String unknownField(UnrecognizedPropertyException e) {
        String path = path(e);
        String name = e.getPropertyName();
        String prefix = path.endsWith(name) ? path.substring(0, path.length() - name.length()) : "";
        List<String> known = new ArrayList<>();
        if (e.getKnownPropertyIds() != null) for (Object k : e.getKnownPropertyIds()) known.add(String.valueOf(k));
        return Suggest.unknownField(path.isEmpty() ? name : path, prefix, name, known);
    }

    /** {@code items[0].price: a whole number of fen}: the field and what it takes, never the library's words. */
    private static String wrongValue(JsonMappingException e, Class<?> request) {
        String path = path(e);
        if (path.isEmpty()) return "body: a JSON object";
        if (e instanceof MismatchedInputException m && m.getTargetType() != null)
            return path + ": " + expected(path, m.getTargetType(), request.getPackageName().endsWith(".points"));
        return path + ": not a valid value";
    }

    /**
     * What a field of this type takes, as a merchant would say it. Amounts are fen, except in the
     * points ledger's requests ({@code pointsLedger}) and in fields named for points.
     */
    static String expected(String path, Class<?> target, boolean pointsLedger) {
        String field = path.substring(path.lastIndexOf('.') + 1);
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class
                || target == Short.class || target == short.class) {
            if (pointsLedger || field.toLowerCase(java.util.Locale.ROOT).contains("points")) return "a whole number of points";
            if (field.endsWith("Price") || field.equals("price") || field.endsWith("Fen") || field.equals("amount"))
                return "a whole number of fen";
            return "a whole number";
        }
        if (target == Boolean.class || target == boolean.class) return "true or false";
        if (target == String.class) return field.endsWith("At") ? "an ISO-8601 instant such as 2026-11-11T00:00:00Z" : "text";
        if (target == java.time.Instant.class || target == java.time.OffsetDateTime.class)
            return "an ISO-8601 instant such as 2026-11-11T00:00:00Z";
        if (java.util.Collection.class.isAssignableFrom(target) || target.isArray()) return "a list";
        if (Number.class.isAssignableFrom(target) || target.isPrimitive()) return "a number";
        if (target.isEnum()) return "one of " + Arrays.stream(target.getEnumConstants()).map(String::valueOf).toList();
        return "an object";
    }

    /** The JSON path of the failure: {@code items[0].price}. */
    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
