package io.peercart.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.peercart.core.Code;
import java.io.IOException;
import java.util.stream.Collectors;

/** Strict JSON for requests (no type coercion), compact JSON for answers. */
public final class Json {
    public static final ObjectMapper MAPPER = mapper();

    private Json() {}

    private static ObjectMapper mapper() {
        // shared buffer recycling: thread-local pools are useless when every request is a new virtual thread
        ObjectMapper m = new ObjectMapper(JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build());
        m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        m.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
        m.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        for (LogicalType t : new LogicalType[]{LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Textual}) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.Integer, t == LogicalType.Integer || t == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail);
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.Float, t == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail);
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.Boolean, t == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail);
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        return m;
    }

    /** Parses a request body; malformed JSON is 400, a wrong shape or type is 422 naming the field. */
    /**
     * One reader per request type: {@code readValue(bytes, Class)} resolved the type and looked its
     * deserializer up on every call (a fifth of the order path's parsing time in a profile).
     */
    private static final java.util.concurrent.ConcurrentHashMap<Class<?>, com.fasterxml.jackson.databind.ObjectReader> READERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    public static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) throw new ApiException(Code.MALFORMED_JSON, "a JSON object body is required");
        try {
            T value = READERS.computeIfAbsent(type, MAPPER::readerFor).readValue(body);
            if (value == null) throw new ApiException(Code.VALIDATION_FAILED, "a JSON object body is required");
            return value;
        } catch (JsonParseException e) {
            throw new ApiException(Code.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage());
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String what = e.getOriginalMessage();
            int cut = what.indexOf('\n');
            if (cut > 0) what = what.substring(0, cut);
            if (what.length() > 200) what = what.substring(0, 200);
            throw new ApiException(Code.VALIDATION_FAILED, (path.isEmpty() ? "body" : path) + ": wrong type or value (" + what + ")");
        } catch (IOException e) {
            throw new ApiException(Code.MALFORMED_JSON, "unreadable body");
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
