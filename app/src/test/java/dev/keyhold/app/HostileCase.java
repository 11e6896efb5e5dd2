package dev.keyhold.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * One hostile request for one operation of the OpenAPI document: a request built from the operation's parameters and
 * request schema as a well-behaved client would send it, then broken in one way ({@link Breakage}). Values that only
 * the running world knows (the signed-in user's id and tokens) are written as placeholders ({@link World#render})
 * so that a case is the same whenever it is replayed. All text is held as ISO-8859-1 strings of the bytes to send,
 * so that a case can carry bytes that are not UTF-8.
 */
final class HostileCase {

  /** Who the request claims to come from, before any breakage of the token. */
  enum Caller { ANONYMOUS, USER, ADMIN }

  /** The one way the generated request is broken. */
  enum Breakage {
    /** The request as generated: valid, or as close as random values get. */
    NONE,
    WRONG_TYPE, MISSING_FIELD, EXTRA_FIELD, NULL_FIELD, HUGE_STRING, HUGE_ARRAY, DEEP_NESTING, INVALID_UTF8,
    UNUSUAL_UNICODE, NUMBER_OUT_OF_RANGE, NOT_AN_OBJECT, BROKEN_JSON, EMPTY_BODY, DUPLICATE_KEYS, OVERSIZED_BODY,
    UNEXPECTED_BODY,
    NO_CONTENT_TYPE, WRONG_CONTENT_TYPE, DUPLICATE_CONTENT_TYPE, DUPLICATE_AUTHORIZATION, OVERSIZED_HEADER,
    MANY_HEADERS, ODD_HEADERS,
    DUPLICATE_CONTENT_LENGTH, SHORT_BODY, BAD_CHUNKS, TRUNCATED_CHUNKS, LENGTH_AND_CHUNKED,
    MALFORMED_ID, MALFORMED_PATH, JUNK_QUERY, MALFORMED_CURSOR, HUGE_URI, WRONG_METHOD,
    GARBAGE_TOKEN, TRUNCATED_TOKEN, TAMPERED_TOKEN, GARBAGE_REFRESH_TOKEN
  }

  static final String PLACEHOLDER = "\u0001";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String FORM = "application/x-www-form-urlencoded";

  final OpenApiRoutes.Operation operation;
  final Caller caller;
  final Breakage breakage;
  private final Random random;
  private final OpenApiRoutes routes;

  String method;
  String path;
  final List<String[]> query = new ArrayList<>();
  final List<String[]> headers = new ArrayList<>();
  /** The body as JSON or form fields, until it is broken into bytes. */
  ObjectNode fields;
  /** The body's bytes (ISO-8859-1), once written or broken; null for no body. */
  String body;
  String contentType;
  /** How the body is framed: {@code length}, {@code chunked}, or one of the lies. */
  String framing = "length";
  private String detail = "";

  private HostileCase(OpenApiRoutes.Operation operation, Caller caller, Breakage breakage, long seed,
      OpenApiRoutes routes) {
    this.operation = operation;
    this.caller = caller;
    this.breakage = breakage;
    this.random = new Random(seed);
    this.routes = routes;
  }

  static HostileCase of(OpenApiRoutes.Operation operation, Caller caller, Breakage breakage, long seed,
      OpenApiRoutes routes) {
    HostileCase c = new HostileCase(operation, caller, breakage, seed, routes);
    c.generate();
    c.breakIt();
    c.finish();
    return c;
  }

  /** Whether the answer concerns the token endpoint, whose errors are RFC 6749 JSON. */
  boolean isTokenEndpoint() {
    return operation.path().equals("/api/v1/token");
  }

  /** Whether the request carried a token that identifies a signed-in caller, unbroken. */
  boolean sendsValidToken() {
    return caller != Caller.ANONYMOUS && breakage != Breakage.GARBAGE_TOKEN && breakage != Breakage.TRUNCATED_TOKEN
        && breakage != Breakage.TAMPERED_TOKEN && breakage != Breakage.DUPLICATE_AUTHORIZATION;
  }

  @Override
  public String toString() {
    String shown = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "...(" + body.length() + ")" : body;
    String target = path.length() > 200 ? path.substring(0, 200) + "..." : path;
    return operation.key() + " as " + caller + " broken by " + breakage + " " + detail + ": " + method + " " + target
        + query() + " " + headersShown() + " " + shown.replace(PLACEHOLDER, "$");
  }

  private String headersShown() {
    StringBuilder shown = new StringBuilder();
    for (String[] header : headers) {
      String value = header[1].length() > 80 ? header[1].substring(0, 80) + "...(" + header[1].length() + ")" : header[1];
      shown.append('[').append(header[0]).append(": ").append(value.replace(PLACEHOLDER, "$")).append(']');
    }
    return shown.toString();
  }

  /** The request target: path and query. */
  String target() {
    return path + query();
  }

  private String query() {
    if (query.isEmpty()) {
      return "";
    }
    StringBuilder q = new StringBuilder("?");
    for (String[] pair : query) {
      if (q.length() > 1) {
        q.append('&');
      }
      q.append(pair[0]).append(pair[1] == null ? "" : "=" + pair[1]);
    }
    return q.toString();
  }

  // ---- a well-behaved request ----

  private void generate() {
    method = operation.method();
    StringBuilder p = new StringBuilder();
    for (String segment : operation.path().split("/", -1)) {
      if (p.length() > 0 || !segment.isEmpty()) {
        p.append('/');
      }
      if (segment.startsWith("{")) {
        String name = segment.substring(1, segment.length() - 1);
        OpenApiRoutes.Parameter parameter = operation.in("path").stream().filter(x -> x.name().equals(name))
            .findFirst().orElseThrow(() -> new IllegalStateException(operation + " does not declare " + name));
        p.append(encode(text(parameter.schema(), name)));
      } else {
        p.append(segment);
      }
    }
    path = p.toString();
    for (OpenApiRoutes.Parameter parameter : operation.in("query")) {
      if (parameter.required() || random.nextBoolean()) {
        query.add(new String[] {parameter.name(), encode(text(parameter.schema(), parameter.name()))});
      }
    }
    if (caller == Caller.USER) {
      headers.add(new String[] {"Authorization", "Bearer " + PLACEHOLDER + "USER_TOKEN" + PLACEHOLDER});
    } else if (caller == Caller.ADMIN) {
      headers.add(new String[] {"Authorization", "Bearer " + PLACEHOLDER + "ADMIN_TOKEN" + PLACEHOLDER});
    }
    operation.body().ifPresent(b -> {
      contentType = b.mediaType();
      fields = (ObjectNode) value(b.schema(), "body", 0);
      if (!b.required() && random.nextInt(4) == 0) {
        fields = null;
        contentType = null;
      }
    });
  }

  /** A value of {@code schema}, as a client that read the document would send it. */
  private JsonNode value(JsonNode schema, String name, int depth) {
    schema = routes.resolve(schema);
    for (String alternatives : List.of("oneOf", "anyOf")) {
      if (schema.has(alternatives)) {
        return value(schema.get(alternatives).get(random.nextInt(schema.get(alternatives).size())), name, depth);
      }
    }
    String type = type(schema);
    switch (type) {
      case "object": {
        ObjectNode object = NODES.objectNode();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> property = it.next();
          if (required.contains(property.getKey()) || random.nextBoolean()) {
            object.set(property.getKey(), value(property.getValue(), property.getKey(), depth + 1));
          }
        }
        return object;
      }
      case "array": {
        ArrayNode array = NODES.arrayNode();
        int n = random.nextInt(3);
        for (int i = 0; i < n && depth < 5; i++) {
          array.add(value(schema.path("items"), name, depth + 1));
        }
        return array;
      }
      case "integer": {
        long min = schema.path("minimum").asLong(0);
        long max = schema.path("maximum").asLong(min + 100);
        return NODES.numberNode(min + (long) (random.nextDouble() * (max - min + 1)));
      }
      case "number":
        return NODES.numberNode(random.nextDouble() * 100);
      case "boolean":
        return NODES.booleanNode(random.nextBoolean());
      case "null":
        return NODES.nullNode();
      default:
        return NODES.textNode(text(schema, name));
    }
  }

  private String type(JsonNode schema) {
    JsonNode type = schema.path("type");
    if (type.isArray()) {
      List<String> types = new ArrayList<>();
      type.forEach(t -> types.add(t.asText()));
      return random.nextInt(8) == 0 && types.contains("null") ? "null" : types.get(0);
    }
    return type.isMissingNode() ? (schema.has("properties") ? "object" : "string") : type.asText();
  }

  /** A string for {@code schema}: an id of the world's, a token cut from the world's, or random text of its shape. */
  private String text(JsonNode schema, String name) {
    if (schema.has("enum")) {
      return schema.get("enum").get(random.nextInt(schema.get("enum").size())).asText();
    }
    if (schema.has("const")) {
      return schema.get("const").asText();
    }
    String format = schema.path("format").asText();
    switch (format) {
      case "uuid":
        int pick = random.nextInt(5);
        return pick < 2 ? PLACEHOLDER + "USER_ID" + PLACEHOLDER
            : pick < 4 ? PLACEHOLDER + "ORG_ID" + PLACEHOLDER : UUID.randomUUID().toString();
      case "email":
        return "fuzz" + random.nextInt(1_000_000) + "@example.com";
      case "date-time":
        return Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000)).toString();
      case "uri":
        return "http://localhost:3000/cb";
      default:
        break;
    }
    if (name.equals("refresh_token")) {
      return PLACEHOLDER + "REFRESH_CUT:" + random.nextInt(60) + PLACEHOLDER;
    }
    if (name.contains("password")) {
      return "pass-" + alphanumeric(10 + random.nextInt(10));
    }
    if (name.equals("code")) {
      return String.format("%06d", random.nextInt(1_000_000));
    }
    int min = schema.path("minLength").asInt(1);
    // now and then longer than a client would type, up to past the longest a field may be
    int cap = random.nextInt(10) == 0 ? 300 : 24;
    int max = Math.max(min, Math.min(schema.path("maxLength").asInt(cap) + (cap > 24 ? 2 : 0), cap));
    String text = alphanumeric(min + random.nextInt(max - min + 1)).toLowerCase(java.util.Locale.ROOT);
    return name.equals("slug") || name.equals("name") ? "f" + text.substring(Math.min(1, text.length())) : text;
  }

  private String alphanumeric(int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static String encode(String value) {
    if (value.contains(PLACEHOLDER)) {
      return value;
    }
    return latin1(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
  }

  /** The UTF-8 bytes of {@code text} as an ISO-8859-1 string. */
  static String latin1(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  // ---- breaking it ----

  private static final List<String> ODD_TEXTS = List.of("\\ud800", "\\udfff", "a\\ud800b", "\\udc00\\ud800",
      "\u200b", "\u202e", "\u00ad", "\ufeff", "\u2066x\u2069", "\u0645\u0631\u062d\u0628\u0627", "\ud83d\ude00",
      "\\u0000", "a\\u0000b", "\uffff", "\ufffe", "e\u0301\u0301\u0301", "\u0000", "\u001f", "\u007f", "\u0085",
      "\u2028", "\ud83d\udc69\u200d\ud83d\udcbb", "\ufdd0", "\\u200b", "\\u202e", "\\ud83d\\ude00");
  private static final List<String> BAD_UTF8 = List.of("\u00c3\u0028", "\u00ff", "\u00ed\u00a0\u0080",
      "\u00c0\u00af", "\u00e2\u0082", "\u00f0\u0090\u0080", "\u00f8\u0088\u0080\u0080\u0080", "\u0080", "\u00fe\u00ff");
  private static final List<String> BAD_IDS = List.of("123", "not-a-uuid", "..", "%2e%2e", "%00", "%ff", "%zz",
      "%2F", "00000000-0000-0000-0000-00000000000g", "{00000000-0000-0000-0000-000000000000}",
      "00000000000000000000000000000000", "-1", "0", "%E2%80%AE", "%F0%9F%98%80", "null", "undefined", "a".repeat(5000),
      "00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "%C3%28", ";", "%3B", "%20",
      "x%0d%0aSet-Cookie:%20a=b", "\u00e9");
  private static final List<String> BAD_TOKENS = List.of("x", "a.b.c", "...", "eyJ", "eyJhbGciOiJub25lIn0.e30.",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "Bearer", "null", "\u00ff\u00fe", "%00", "a".repeat(7000),
      "eyJhbGciOiJSUzI1NiIsImtpZCI6Ii4uLy4uIn0.eyJzdWIiOiIuLi8ifQ.AAAA", "=====", "a b", "\u00c3\u0028");
  private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "multipart/form-data; "
      + "boundary=x", "application/json; charset=utf-16", "application/json; charset=iso-8859-1", FORM,
      "application/jsonx", "json", "", "application/json; charset=\"", "*/*", "application/problem+json",
      "application/json, text/plain", "\u00ff/\u00fe", "application/octet-stream", "APPLICATION/JSON; boundary=");

  private void breakIt() {
    switch (breakage) {
      case NONE:
        break;
      case WRONG_TYPE:
        replaceField(pick(List.of(NODES.numberNode(123), NODES.booleanNode(true), NODES.arrayNode(), NODES.objectNode(),
            NODES.textNode("text"), NODES.numberNode(1.5), NODES.arrayNode().add("a").add(1))));
        break;
      case MISSING_FIELD:
        if (fields != null && fields.size() > 0) {
          String name = fieldName();
          fields.remove(name);
          detail = "without " + name;
        } else {
          fields = NODES.objectNode();
        }
        break;
      case EXTRA_FIELD:
        ensureFields();
        fields.set(pick(List.of("extra", "admin", "roles", "__proto__", "constructor", "id", "email_verified", "$ref",
            "", " ", "\u00e9", "a".repeat(300))), pick(List.of(NODES.textNode("x"), NODES.booleanNode(true),
            NODES.numberNode(1), NODES.nullNode(), NODES.objectNode())));
        break;
      case NULL_FIELD:
        replaceField(NODES.nullNode());
        break;
      case HUGE_STRING:
        replaceField(NODES.textNode("a".repeat(pick(List.of(257, 1_000, 5_000, 40_000, 65_000)))));
        break;
      case HUGE_ARRAY: {
        ArrayNode array = NODES.arrayNode();
        int n = pick(List.of(1_000, 10_000, 30_000));
        for (int i = 0; i < n; i++) {
          array.add(i % 10);
        }
        replaceField(array);
        break;
      }
      case DEEP_NESTING:
        writeFields();
        int depth = pick(List.of(200, 1_001, 5_000, 20_000));
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String nested = open.repeat(depth) + "1" + (open.equals("[") ? "]" : "}").repeat(depth);
        body = body == null || body.length() < 2 || !body.startsWith("{") ? nested
            : "{\"" + (fields.size() > 0 ? fieldName() : "a") + "\":" + nested + "," + body.substring(1);
        detail = "depth " + depth;
        break;
      case INVALID_UTF8:
        insertIntoString(pick(BAD_UTF8), true);
        break;
      case UNUSUAL_UNICODE:
        insertIntoString(pick(ODD_TEXTS), false);
        break;
      case NUMBER_OUT_OF_RANGE: {
        writeFields();
        String number = pick(List.of("1e400", "-1e400", "9223372036854775808", "-9223372036854775809",
            "99999999999999999999999999999999", "-1", "0", "1.5", "-0", "NaN", "Infinity", "0x10", "1e999999999",
            "2147483648", "1".repeat(2000), "0." + "0".repeat(2000) + "1", "01"));
        String name = fields != null && fields.size() > 0 ? fieldName() : "limit";
        replaceFieldRaw(name, number);
        detail = name + "=" + (number.length() > 30 ? number.substring(0, 30) + "..." : number);
        break;
      }
      case NOT_AN_OBJECT:
        body = pick(List.of("[]", "\"text\"", "1", "null", "true", "[{}]", "-", "{}{}", "[{\"email\":\"a@b.c\"}]"));
        break;
      case BROKEN_JSON:
        writeFields();
        String whole = body == null ? "{\"a\":1}" : body;
        body = pick(List.of(whole.substring(0, random.nextInt(Math.max(1, whole.length()))), whole + "}",
            whole + "garbage", "{'a':1}", "{a:1}", "/*x*/" + whole, whole.replace("\"", "'"), "{\"a\":1,}",
            "\u00ef\u00bb\u00bf" + whole, whole.replace(":", " : ").replace(",", ",\n"), "{\"a\" 1}", ""));
        break;
      case EMPTY_BODY:
        body = "";
        if (contentType == null) {
          contentType = "application/json";
        }
        break;
      case DUPLICATE_KEYS:
        writeFields();
        if (body != null && body.length() > 2 && fields.size() > 0) {
          String name = fieldName();
          body = "{\"" + name + "\":\"first\"," + body.substring(1);
        } else {
          body = "{\"a\":1,\"a\":2}";
        }
        break;
      case OVERSIZED_BODY:
        writeFields();
        body = "{\"pad\":\"" + "p".repeat(pick(List.of(65_537, 70_000, 300_000))) + "\"}";
        if (contentType == null) {
          contentType = "application/json";
        }
        break;
      case UNEXPECTED_BODY:
        body = pick(List.of("{\"a\":1}", "{}", "garbage", "[]", "a=b"));
        contentType = pick(List.of("application/json", FORM, "text/plain"));
        break;
      case NO_CONTENT_TYPE:
        writeFields();
        if (body == null) {
          body = "{}";
        }
        contentType = null;
        break;
      case WRONG_CONTENT_TYPE:
        writeFields();
        if (body == null) {
          body = "{}";
        }
        contentType = pick(CONTENT_TYPES);
        break;
      case DUPLICATE_CONTENT_TYPE:
        writeFields();
        if (body == null) {
          body = "{}";
        }
        headers.add(new String[] {"Content-Type", pick(CONTENT_TYPES)});
        break;
      case DUPLICATE_AUTHORIZATION:
        headers.add(new String[] {"Authorization", pick(List.of("Bearer " + PLACEHOLDER + "USER_TOKEN" + PLACEHOLDER,
            "Bearer " + PLACEHOLDER + "ADMIN_TOKEN" + PLACEHOLDER, "Bearer x", "Basic YTpi", ""))});
        break;
      case OVERSIZED_HEADER:
        headers.add(new String[] {pick(List.of("X-Filler", "Authorization", "Cookie", "User-Agent", "X-Request-Id")),
            pick(List.of("Bearer ", "", "a=")) + "a".repeat(pick(List.of(9_000, 20_000, 70_000)))});
        break;
      case MANY_HEADERS:
        int n = pick(List.of(100, 300, 1_000));
        for (int i = 0; i < n; i++) {
          headers.add(new String[] {"X-H" + (random.nextBoolean() ? i : 0), "v" + i});
        }
        break;
      case ODD_HEADERS:
        headers.add(pick(List.of(new String[] {"X-Request-Id", pick(List.of("a".repeat(500), "\u00ff\u00fe", "<script>",
                "a b c", "", "\u00e2\u0080\u00ae"))},
            new String[] {"X-Forwarded-For", pick(List.of("garbage", "1.2.3.4, ::1, x", "999.999.999.999", "",
                "[::1]:80", "unknown"))},
            new String[] {"Origin", pick(List.of("null", "http://evil.example", "\u00ff"))},
            new String[] {"Cookie", pick(List.of("keyhold_refresh=garbage", "keyhold_refresh=" + PLACEHOLDER
                + "REFRESH_CUT:20" + PLACEHOLDER, "a", ";;;=;", "\u00ff=\u00fe"))},
            new String[] {"X-Keyhold-Refresh-Cookie", pick(List.of("1", "0", "yes", ""))},
            new String[] {"Accept", pick(List.of("text/html", "application/xml", "*/*;q=x", ""))},
            new String[] {"Accept-Encoding", pick(List.of("gzip", "br;q=2", "identity;q=0, *;q=0"))},
            new String[] {"Expect", pick(List.of("100-continue", "garbage"))},
            new String[] {"Host", pick(List.of("", "evil.example", "\u00ff", "a:b:c"))},
            new String[] {"Content-Encoding", pick(List.of("gzip", "br", "garbage"))},
            new String[] {"Range", "bytes=0-1"},
            new String[] {"If-None-Match", "*"},
            new String[] {"Transfer-Encoding", pick(List.of("identity", "gzip", "garbage"))},
            new String[] {"Connection", pick(List.of("Upgrade", "keep-alive, Upgrade"))})));
        break;
      case DUPLICATE_CONTENT_LENGTH:
        writeFields();
        framing = "duplicate-length";
        break;
      case SHORT_BODY:
        writeFields();
        if (body == null) {
          body = "{}";
        }
        framing = "short";
        break;
      case BAD_CHUNKS:
        writeFields();
        framing = pick(List.of("chunked-zz", "chunked-huge", "chunked-negative"));
        break;
      case TRUNCATED_CHUNKS:
        writeFields();
        if (body == null) {
          body = "{}";
        }
        framing = "chunked-truncated";
        break;
      case LENGTH_AND_CHUNKED:
        writeFields();
        framing = "length-and-chunked";
        break;
      case MALFORMED_ID:
        String[] segments = path.split("/", -1);
        List<Integer> ids = new ArrayList<>();
        String[] template = operation.path().split("/", -1);
        for (int i = 0; i < template.length; i++) {
          if (template[i].startsWith("{")) {
            ids.add(i);
          }
        }
        int at = ids.isEmpty() ? segments.length - 1 : pick(ids);
        segments[at] = latin1(pick(BAD_IDS));
        path = String.join("/", segments);
        break;
      case MALFORMED_PATH:
        path = pick(List.of(path + "/", path + "//", path.replace("/api/v1/", "/api/v1//"),
            path.replace("/api/v1/", "/api/v1/./"), path.replace("/api/v1/", "/api/v2/../v1/"),
            path + ";jsessionid=x", path.toUpperCase(java.util.Locale.ROOT), path + "%00", path + "%",
            path + "/..", path.replace("/", "%2F"), path + "\u00ff", path + "#frag", "*", path + "/%2e%2e/%2e%2e/etc",
            "http://127.0.0.1" + path, path + "?", path + "?&&=&", "//" + path, path.replace("v1", "v%31")));
        break;
      case JUNK_QUERY:
        query.add(pick(List.of(new String[] {"unknown", "1"}, new String[] {"%zz", "1"}, new String[] {"a", "%zz"},
            new String[] {"limit", "%ff"}, new String[] {"", ""}, new String[] {"a", null},
            new String[] {"limit", "1e3"}, new String[] {"limit", "-1"}, new String[] {"limit", "99999999999999"},
            new String[] {"status", "\u00ff"}, new String[] {"from", "yesterday"}, new String[] {"cursor", "%00"},
            new String[] {"__proto__", "x"}, new String[] {"a".repeat(2000), "b"})));
        if (random.nextBoolean() && !query.isEmpty()) {
          query.add(query.get(0));
        }
        break;
      case MALFORMED_CURSOR:
        query.removeIf(q -> q[0].equals("cursor"));
        query.add(new String[] {"cursor", pick(List.of("garbage", "AAAA", "%00", "eyJhIjoxfQ", "=====", "a".repeat(3000),
            "MjAyNi0wMS0wMVQwMDowMDowMFp8MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw", "-1", "%ff%fe",
            "eyJ0IjoiOTk5OTk5OTk5OTk5OTk5OTk5OTk5OTkiLCJpZCI6IngifQ", "LS0tLS0", "%E2%80%AE"))});
        break;
      case HUGE_URI:
        query.add(new String[] {"q", "a".repeat(pick(List.of(5_000, 9_000, 70_000)))});
        break;
      case WRONG_METHOD:
        method = pick(List.of("PUT", "PATCH", "DELETE", "POST", "GET", "OPTIONS", "TRACE", "FOO", "HEAD", "get",
            "CONNECT", "PROPFIND", "M-SEARCH"));
        break;
      case GARBAGE_TOKEN:
        headers.removeIf(h -> h[0].equals("Authorization"));
        headers.add(new String[] {"Authorization", pick(List.of("Bearer ", "", "bearer ", "BEARER ", "Bearer  ",
            "Token ", "Basic ", "Bearer x ")) + pick(BAD_TOKENS)});
        break;
      case TRUNCATED_TOKEN:
        headers.removeIf(h -> h[0].equals("Authorization"));
        headers.add(new String[] {"Authorization", "Bearer " + PLACEHOLDER + "ACCESS_CUT:" + random.nextInt(400)
            + PLACEHOLDER});
        break;
      case TAMPERED_TOKEN:
        headers.removeIf(h -> h[0].equals("Authorization"));
        headers.add(new String[] {"Authorization", "Bearer " + PLACEHOLDER + "ACCESS_TAMPER:" + random.nextInt(400)
            + PLACEHOLDER});
        break;
      case GARBAGE_REFRESH_TOKEN:
        String token = random.nextBoolean() ? PLACEHOLDER + "REFRESH_CUT:" + random.nextInt(60) + PLACEHOLDER
            : pick(BAD_TOKENS);
        ensureFields();
        fields.put(pick(List.of("refresh_token", "token", "mfa_token")), token);
        if (contentType == null) {
          contentType = "application/json";
        }
        break;
      default:
        throw new IllegalStateException("no breakage " + breakage);
    }
  }

  private void ensureFields() {
    if (fields == null) {
      fields = NODES.objectNode();
      if (contentType == null) {
        contentType = "application/json";
      }
    }
  }

  private String fieldName() {
    List<String> names = new ArrayList<>();
    fields.fieldNames().forEachRemaining(names::add);
    return pick(names);
  }

  private void replaceField(JsonNode value) {
    ensureFields();
    String name = fields.size() > 0 ? fieldName() : "value";
    fields.set(name, value);
    detail = "field " + name;
  }

  /** Writes {@code raw} (not valid as a Jackson value) as field {@code name}'s value. */
  private void replaceFieldRaw(String name, String raw) {
    ensureFields();
    fields.put(name, PLACEHOLDER + "RAW" + PLACEHOLDER);
    writeFields();
    body = body.replace("\"" + PLACEHOLDER + "RAW" + PLACEHOLDER + "\"", raw);
  }

  /** Puts {@code inserted} (bytes, or JSON escapes when not {@code bytes}) inside a string field's value. */
  private void insertIntoString(String inserted, boolean bytes) {
    ensureFields();
    List<String> strings = new ArrayList<>();
    fields.fields().forEachRemaining(f -> {
      if (f.getValue().isTextual() && !f.getValue().asText().contains(PLACEHOLDER)) {
        strings.add(f.getKey());
      }
    });
    String name = strings.isEmpty() ? (fields.size() > 0 ? fieldName() : "value") : pick(strings);
    String original = fields.path(name).isTextual() ? fields.get(name).asText() : "x";
    int cut = random.nextInt(original.length() + 1);
    fields.put(name, PLACEHOLDER + "INSERT" + PLACEHOLDER);
    writeFields();
    String value = latin1(original.substring(0, cut)) + (bytes ? inserted : latin1(inserted))
        + latin1(original.substring(cut));
    body = body.replace(PLACEHOLDER + "INSERT" + PLACEHOLDER, value);
    detail = "field " + name;
  }

  /** Serialises the fields into {@link #body}, as JSON or a form. */
  private void writeFields() {
    if (body != null || fields == null) {
      return;
    }
    if (FORM.equals(operation.body().map(OpenApiRoutes.Body::mediaType).orElse(""))) {
      StringBuilder form = new StringBuilder();
      fields.fields().forEachRemaining(f -> {
        if (form.length() > 0) {
          form.append('&');
        }
        String value = f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString();
        form.append(encode(f.getKey())).append('=').append(value.contains(PLACEHOLDER) ? value : encode(value));
      });
      body = form.toString();
    } else {
      try {
        body = latin1(JSON.writeValueAsString(fields));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void finish() {
    writeFields();
    if (contentType != null) {
      headers.add(0, new String[] {"Content-Type", contentType});
    }
  }
}
