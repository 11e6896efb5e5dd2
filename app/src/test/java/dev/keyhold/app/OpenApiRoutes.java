package dev.keyhold.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The operations of the OpenAPI document a running server serves, as a fuzzer needs them: method, path template,
 * parameters, whether a bearer token is required, and the request body's media type and schema (references
 * resolved against the document's components).
 */
final class OpenApiRoutes {

  /** A path, query or header parameter. */
  record Parameter(String name, String in, boolean required, JsonNode schema) {}

  /** A request body: its media type and schema. */
  record Body(String mediaType, boolean required, JsonNode schema) {}

  /** One operation of the document. */
  record Operation(String method, String path, boolean bearer, List<Parameter> parameters, Optional<Body> body) {

    /** {@code GET /api/v1/me}: the key the per-route counts are kept under. */
    String key() {
      return method + " " + path;
    }

    List<Parameter> in(String location) {
      return parameters.stream().filter(p -> p.in().equals(location)).toList();
    }

    @Override
    public String toString() {
      return key();
    }
  }

  private final JsonNode document;
  private final List<Operation> operations;

  private OpenApiRoutes(JsonNode document) {
    this.document = document;
    List<Operation> all = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        if (op.getKey().equals("parameters")) {
          continue;
        }
        all.add(operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), op.getValue()));
      }
    }
    this.operations = List.copyOf(all);
  }

  /** The operations of {@code document}, the parsed {@code /api/v1/openapi.json}. */
  static OpenApiRoutes of(JsonNode document) {
    return new OpenApiRoutes(document);
  }

  List<Operation> operations() {
    return operations;
  }

  /** {@code schema} with a {@code $ref} at its top replaced by the component it names. */
  JsonNode resolve(JsonNode schema) {
    JsonNode resolved = schema;
    while (resolved.has("$ref")) {
      String ref = resolved.get("$ref").asText();
      resolved = document.at(ref.substring(1));
    }
    return resolved;
  }

  private Operation operation(String method, String path, JsonNode op) {
    boolean bearer = false;
    for (JsonNode requirement : op.path("security")) {
      bearer |= requirement.size() > 0;
    }
    List<Parameter> parameters = new ArrayList<>();
    for (JsonNode p : op.path("parameters")) {
      JsonNode parameter = resolve(p);
      parameters.add(new Parameter(parameter.get("name").asText(), parameter.get("in").asText(),
          parameter.path("required").asBoolean(false), resolve(parameter.path("schema"))));
    }
    Optional<Body> body = Optional.empty();
    JsonNode requestBody = op.path("requestBody");
    if (requestBody.has("content")) {
      Map.Entry<String, JsonNode> content = requestBody.get("content").fields().next();
      body = Optional.of(new Body(content.getKey(), requestBody.path("required").asBoolean(false),
          resolve(content.getValue().path("schema"))));
    }
    return new Operation(method, path, bearer, List.copyOf(parameters), body);
  }
}
