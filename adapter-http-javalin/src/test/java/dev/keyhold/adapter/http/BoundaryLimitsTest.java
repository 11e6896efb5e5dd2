package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.org.Invitation;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.user.Passwords;
import dev.keyhold.identity.model.user.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The limits that cross the API's boundary live once, in the ports' model types ({@link Passwords},
 * {@link User}, {@link Organization}, {@link Role}, {@link Invitation}). This holds the served OpenAPI document,
 * docs/api.md and the enforcing code (the model types' own checks and this adapter's) to them: any of the three
 * saying another value fails here. The core's use cases are held to the same constants by its PortLimitsTest.
 */
class BoundaryLimitsTest extends HttpApiTestSupport {

  private static final Path API_DOC = Path.of("..", "docs", "api.md");
  private static final String ORG = "/api/v1/orgs/" + FakeOrganizations.ORG;

  private JsonNode schemas;
  private String apiDoc;

  @BeforeAll
  void readDocuments() throws IOException {
    schemas = get(DocsRoutes.DOCUMENT_PATH).json().path("components").path("schemas");
    apiDoc = Files.readString(API_DOC);
  }

  private JsonNode property(String schema, String name) {
    JsonNode property = schemas.path(schema).path("properties").path(name);
    assertThat(property.isMissingNode()).as("%s.%s is documented", schema, name).isFalse();
    return property;
  }

  /** The numbers of the first match of {@code regex} in docs/api.md. */
  private long[] documented(String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(apiDoc);
    assertThat(matcher.find()).as("docs/api.md says /%s/", regex).isTrue();
    long[] numbers = new long[matcher.groupCount()];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = Long.parseLong(matcher.group(i + 1));
    }
    return numbers;
  }

  @Test
  void password_lengths() {
    for (String schema : List.of("RegisterRequest.password", "PasswordResetConfirmation.new_password",
        "ChangePasswordRequest.new_password")) {
      JsonNode password = property(schema.split("\\.")[0], schema.split("\\.")[1]);
      assertThat(password.path("minLength").asInt()).as(schema).isEqualTo(Passwords.MIN_LENGTH);
      assertThat(password.path("maxLength").asInt()).as(schema).isEqualTo(Passwords.MAX_LENGTH);
      assertThat(password.path("description").asText()).as(schema)
          .contains(Passwords.MIN_LENGTH + " to " + Passwords.MAX_LENGTH + " characters");
    }
    assertThat(property("LoginRequest", "password").path("maxLength").asInt()).isEqualTo(Passwords.MAX_LENGTH);
    assertThat(property("ChangePasswordRequest", "current_password").path("maxLength").asInt())
        .isEqualTo(Passwords.MAX_LENGTH);
    assertThat(documented("passwords: (\\d+) to (\\d+) characters"))
        .containsExactly(Passwords.MIN_LENGTH, Passwords.MAX_LENGTH);
  }

  @Test
  void display_name_length() {
    assertThat(property("RegisterRequest", "display_name").path("description").asText())
        .contains("at most " + User.DISPLAY_NAME_MAX_LENGTH + " characters once trimmed");
    assertThat(documented("display names: at most (\\d+) characters")).containsExactly(User.DISPLAY_NAME_MAX_LENGTH);
  }

  @Test
  void organization_name_length_agrees_with_its_check() {
    assertThat(property("CreateOrganizationRequest", "name").path("description").asText())
        .contains("1 to " + Organization.NAME_MAX_LENGTH + " characters once trimmed");
    assertThat(documented("organization names: 1 to (\\d+) characters")).containsExactly(Organization.NAME_MAX_LENGTH);

    assertThatCode(() -> Organization.validName(" " + "é".repeat(Organization.NAME_MAX_LENGTH) + " "))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> Organization.validName("é".repeat(Organization.NAME_MAX_LENGTH + 1)))
        .isInstanceOf(ValidationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"CreateOrganizationRequest", "UpdateOrganizationRequest"})
  void slug_bounds_and_pattern(String schema) {
    JsonNode slug = property(schema, "slug");
    assertThat(slug.path("minLength").asInt()).isEqualTo(Organization.SLUG_MIN_LENGTH);
    assertThat(slug.path("maxLength").asInt()).isEqualTo(Organization.SLUG_MAX_LENGTH);
    assertThat(documented("slugs: (\\d+) to (\\d+) of"))
        .containsExactly(Organization.SLUG_MIN_LENGTH, Organization.SLUG_MAX_LENGTH);

    Pattern documentedPattern = Pattern.compile(slug.path("pattern").asText());
    for (String candidate : List.of("ab", "abc", "a".repeat(Organization.SLUG_MAX_LENGTH),
        "a".repeat(Organization.SLUG_MAX_LENGTH + 1), "a-b", "-ab", "ab-", "a_b", "ABC", "a1-2b", "acme inc")) {
      boolean schemaTakes = documentedPattern.matcher(candidate).find()
          && candidate.length() >= Organization.SLUG_MIN_LENGTH && candidate.length() <= Organization.SLUG_MAX_LENGTH;
      assertThat(accepts(() -> Organization.validSlug(candidate)))
          .as("the document and Organization.validSlug agree on %s", candidate).isEqualTo(schemaTakes);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"CreateOrganizationRoleRequest", "CreateGlobalRoleRequest"})
  void role_name_bounds_and_pattern(String schema) {
    JsonNode name = property(schema, "name");
    assertThat(name.path("minLength").asInt()).isEqualTo(1);
    assertThat(name.path("maxLength").asInt()).isEqualTo(Role.NAME_MAX_LENGTH);
    assertThat(documented("role names: 1 to (\\d+) of")).containsExactly(Role.NAME_MAX_LENGTH);

    Pattern documentedPattern = Pattern.compile(name.path("pattern").asText());
    for (String candidate : List.of("a", "auditor", "a".repeat(Role.NAME_MAX_LENGTH),
        "a".repeat(Role.NAME_MAX_LENGTH + 1), "_a", "-a", "a_b-c", "A", "a b", "9lives")) {
      boolean schemaTakes = documentedPattern.matcher(candidate).find() && candidate.length() <= Role.NAME_MAX_LENGTH;
      assertThat(accepts(() -> Role.validName(candidate)))
          .as("the document and Role.validName agree on %s", candidate).isEqualTo(schemaTakes);
    }
  }

  @Test
  void invitation_lifetime_bounds_agree_with_the_route() {
    JsonNode expiresIn = property("InviteRequest", "expires_in_seconds");
    long min = expiresIn.path("minimum").asLong();
    long max = expiresIn.path("maximum").asLong();
    assertThat(min).isEqualTo(Invitation.MIN_LIFETIME.toSeconds());
    assertThat(max).isEqualTo(Invitation.MAX_LIFETIME.toSeconds());
    assertThat(expiresIn.path("description").asText())
        .contains(Invitation.DEFAULT_LIFETIME.toDays() + " days without it");
    assertThat(documented("`expires_in_seconds` runs from (\\d+) to\\s+(\\d+) \\((\\d+) days\\); without it an "
        + "invitation lasts (\\d+) days"))
        .containsExactly(min, max, Invitation.MAX_LIFETIME.toDays(), Invitation.DEFAULT_LIFETIME.toDays());

    assertThat(invite(min - 1).code()).isEqualTo("validation_failed");
    assertThat(invite(max + 1).code()).isEqualTo("validation_failed");
    for (long seconds : new long[] {min, max}) {
      organizations.reset();
      assertThat(invite(seconds).status()).isEqualTo(201);
      assertThat(organizations.lastCall.arguments()).contains(Duration.ofSeconds(seconds));
    }
  }

  private Response invite(long seconds) {
    return authorized("POST", ORG + "/invite",
        "{\"email\": \"carol@example.com\", \"role\": \"member\", \"expires_in_seconds\": " + seconds + "}");
  }

  private static boolean accepts(Runnable check) {
    try {
      check.run();
      return true;
    } catch (ValidationException e) {
      return false;
    }
  }
}
