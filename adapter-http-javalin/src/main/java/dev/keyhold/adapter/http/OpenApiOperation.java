package dev.keyhold.adapter.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One operation of the OpenAPI document being written. Beside what a route declares itself (parameters, body,
 * successes, the problems of its use case), it adds what Keyhold's shared machinery answers on every route of a kind:
 * the authentication problems of bearer routes, the body problems of routes that read JSON, the 404 of malformed path
 * ids, the headers of 401, 429 and 503, {@code X-Request-Id} everywhere, and 500.
 */
final class OpenApiOperation {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String PROBLEM_JSON = ErrorResponses.PROBLEM_JSON;

  private final String method;
  private final String path;
  private final ObjectNode operation = JSON.objectNode();
  private final ArrayNode parameters = JSON.arrayNode();
  private final Map<Integer, ObjectNode> responses = new TreeMap<>();
  private final Map<Integer, Set<String>> problems = new TreeMap<>();
  private final Map<String, ObjectNode> successHeaders = new LinkedHashMap<>();

  OpenApiOperation(String method, String path, String operationId, String tag, String summary) {
    this.method = method;
    this.path = path;
    operation.putArray("tags").add(tag);
    operation.put("summary", summary);
    operation.put("operationId", operationId);
  }

  String method() {
    return method;
  }

  String path() {
    return path;
  }

  OpenApiOperation description(String text) {
    operation.put("description", text);
    return this;
  }

  /** Anyone may call it. */
  OpenApiOperation open() {
    operation.putArray("security");
    return this;
  }

  /** Needs an access token; without a valid one the answer is 401 whatever else is wrong. */
  OpenApiOperation bearer() {
    operation.putArray("security").addObject().putArray(OpenApiDocument.BEARER_AUTH);
    return problems("malformed_authorization", "missing_token", "invalid_token");
  }

  /** A path segment holding an id: anything but a canonical UUID names nothing, so it is a 404, never a 400. */
  OpenApiOperation pathId(String name, String description) {
    return pathParameter(name, OpenApiSchemas.uuid(description)).problems("not_found");
  }

  OpenApiOperation pathParameter(String name, ObjectNode schema) {
    ObjectNode parameter = parameters.addObject().put("name", name).put("in", "path").put("required", true);
    parameter.put("description", schema.path("description").asText());
    parameter.set("schema", schema);
    return this;
  }

  /** An optional query parameter; the route refuses unknown, repeated and malformed ones. */
  OpenApiOperation query(String name, ObjectNode schema) {
    ObjectNode parameter = parameters.addObject().put("name", name).put("in", "query").put("required", false);
    parameter.put("description", schema.path("description").asText());
    parameter.set("schema", schema);
    return problems("validation_failed");
  }

  /** An optional request header. */
  OpenApiOperation requestHeader(String name, ObjectNode schema) {
    ObjectNode parameter = parameters.addObject().put("name", name).put("in", "header").put("required", false);
    parameter.put("description", schema.path("description").asText());
    parameter.set("schema", schema);
    return this;
  }

  /** The JSON body, declared already, may be left out; {@code description} says when. */
  OpenApiOperation bodyOptional(String description) {
    ((ObjectNode) operation.get("requestBody")).put("required", false).put("description", description);
    return this;
  }

  /** A required JSON object body of the named schema. */
  OpenApiOperation jsonBody(String schema) {
    ObjectNode body = operation.putObject("requestBody").put("required", true);
    body.putObject("content").putObject("application/json").set("schema", OpenApiSchemas.ref(schema));
    return bodyProblems();
  }

  /** No body, or an empty JSON object; any field is refused. */
  OpenApiOperation emptyBody() {
    ObjectNode body = operation.putObject("requestBody").put("required", false)
        .put("description", "None, or an empty JSON object.");
    body.putObject("content").putObject("application/json").set("schema", OpenApiSchemas.ref("EmptyObject"));
    return bodyProblems();
  }

  /** A body of another media type, for the OAuth token endpoint. */
  OpenApiOperation body(String mediaType, ObjectNode schema, String description) {
    ObjectNode body = operation.putObject("requestBody").put("required", true).put("description", description);
    body.putObject("content").putObject(mediaType).set("schema", schema);
    return problems("payload_too_large");
  }

  private OpenApiOperation bodyProblems() {
    return problems("malformed_body", "malformed_json", "validation_failed", "payload_too_large",
        "unsupported_media_type");
  }

  /** A JSON response of the named schema. */
  OpenApiOperation json(int status, String description, String schema) {
    return response(status, description, "application/json", OpenApiSchemas.ref(schema));
  }

  OpenApiOperation response(int status, String description, String mediaType, ObjectNode schema) {
    ObjectNode response = JSON.objectNode().put("description", description);
    if (mediaType != null) {
      ObjectNode content = response.putObject("content").putObject(mediaType);
      if (schema != null) {
        content.set("schema", schema);
      }
    }
    responses.put(status, response);
    return this;
  }

  /** Another media type the response with {@code status}, declared already, may come as. */
  OpenApiOperation content(int status, String mediaType, ObjectNode schema) {
    ObjectNode media = declared(status).withObjectProperty("content").putObject(mediaType);
    if (schema != null) {
      media.set("schema", schema);
    }
    return this;
  }

  OpenApiOperation noContent(String description) {
    return response(204, description, null, null);
  }

  /** A header of the response with {@code status}, declared already. */
  OpenApiOperation header(int status, String name, ObjectNode header) {
    declared(status).withObjectProperty("headers").set(name, header);
    return this;
  }

  private ObjectNode declared(int status) {
    ObjectNode response = responses.get(status);
    if (response == null) {
      throw new IllegalStateException(operation.path("operationId").asText() + " has no " + status + " response");
    }
    return response;
  }

  /** A header of every successful (2xx) response. */
  OpenApiOperation successHeader(String name, ObjectNode header) {
    successHeaders.put(name, header);
    return this;
  }

  /** {@code Cache-Control} of every successful response. */
  OpenApiOperation cacheControl(String value) {
    return successHeader("Cache-Control", OpenApiDocument.fixedHeader("Caching.", value));
  }

  /** {@code Pragma: no-cache} on every successful response, for HTTP/1.0 caches (RFC 6749 section 5.1). */
  OpenApiOperation pragmaNoCache() {
    return successHeader("Pragma", OpenApiDocument.fixedHeader("For HTTP/1.0 caches.", "no-cache"));
  }

  /**
   * Problem codes this route can answer (as {@code application/problem+json}), each under the status {@link Problems}
   * gives it. A code {@link Problems} does not define is a mistake in the document.
   */
  OpenApiOperation problems(String... codes) {
    for (String code : codes) {
      if (!Problems.defines(code)) {
        throw new IllegalArgumentException("no problem code " + code);
      }
      problems.computeIfAbsent(Problems.status(code), status -> new LinkedHashSet<>()).add(code);
    }
    return this;
  }

  /** Limited per client address, account or user: 429 {@code rate_limited}. */
  OpenApiOperation rateLimited() {
    return problems("rate_limited");
  }

  /** Counts toward the account lockout: 429 {@code too_many_attempts}. */
  OpenApiOperation lockout() {
    return problems("too_many_attempts");
  }

  /** Hashes a password: 503 {@code overloaded} when the node is hashing at its bound. */
  OpenApiOperation hashes() {
    return problems("overloaded");
  }

  /** Reads or writes the stores: 503 {@code store_unavailable} when they cannot answer. */
  OpenApiOperation stores() {
    return problems("store_unavailable");
  }

  /**
   * The Operation Object. Its problem responses are shared: each set of codes is one response, named after its codes,
   * in {@code sharedProblems} (the document's {@code components/responses}).
   *
   * @param when what each problem code means, for the responses' descriptions
   */
  ObjectNode build(Map<String, ObjectNode> sharedProblems, Map<String, String> when) {
    ObjectNode built = operation.deepCopy();
    if (!parameters.isEmpty()) {
      built.set("parameters", parameters.deepCopy());
    }
    Map<Integer, ObjectNode> all = new TreeMap<>();
    responses.forEach((status, response) -> {
      ObjectNode copy = response.deepCopy();
      ObjectNode headers = JSON.objectNode();
      headers.set(RequestScope.REQUEST_ID_HEADER, OpenApiDocument.headerRef(RequestScope.REQUEST_ID_HEADER));
      if (copy.get("headers") instanceof ObjectNode own) {
        headers.setAll(own);
      }
      if (status < 300) {
        successHeaders.forEach((name, header) -> headers.set(name, header.deepCopy()));
      }
      copy.set("headers", headers);
      all.put(status, copy);
    });
    Map<Integer, Set<String>> withInternalError = new TreeMap<>(problems);
    withInternalError.putIfAbsent(500, Set.of("internal_error"));
    withInternalError.forEach((status, codes) -> {
      if (all.containsKey(status)) {
        throw new IllegalStateException(
            operation.path("operationId").asText() + " declares " + status + " twice: as a response and a problem");
      }
      String name = String.join("_or_", new TreeSet<>(codes));
      sharedProblems.computeIfAbsent(name, unused -> problemResponse(status, codes, when));
      all.put(status, JSON.objectNode().put("$ref", "#/components/responses/" + name));
    });
    ObjectNode out = built.putObject("responses");
    all.forEach((status, response) -> out.set(Integer.toString(status), response));
    return built;
  }

  private static ObjectNode problemResponse(int status, Set<String> codes, Map<String, String> when) {
    StringBuilder description = new StringBuilder();
    for (String code : codes) {
      String text = when.get(code);
      if (text == null) {
        throw new IllegalStateException("no description of problem code " + code);
      }
      description.append(description.length() == 0 ? "" : "\n").append("- `").append(code).append("`: ")
          .append(text);
    }
    ObjectNode response = JSON.objectNode().put("description", description.toString());
    ObjectNode headers = response.putObject("headers");
    headers.set(RequestScope.REQUEST_ID_HEADER, OpenApiDocument.headerRef(RequestScope.REQUEST_ID_HEADER));
    if (status == 401) {
      headers.set("WWW-Authenticate", OpenApiDocument.headerRef("WWW-Authenticate"));
    }
    if (status == 429 || status == 503) {
      headers.set("Retry-After", OpenApiDocument.headerRef("Retry-After"));
    }
    if (codes.contains("rate_limited")) {
      headers.set("RateLimit-Policy", OpenApiDocument.headerRef("RateLimit-Policy"));
      headers.set("RateLimit", OpenApiDocument.headerRef("RateLimit"));
    }
    ObjectNode media = response.putObject("content").putObject(PROBLEM_JSON);
    media.set("schema", problemSchema(status, codes));
    ObjectNode examples = media.putObject("examples");
    codes.forEach(code -> examples.set(code, OpenApiDocument.exampleRef(code)));
    return response;
  }

  /** The shared {@code Problem}, narrowed to this status and these codes. */
  private static ObjectNode problemSchema(int status, Set<String> codes) {
    ObjectNode schema = JSON.objectNode();
    schema.putArray("allOf").add(OpenApiSchemas.ref("Problem"));
    ObjectNode properties = schema.putObject("properties");
    properties.putObject("status").put("const", status);
    ArrayNode allowed = properties.putObject("code").putArray("enum");
    codes.forEach(allowed::add);
    return schema;
  }
}
