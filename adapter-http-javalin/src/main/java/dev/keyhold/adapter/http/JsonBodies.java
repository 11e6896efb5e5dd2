package dev.keyhold.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.error.ValidationException.Violation;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads request bodies: enforces the size limit and the media type, then binds a JSON object to a request record
 * (of strings, booleans, integers and lists of strings), reporting every unknown, mistyped and missing field at once as
 * a {@link ValidationException}.
 */
final class JsonBodies {

  private static final Logger LOG = LoggerFactory.getLogger(JsonBodies.class);
  private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  private final ObjectMapper mapper;
  private final int maxBodyBytes;

  JsonBodies(ObjectMapper mapper, int maxBodyBytes) {
    this.mapper = mapper;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Strict: snake_case names, no unknown fields, no duplicate keys, no trailing tokens, no scalar coercion. */
  static ObjectMapper strictMapper() {
    ObjectMapper mapper = JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper;
  }

  /** The JSON object in an {@code application/json} body, bound to {@code type}. */
  <R extends Record> R read(Context ctx, Class<R> type) {
    requireJson(ctx);
    return bind(bytes(ctx), type);
  }

  /** As {@link #read}, for a body the caller has read already with {@link #bytes}. */
  <R extends Record> R read(Context ctx, byte[] body, Class<R> type) {
    requireJson(ctx);
    return bind(body, type);
  }

  private <R extends Record> R bind(byte[] body, Class<R> type) {
    JsonNode node = checkedObject(body, type);
    try {
      return mapper.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      // check() accepted it, so the record and the mapper disagree: a bug here, not bad input
      throw new IllegalStateException("cannot bind a checked body to " + type.getSimpleName(), e);
    }
  }

  /**
   * For actions without parameters: accepts no body at all, or an {@code application/json} empty object, and refuses
   * a body with anything in it as {@link #read} would.
   */
  void readNothing(Context ctx) {
    byte[] body = bytes(ctx);
    if (body.length > 0) {
      requireJson(ctx);
      checkedObject(body, NoFields.class);
    }
  }

  private record NoFields() {}

  private static void requireJson(Context ctx) {
    if (!MediaTypes.matches(ctx.header("Content-Type"), "application/json")) {
      throw HttpProblem.unsupportedMediaType("application/json");
    }
  }

  private JsonNode checkedObject(byte[] body, Class<? extends Record> type) {
    if (!UnicodeText.isUtf8(body)) {
      throw new HttpProblem(TransportCode.MALFORMED_JSON, "The request body must be UTF-8.");
    }
    JsonNode node;
    try {
      node = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw HttpProblem.malformedJson();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (node == null || !node.isObject()) {
      throw HttpProblem.malformedJson();
    }
    requireUnicode(node);
    check(node, type);
    return node;
  }

  /**
   * The raw body, at most {@code maxBodyBytes} long, whether or not the client declared a Content-Length. A body the
   * client's framing makes unreadable (a chunk size that is no number, a connection closed before the declared
   * length or the last chunk) is the client's fault: {@link HttpProblem#malformedBody()}, a 400, logged at debug.
   */
  byte[] bytes(Context ctx) {
    if (ctx.req().getContentLengthLong() > maxBodyBytes) {
      throw RequestScope.tooLarge(ctx, maxBodyBytes);
    }
    try {
      InputStream in = ctx.req().getInputStream();
      byte[] body = in.readNBytes(maxBodyBytes + 1);
      if (body.length > maxBodyBytes) {
        throw RequestScope.tooLarge(ctx, maxBodyBytes);
      }
      return body;
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("Could not read a request body: {}", e.toString());
      throw HttpProblem.malformedBody();
    }
  }

  /**
   * Refuses text that is not Unicode: Jackson turns a JSON escape such as {@code "\\ud800"} (and a surrogate encoded
   * as UTF-8 bytes) into a lone UTF-16 surrogate, which every later encoding replaces with {@code ?}, so that the
   * password or the address stored would not be the one sent. A field name that is no Unicode is malformed JSON; a
   * value is {@code invalid_text} on the top-level field that holds it.
   */
  private static void requireUnicode(JsonNode body) {
    List<Violation> violations = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!UnicodeText.isWellFormed(field.getKey())) {
        throw HttpProblem.malformedJson();
      }
      if (!isWellFormed(field.getValue())) {
        violations.add(new Violation(field.getKey(), "invalid_text", "Must be valid Unicode text."));
      }
    }
    if (!violations.isEmpty()) {
      throw new ValidationException(violations);
    }
  }

  private static boolean isWellFormed(JsonNode node) {
    if (node.isTextual()) {
      return UnicodeText.isWellFormed(node.textValue());
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!UnicodeText.isWellFormed(field.getKey()) || !isWellFormed(field.getValue())) {
        return false;
      }
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        if (!isWellFormed(element)) {
          return false;
        }
      }
    }
    return true;
  }

  private static void check(JsonNode body, Class<? extends Record> type) {
    Map<String, RecordComponent> fields = new LinkedHashMap<>();
    for (RecordComponent component : type.getRecordComponents()) {
      fields.put(SNAKE_CASE.translate(component.getName()), component);
    }
    List<Violation> violations = new ArrayList<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.containsKey(name)) {
        violations.add(new Violation(name, "unknown_field", "This field is not accepted here."));
      }
    }
    fields.forEach((name, component) -> {
      JsonNode value = body.get(name);
      if (value == null || value.isNull()) {
        boolean allowed = component.isAnnotationPresent(OptionalField.class)
            || value != null && component.isAnnotationPresent(NullableField.class);
        if (!allowed) {
          violations.add(new Violation(name, "required", "This field is required."));
        }
      } else if (!hasType(value, component)) {
        violations.add(new Violation(name, "invalid_type", "Must be " + typeName(component.getType()) + "."));
      }
    });
    if (!violations.isEmpty()) {
      throw new ValidationException(violations);
    }
  }

  private static boolean hasType(JsonNode value, RecordComponent component) {
    Class<?> type = component.getType();
    if (type == List.class) {
      requireListOfStrings(component);
      if (!value.isArray()) {
        return false;
      }
      for (JsonNode element : value) {
        if (!element.isTextual()) {
          return false;
        }
      }
      return true;
    }
    if (type == String.class) {
      return value.isTextual();
    }
    if (type == boolean.class || type == Boolean.class) {
      return value.isBoolean();
    }
    if (type == int.class || type == Integer.class) {
      return value.isInt();
    }
    if (type == long.class || type == Long.class) {
      return value.isIntegralNumber() && value.canConvertToLong();
    }
    throw new IllegalStateException(
        "request records may only hold strings, booleans, integers and lists of strings: " + type);
  }

  private static void requireListOfStrings(RecordComponent component) {
    Type generic = component.getGenericType();
    if (!(generic instanceof ParameterizedType parameterized)
        || parameterized.getActualTypeArguments()[0] != String.class) {
      throw new IllegalStateException("request records may only hold lists of strings: " + generic);
    }
  }

  private static String typeName(Class<?> type) {
    if (type == List.class) {
      return "an array of strings";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    return "an integer";
  }
}
