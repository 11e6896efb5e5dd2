package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document against the routes the server really has, and against the OpenAPI 3.1 rules. */
class OpenApiDocumentTest extends HttpApiTestSupport {

  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^/{}]+)}");

  private DocumentedApi api;

  @BeforeAll
  void readDocument() {
    api = new DocumentedApi(get(DocsRoutes.DOCUMENT_PATH).json());
  }

  @Test
  void the_document_describes_every_registered_route_and_nothing_else() {
    assertThat(difference(registeredRoutes(api()), documentedRoutes(api)))
        .as("registered routes against documented operations (OpenApiDocument)")
        .isEmpty();
  }

  @Test
  void the_route_comparison_reports_both_directions() {
    assertThat(difference(Set.of("GET /a", "GET /b"), Set.of("GET /b", "POST /c")))
        .isEqualTo("registered but not documented: [GET /a]\ndocumented but not registered: [POST /c]");
  }

  @Test
  void the_document_is_served_as_json_that_caches_may_keep_for_a_minute() {
    Response response = get(DocsRoutes.DOCUMENT_PATH);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=60");
    assertThat(response.json().get("openapi").asText()).isEqualTo("3.1.0");
  }

  @Test
  void the_document_is_valid_openapi_3_1_by_swagger_parser() {
    SwaggerParseResult result = parse(get(DocsRoutes.DOCUMENT_PATH).body());

    assertThat(result.getMessages()).as("swagger-parser's findings").isEmpty();
    assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
  }

  @Test
  void swagger_parser_does_report_a_broken_document() {
    String broken = api.document().deepCopy().toString()
        .replace("\"operationId\":\"login\"", "\"operationId\":\"register\"")
        .replace("\"responses\":{\"202\"", "\"answers\":{\"202\"");

    assertThat(parse(broken).getMessages()).anySatisfy(message -> assertThat(message).contains("register"));
  }

  @Test
  void every_schema_is_valid_json_schema_2020_12() {
    Schema metaSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
    Map<String, List<String>> invalid = new LinkedHashMap<>();
    List<String> checked = new ArrayList<>();

    api.forEachSchema((pointer, schema) -> {
      checked.add(pointer);
      List<Error> errors = metaSchema.validate(schema);
      if (!errors.isEmpty()) {
        invalid.put(pointer, errors.stream().map(Error::toString).toList());
      }
    });

    assertThat(checked).contains("/components/schemas/Problem",
        "/paths/~1api~1v1~1admin~1users/get/parameters/3/schema");
    assertThat(invalid).isEmpty();
  }

  @Test
  void the_meta_schema_check_can_fail() {
    Schema metaSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

    assertThat(metaSchema.validate(JSON.createObjectNode().put("type", "strng").put("minLength", -1)))
        .extracting(Error::getInstanceLocation).map(Object::toString).contains("/type", "/minLength");
  }

  @Test
  void every_reference_resolves() {
    List<String> dangling = new ArrayList<>();
    DocumentedApi.walk(api.document(), "", (pointer, node) -> {
      if (node.has("$ref") && api.resolve(node.get("$ref").asText()).isMissingNode()) {
        dangling.add(pointer + " -> " + node.get("$ref").asText());
      }
    });

    assertThat(dangling).isEmpty();
  }

  @Test
  void every_operation_has_a_unique_id_a_known_tag_a_summary_and_a_security_requirement() {
    Set<String> tags = new HashSet<>();
    api.document().get("tags").forEach(tag -> tags.add(tag.get("name").asText()));
    Set<String> ids = new HashSet<>();

    for (DocumentedApi.Operation operation : api.operations()) {
      JsonNode node = operation.node();
      assertThat(ids.add(node.path("operationId").asText())).as("unique operationId of " + operation.key()).isTrue();
      assertThat(node.get("tags")).as("tags of " + operation.key()).hasSize(1);
      assertThat(tags).as("tag of " + operation.key()).contains(node.get("tags").get(0).asText());
      assertThat(node.path("summary").asText()).as("summary of " + operation.key()).isNotBlank();
      assertThat(node.get("security")).as("security of " + operation.key()).isNotNull();
      assertThat(node.path("responses").has("500")).as("500 of " + operation.key()).isTrue();
    }
    assertThat(tags).containsExactlyInAnyOrder(
        "accounts", "sessions", "organizations", "administration", "meta", "pages");
  }

  @Test
  void every_path_template_parameter_is_declared_and_nothing_else_is_in_the_path() {
    for (DocumentedApi.Operation operation : api.operations()) {
      Set<String> inTemplate = new TreeSet<>();
      Matcher matcher = PATH_PARAMETER.matcher(operation.path());
      while (matcher.find()) {
        inTemplate.add(matcher.group(1));
      }
      Set<String> declared = new TreeSet<>();
      operation.node().path("parameters").forEach(parameter -> {
        if (parameter.get("in").asText().equals("path")) {
          declared.add(parameter.get("name").asText());
        }
      });

      assertThat(declared).as("path parameters of " + operation.key()).isEqualTo(inTemplate);
    }
  }

  @Test
  void the_documented_security_is_what_the_server_enforces() {
    Map<String, Integer> statusWithoutToken = new LinkedHashMap<>();
    for (DocumentedApi.Operation operation : api.operations()) {
      String path = PATH_PARAMETER.matcher(operation.path()).replaceAll(UUID.randomUUID().toString());
      int status = sendJson(operation.method(), path, null).status();
      if ((status == 401) != operation.needsBearer()) {
        statusWithoutToken.put(operation.key() + (operation.needsBearer() ? " (bearer)" : " (public)"), status);
      }
    }

    assertThat(statusWithoutToken).as("operations whose answer without a token contradicts their security")
        .isEmpty();
  }

  @Test
  void every_problem_code_is_answered_with_the_status_it_is_documented_under() {
    for (DocumentedApi.Operation operation : api.operations()) {
      operation.node().get("responses").properties().forEach(response -> {
        JsonNode schema = api.dereference(response.getValue()).path("content").path(ErrorResponses.PROBLEM_JSON)
            .path("schema");
        schema.path("properties").path("code").path("enum").forEach(code -> assertThat(Problems.status(code.asText()))
            .as(operation.key() + " " + code.asText())
            .isEqualTo(Integer.parseInt(response.getKey())));
      });
    }
  }

  @Test
  void every_example_is_valid_by_the_schema_it_illustrates() {
    List<String> invalid = new ArrayList<>();
    Set<String> checked = new TreeSet<>();
    DocumentedApi.walk(api.document(), "", (pointer, node) -> {
      if (node.has("schema") && node.path("examples").isObject()) {
        node.get("examples").properties().forEach(example -> {
          checked.add(example.getKey());
          api.violations(pointer + "/schema", api.dereference(example.getValue()).get("value"))
              .forEach(violation -> invalid.add(pointer + " " + example.getKey() + ": " + violation));
        });
      }
    });

    Set<String> examples = new TreeSet<>();
    api.document().at("/components/examples").fieldNames().forEachRemaining(examples::add);
    assertThat(checked).isEqualTo(examples);
    assertThat(invalid).isEmpty();
  }

  @Test
  void the_server_url_is_relative_and_no_request_header_changes_it() throws Exception {
    String steered = raw("GET " + DocsRoutes.DOCUMENT_PATH + " HTTP/1.1\r\nHost: evil.example\r\n"
        + "X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: http\r\nForwarded: host=evil.example\r\n"
        + "Connection: close\r\n\r\n");

    assertThat(api.document().get("servers")).hasSize(1);
    assertThat(api.document().at("/servers/0/url").asText()).isEqualTo("/");
    assertThat(get(DocsRoutes.DOCUMENT_PATH).body()).doesNotContain("127.0.0.1", "localhost");
    assertThat(steered).startsWith("HTTP/1.1 200").contains("\"servers\":[{\"url\":\"/\"")
        .doesNotContain("evil.example");
  }

  private static SwaggerParseResult parse(String document) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setValidateInternalRefs(true);
    return new OpenAPIV3Parser().readContents(document, null, options);
  }

  /** What one set has that the other lacks, both ways, for people; empty when they agree. */
  /** Every route the server registered, as {@code "METHOD /path"}; the HEAD twin of a GET is the GET. */
  static Set<String> registeredRoutes(HttpApi server) {
    Set<String> registered = new TreeSet<>();
    server.routes().paths().forEach((path, methods) -> methods.stream()
        // a HEAD route of its own, without a GET, would be documented
        .filter(method -> !(method.equals("HEAD") && methods.contains("GET")))
        .forEach(method -> registered.add(method + " " + path)));
    return registered;
  }

  /** Every operation the document names, as {@code "METHOD /path"}. */
  static Set<String> documentedRoutes(DocumentedApi document) {
    return document.operations().stream().map(DocumentedApi.Operation::key)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static String difference(Set<String> registered, Set<String> documented) {
    Set<String> undocumented = new TreeSet<>(registered);
    undocumented.removeAll(documented);
    Set<String> unregistered = new TreeSet<>(documented);
    unregistered.removeAll(registered);
    List<String> lines = new ArrayList<>();
    if (!undocumented.isEmpty()) {
      lines.add("registered but not documented: " + undocumented);
    }
    if (!unregistered.isEmpty()) {
      lines.add("documented but not registered: " + unregistered);
    }
    return String.join("\n", lines);
  }
}
