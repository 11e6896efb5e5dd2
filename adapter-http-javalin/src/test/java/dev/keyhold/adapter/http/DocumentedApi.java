package dev.keyhold.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The OpenAPI document as the tests read it: its operations, and its schemas as a JSON Schema 2020-12 validator
 * applies them.
 *
 * <p>Validation is closed-world: every object schema that lists {@code properties} and says nothing about others is
 * read as {@code additionalProperties: false}, so a response field the document does not name fails. (The served
 * document leaves response schemas open, so that clients tolerate new fields.)
 */
final class DocumentedApi {

  static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final String BASE = "https://keyhold.test/openapi.json";

  record Operation(String method, String path, JsonNode node) {

    String key() {
      return method + " " + path;
    }

    /** The JSON pointer of this operation in the document. */
    String pointer() {
      return "/paths/" + escape(path) + "/" + method.toLowerCase(Locale.ROOT);
    }

    boolean needsBearer() {
      for (JsonNode requirement : node.path("security")) {
        if (requirement.has(OpenApiDocument.BEARER_AUTH)) {
          return true;
        }
      }
      return false;
    }
  }

  private final JsonNode document;
  private final SchemaRegistry closedWorld;

  DocumentedApi(JsonNode document) {
    this.document = document;
    this.closedWorld = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        builder -> builder.schemas(Map.of(BASE, closed(document.deepCopy()).toString())));
  }

  JsonNode document() {
    return document;
  }

  /** Every operation, in document order; methods upper-case, as the route table has them. */
  List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
      if (METHODS.contains(method.getKey())) {
        operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), method.getValue()));
      }
    }));
    return operations;
  }

  Operation operation(String method, String path) {
    return operations().stream()
        .filter(operation -> operation.method().equals(method) && operation.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the document has no " + method + " " + path));
  }

  /** The node a local reference ({@code #/components/...}) points at, or a missing node. */
  JsonNode resolve(String ref) {
    return ref.startsWith("#") ? document.at(ref.substring(1)) : MissingNode.getInstance();
  }

  /** {@code node}, or what it refers to when it is a {@code $ref}. */
  JsonNode dereference(JsonNode node) {
    return node.has("$ref") ? resolve(node.get("$ref").asText()) : node;
  }

  /**
   * What is wrong with {@code instance} by the schema at {@code pointer} (a JSON pointer into the document), with
   * format assertions on; empty when it is valid.
   */
  List<String> violations(String pointer, JsonNode instance) {
    Schema schema = closedWorld.getSchema(SchemaLocation.of(BASE + "#" + pointer));
    List<Error> errors = schema.validate(instance, context ->
        context.executionConfig(config -> config.formatAssertionsEnabled(true)));
    return errors.stream().map(Error::toString).toList();
  }

  /** Every JSON Schema in the document, by its JSON pointer. */
  void forEachSchema(BiConsumer<String, JsonNode> action) {
    document.path("components").path("schemas").properties()
        .forEach(entry -> action.accept("/components/schemas/" + escape(entry.getKey()), entry.getValue()));
    walk(document, "", (pointer, node) -> {
      if (node.has("schema") && !pointer.startsWith("/components/schemas")) {
        action.accept(pointer + "/schema", node.get("schema"));
      }
    });
  }

  /** Visits every object node of the document with its JSON pointer. */
  static void walk(JsonNode node, String pointer, BiConsumer<String, JsonNode> action) {
    if (node.isObject()) {
      action.accept(pointer, node);
      node.properties().forEach(entry -> walk(entry.getValue(), pointer + "/" + escape(entry.getKey()), action));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), pointer + "/" + i, action);
      }
    }
  }

  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** Closes every object schema that lists properties and leaves others unsaid (see the class comment). */
  private static JsonNode closed(JsonNode document) {
    walk(document, "", (pointer, node) -> {
      boolean schemaWithProperties = node.path("properties").isObject() && node.has("type")
          && node.path("type").asText().equals("object");
      boolean composed = node.has("allOf") || node.has("anyOf") || node.has("oneOf");
      if (schemaWithProperties && !composed && !node.has("additionalProperties")) {
        ((ObjectNode) node).put("additionalProperties", false);
      }
    });
    return document;
  }
}
