package dev.keyhold.adapter.http;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The documented request bodies against what the handlers read: the request records (through the API's own Jackson
 * naming) and, by asking the server, which fields it requires.
 */
class OpenApiRequestSchemasTest extends HttpApiTestSupport {

  /** The record each JSON body is read into. A route documented with a JSON body must be listed here. */
  private static final Map<String, Class<? extends Record>> RECORDS = Map.ofEntries(
      entry("POST /api/v1/register", AccountRoutes.RegisterRequest.class),
      entry("POST /api/v1/verify-email", AccountRoutes.VerifyEmailRequest.class),
      entry("POST /api/v1/me/email", AccountRoutes.ChangeEmailRequest.class),
      entry("POST /api/v1/confirm-email", AccountRoutes.ConfirmEmailRequest.class),
      entry("POST /api/v1/verify-email/resend", AccountRoutes.ResendRequest.class),
      entry("POST /api/v1/password-reset/request", AccountRoutes.PasswordResetRequest.class),
      entry("POST /api/v1/password-reset/confirm", AccountRoutes.PasswordResetConfirmation.class),
      entry("POST /api/v1/login", AccountRoutes.LoginRequest.class),
      entry("POST /api/v1/refresh", AccountRoutes.RefreshTokenRequest.class),
      entry("POST /api/v1/logout", AccountRoutes.RefreshTokenRequest.class),
      entry("POST /api/v1/me/password", AccountRoutes.ChangePasswordRequest.class),
      entry("PATCH /api/v1/me", AccountRoutes.UpdateProfileRequest.class),
      entry("DELETE /api/v1/me", AccountRoutes.DeleteAccountRequest.class),
      entry("POST /api/v1/login/mfa", AccountRoutes.MfaLoginRequest.class),
      entry("POST /api/v1/me/mfa/totp", TwoFactorRoutes.StartTotpRequest.class),
      entry("POST /api/v1/me/mfa/totp/confirm", TwoFactorRoutes.CodeRequest.class),
      entry("DELETE /api/v1/me/mfa/totp", TwoFactorRoutes.DisableTotpRequest.class),
      entry("POST /api/v1/me/mfa/recovery-codes", TwoFactorRoutes.CodeRequest.class),
      entry("POST /api/v1/oauth/{provider}/callback", ExternalLoginRoutes.CallbackRequest.class),
      entry("POST /api/v1/orgs", OrganizationRoutes.CreateRequest.class),
      entry("PATCH /api/v1/orgs/{id}", OrganizationRoutes.UpdateRequest.class),
      entry("POST /api/v1/orgs/{id}/invite", OrganizationRoutes.InviteRequest.class),
      entry("POST /api/v1/invitations/accept", OrganizationRoutes.AcceptRequest.class),
      entry("PATCH /api/v1/orgs/{id}/members/{user}", OrganizationRoutes.ChangeRoleRequest.class),
      entry("POST /api/v1/orgs/{id}/transfer-ownership", OrganizationRoutes.TransferRequest.class),
      entry("POST /api/v1/orgs/{id}/roles", OrganizationRoutes.CreateRoleRequest.class),
      entry("POST /api/v1/roles", AdministrationRoutes.CreateRoleRequest.class),
      entry("POST /api/v1/admin/users", AdministrationRoutes.CreateUserRequest.class));

  private static final ObjectMapper API_MAPPER = JsonBodies.strictMapper();

  private DocumentedApi api;

  @BeforeAll
  void readDocument() {
    api = new DocumentedApi(get(DocsRoutes.DOCUMENT_PATH).json());
  }

  static Stream<String> jsonBodyRoutes() {
    return RECORDS.keySet().stream().sorted();
  }

  @Test
  void every_documented_json_body_names_the_record_it_is_read_into() {
    Set<String> documented = new TreeSet<>();
    for (DocumentedApi.Operation operation : api.operations()) {
      JsonNode schema = operation.node().path("requestBody").path("content").path("application/json").path("schema");
      if (!schema.isMissingNode() && !schema.path("$ref").asText().endsWith("/EmptyObject")) {
        documented.add(operation.key());
      }
    }

    assertThat(documented).as("operations with a JSON body (list each in RECORDS with its record)")
        .isEqualTo(new TreeSet<>(RECORDS.keySet()));
  }

  @ParameterizedTest
  @MethodSource("jsonBodyRoutes")
  void the_schema_has_the_records_fields_names_types_and_required_ones(String route) {
    JsonNode schema = requestSchema(route);
    Class<? extends Record> record = RECORDS.get(route);

    assertThat(schema.path("type").asText()).isEqualTo("object");
    assertThat(schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean())
        .as("%s refuses unknown fields", route).isTrue();
    assertThat(names(schema.path("properties"))).as("properties of %s", route).isEqualTo(jsonProperties(record));
    assertThat(values(schema.path("required"))).as("required fields of %s", route).isEqualTo(required(record));
    jsonTypes(record).forEach((name, type) -> assertThat(types(schema.at("/properties/" + name)))
        .as("type of %s in %s", name, route).isEqualTo(type));
  }

  @ParameterizedTest
  @MethodSource("jsonBodyRoutes")
  void the_server_requires_exactly_the_documented_fields(String route) {
    Response response = authorized(method(route), path(route), "{}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo("validation_failed");
    Set<String> requiredByServer = new TreeSet<>();
    response.json().get("errors").forEach(error -> {
      if (error.get("code").asText().equals("required")) {
        requiredByServer.add(error.get("field").asText());
      }
    });
    assertThat(requiredByServer).isEqualTo(values(requestSchema(route).path("required")));
  }

  @Test
  void routes_documented_with_an_empty_body_take_none_and_refuse_any_field() {
    List<String> empty = api.operations().stream()
        .filter(operation -> operation.node().at("/requestBody/content/application~1json/schema/$ref").asText()
            .endsWith("/EmptyObject"))
        .map(DocumentedApi.Operation::key)
        .toList();

    assertThat(empty).hasSize(6);
    for (String route : empty) {
      assertThat(authorized(method(route), path(route), null).status()).as("%s without a body", route)
          .isLessThan(300);
      Response withField = authorized(method(route), path(route), "{\"anything\": 1}");
      assertThat(withField.code()).as("%s with a field", route).isEqualTo("validation_failed");
      assertThat(withField.json().at("/errors/0/code").asText()).isEqualTo("unknown_field");
    }
    assertThat(api.document().at("/components/schemas/EmptyObject/properties")).isEmpty();
    assertThat(api.document().at("/components/schemas/EmptyObject/additionalProperties").asBoolean(true)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"PasswordGrant", "RefreshTokenGrant"})
  void the_token_endpoint_takes_each_documented_grant_and_needs_each_of_its_required_parameters(String grant) {
    JsonNode schema = api.document().at("/components/schemas/" + grant);
    Map<String, String> form = new LinkedHashMap<>();
    values(schema.get("required")).forEach(name -> form.put(name, "x"));
    form.put("grant_type", schema.at("/properties/grant_type/enum/0").asText());

    assertThat(postForm(form).status()).as("the whole %s", grant).isEqualTo(200);
    for (String name : form.keySet()) {
      Map<String, String> without = new LinkedHashMap<>(form);
      without.remove(name);
      Response response = postForm(without);
      assertThat(response.status()).as("%s without %s", grant, name).isEqualTo(400);
      assertThat(response.json().get("error").asText()).isEqualTo("invalid_request");
    }
  }

  private Response postForm(Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return post("/api/v1/token", "application/x-www-form-urlencoded", body);
  }

  private JsonNode requestSchema(String route) {
    String[] parts = route.split(" ", 2);
    JsonNode operation = api.operation(parts[0], parts[1]).node();
    return api.dereference(operation.at("/requestBody/content/application~1json/schema"));
  }

  /** The JSON property names Jackson binds, with the API's own mapper. */
  private static Set<String> jsonProperties(Class<? extends Record> record) {
    BeanDescription description = API_MAPPER.getDeserializationConfig().introspect(API_MAPPER.constructType(record));
    return description.findProperties().stream().map(BeanPropertyDefinition::getName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** What {@link JsonBodies} requires: every component not marked {@link OptionalField}, by its JSON name. */
  private static Set<String> required(Class<? extends Record> record) {
    Set<String> required = new TreeSet<>();
    jsonNames(record).forEach((name, component) -> {
      if (!component.isAnnotationPresent(OptionalField.class)) {
        required.add(name);
      }
    });
    return required;
  }

  /**
   * The JSON Schema type each component takes: {@code ["string"]}, {@code ["integer", "null"]}, {@code
   * ["array of string"]} and so on; optional fields may also be {@code null}.
   */
  private static Map<String, List<String>> jsonTypes(Class<? extends Record> record) {
    Map<String, List<String>> types = new TreeMap<>();
    jsonNames(record).forEach((name, component) -> {
      List<String> type = new ArrayList<>(List.of(jsonType(component)));
      if (component.isAnnotationPresent(OptionalField.class) || component.isAnnotationPresent(NullableField.class)) {
        type.add("null");
      }
      types.put(name, type);
    });
    return types;
  }

  private static String jsonType(RecordComponent component) {
    Class<?> type = component.getType();
    if (type == String.class) {
      return "string";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "boolean";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "integer";
    }
    if (type == List.class
        && ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0] == String.class) {
      return "array of string";
    }
    throw new AssertionError("no JSON type for " + component);
  }

  /** The record's components by their JSON names, as Jackson names them. */
  private static Map<String, RecordComponent> jsonNames(Class<? extends Record> record) {
    BeanDescription description = API_MAPPER.getDeserializationConfig().introspect(API_MAPPER.constructType(record));
    Map<String, RecordComponent> byName = new TreeMap<>();
    for (BeanPropertyDefinition property : description.findProperties()) {
      for (RecordComponent component : record.getRecordComponents()) {
        if (component.getName().equals(property.getInternalName())) {
          byName.put(property.getName(), component);
        }
      }
    }
    return byName;
  }

  /** A schema's types in the same notation as {@link #jsonTypes}. */
  private static List<String> types(JsonNode schema) {
    List<String> types = new ArrayList<>();
    JsonNode type = schema.get("type");
    for (JsonNode each : type.isArray() ? type : List.of(type)) {
      types.add(each.asText().equals("array") ? "array of " + schema.at("/items/type").asText() : each.asText());
    }
    return types;
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Set<String> values(JsonNode array) {
    Set<String> values = new TreeSet<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static String method(String route) {
    return route.split(" ", 2)[0];
  }

  /** The route's path with a fresh id in each parameter: the body is checked before anything is looked up. */
  private static String path(String route) {
    return route.split(" ", 2)[1].replaceAll("\\{[^/]+}", UUID.randomUUID().toString());
  }
}
