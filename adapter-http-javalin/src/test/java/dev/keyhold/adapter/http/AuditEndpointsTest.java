package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.audit.AuditFilter;
import dev.keyhold.identity.usecase.Administration.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.StreamSupport;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuditEndpointsTest extends HttpApiTestSupport {

  private static final String ADMIN = "/api/v1/admin/audit";
  /** The organization of {@link FakeOrganizations#ORG}; a literal, as annotations need constants. */
  private static final String ORG = "/api/v1/orgs/0a6a0000-0000-4000-8000-00000000000a/audit";
  private static final String ADA = "0a0a0000-0000-4000-8000-00000000000a";
  private static final String ACME = "0c0c0000-0000-4000-8000-00000000000c";

  @ParameterizedTest
  @ValueSource(strings = {ADMIN, ORG})
  void without_a_token_both_routes_are_401_and_reach_no_use_case(String path) {
    Response response = get(path + "?limit=nonsense");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.code()).isEqualTo("missing_token");
    assertThat(auditTrail.lastCall).isNull();
  }

  @Test
  void the_organization_path_names_the_fake_organization() {
    assertThat(ORG).contains(FakeOrganizations.ORG.toString());
  }

  @Test
  void the_platform_log_without_parameters_asks_for_the_first_page_of_fifty_without_filters() {
    Response response = authorized("GET", ADMIN, null, "X-Request-Id", "req-audit-1");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.json().get("items")).hasSize(2);
    assertThat(response.json().get("next_cursor").isNull()).isTrue();
    assertThat(auditTrail.lastCall.method()).isEqualTo("search");
    assertThat(auditTrail.lastCall.arguments()).containsExactly(AuditFilter.none(), null, 50);
    assertThat(auditTrail.lastCall.actor().userId()).isEqualTo(FakeAccounts.USER);
    assertThat(auditTrail.lastCall.actor().client().requestId()).isEqualTo("req-audit-1");
  }

  @Test
  void an_event_is_answered_with_every_field_in_snake_case() {
    JsonNode event = authorized("GET", ADMIN, null).json().at("/items/1");

    assertThat(fieldNames(event)).containsExactly("id", "action", "outcome", "actor_id", "target_id", "org_id",
        "ip_address", "user_agent", "request_id", "occurred_at", "details");
    assertThat(event.get("id").isTextual()).isTrue();
    assertThat(event.get("id").asText()).isEqualTo("41");
    assertThat(event.get("action").asText()).isEqualTo("login.failed");
    assertThat(event.get("outcome").asText()).isEqualTo("failure");
    assertThat(event.get("actor_id").asText()).isEqualTo(FakeAccounts.USER.toString());
    assertThat(event.get("target_id").asText()).isEqualTo(FakeAdministration.TARGET.toString());
    assertThat(event.get("org_id").asText()).isEqualTo(FakeOrganizations.ORG.toString());
    assertThat(event.get("ip_address").asText()).isEqualTo("203.0.113.7");
    assertThat(event.get("user_agent").asText()).isEqualTo("Navigateur/1.0 \u00e9t\u00e9");
    assertThat(event.get("request_id").asText()).isEqualTo("req-7");
    assertThat(event.get("occurred_at").asText()).isEqualTo("2025-01-02T03:04:05.123456Z");
    assertThat(fieldNames(event.get("details"))).containsExactly("attempt", "reason");
    assertThat(event.at("/details/reason").asText()).isEqualTo("bad_password");
    assertThat(event.at("/details/attempt").isTextual()).isTrue();
    assertThat(event.toString()).doesNotContain(FakeAuditTrail.LOGIN.hash());
  }

  @Test
  void what_an_event_lacks_is_null_and_its_details_an_empty_object() {
    JsonNode event = authorized("GET", ADMIN, null).json().at("/items/0");

    assertThat(event.get("id").asText()).isEqualTo("42");
    for (String field : List.of("actor_id", "target_id", "org_id", "ip_address", "user_agent", "request_id")) {
      assertThat(event.has(field)).as(field).isTrue();
      assertThat(event.get(field).isNull()).as(field).isTrue();
    }
    assertThat(event.get("occurred_at").asText()).isEqualTo("2025-01-02T03:04:06Z");
    assertThat(event.get("details").isObject()).isTrue();
    assertThat(event.get("details")).isEmpty();
  }

  @Test
  void every_filter_reaches_the_use_case_and_the_next_cursor_comes_back() {
    auditTrail.page = new Page<>(List.of(FakeAuditTrail.LOGIN), "next-page");

    Response response = authorized("GET", ADMIN + "?actor=" + ADA + "&target=bob%40example.com&action=login.failed"
        + "&org=" + ACME.toUpperCase(Locale.ROOT) + "&from=2025-01-02T03:04:05Z"
        + "&to=2025-01-02T05:04:05.5%2B01:00&cursor=abc_-1&limit=100", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("next_cursor").asText()).isEqualTo("next-page");
    assertThat(auditTrail.lastCall.arguments()).containsExactly(
        new AuditFilter(ADA, "bob@example.com", "login.failed", ACME, Instant.parse("2025-01-02T03:04:05Z"),
            Instant.parse("2025-01-02T04:04:05.5Z")),
        "abc_-1", 100);
  }

  @Test
  void an_organizations_log_takes_the_organization_from_the_path() {
    Response response = authorized("GET", ORG + "?actor=" + ADA + "&limit=1", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(auditTrail.lastCall.method()).isEqualTo("searchOrganization");
    assertThat(auditTrail.lastCall.arguments()).containsExactly(FakeOrganizations.ORG,
        new AuditFilter(ADA, null, null, null, null, null), null, 1);
  }

  @Test
  void an_organizations_log_takes_no_org_parameter() {
    Response response = authorized("GET", ORG + "?org=" + ACME, null);

    assertThat(response.status()).isEqualTo(400);
    assertThat(errors(response)).containsExactly(tuple("org", "unknown_field"));
    assertThat(auditTrail.lastCall).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-uuid", "0a6a0000000040008000000000000000", "0a6a0000-0000-4000-8000-00000000000a0"})
  void a_malformed_organization_id_is_404(String id) {
    Response response = authorized("GET", "/api/v1/orgs/" + id + "/audit", null);

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.code()).isEqualTo("not_found");
    assertThat(auditTrail.lastCall).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "actor=ada                                  | actor  | invalid_id",
      "actor=0a0a00000000400080000000000000a      | actor  | invalid_id",
      "org=acme                                   | org    | invalid_id",
      "action=Login.Failed                        | action | invalid_value",
      "action=login..failed                       | action | invalid_value",
      "action=login.failed%20                     | action | invalid_value",
      "target=a%0Ab                               | target | invalid_value",
      "from=2025-01-02                            | from   | invalid_timestamp",
      "from=2025-01-02T03:04Z                     | from   | invalid_timestamp",
      "from=2025-01-02T03:04:05                   | from   | invalid_timestamp",
      "from=2025-13-02T03:04:05Z                  | from   | invalid_timestamp",
      "from=2025-02-30T03:04:05Z                  | from   | invalid_timestamp",
      "to=2025-01-02T03:04:05+01:00               | to     | invalid_timestamp",
      "to=2025-01-02T03:04:05.1234567890Z         | to     | invalid_timestamp",
      "to=1735787045                              | to     | invalid_timestamp",
      "limit=0                                    | limit  | out_of_range",
      "limit=101                                  | limit  | out_of_range",
      "limit=fifty                                | limit  | invalid_type",
      "cursor=a&cursor=b                          | cursor | repeated",
      "sort=newest                                | sort   | unknown_field"})
  void a_bad_query_is_a_validation_failure_naming_the_parameter(String query, String field, String code) {
    Response response = authorized("GET", ADMIN + "?" + query, null);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo("validation_failed");
    assertThat(errors(response)).containsExactly(tuple(field, code));
    assertThat(auditTrail.lastCall).isNull();
  }

  @Test
  void a_target_of_the_longest_length_is_accepted_and_a_longer_one_refused() {
    assertThat(authorized("GET", ADMIN + "?target=" + "t".repeat(320), null).status()).isEqualTo(200);
    auditTrail.reset();

    Response response = authorized("GET", ADMIN + "?target=" + "t".repeat(321), null);

    assertThat(errors(response)).containsExactly(tuple("target", "invalid_value"));
  }

  @Test
  void every_problem_in_a_query_is_reported_at_once() {
    Response response = authorized("GET", ORG + "?actor=x&from=yesterday&limit=0&org=" + ACME, null);

    assertThat(errors(response)).containsExactlyInAnyOrder(tuple("actor", "invalid_id"),
        tuple("from", "invalid_timestamp"), tuple("limit", "out_of_range"), tuple("org", "unknown_field"));
  }

  @Test
  void lower_case_separators_and_fractions_are_accepted_in_times() {
    authorized("GET", ADMIN + "?from=2025-01-02t03:04:05.000001z&to=2025-01-02T03:04:05-02:30", null);

    AuditFilter filter = (AuditFilter) auditTrail.lastCall.argument(0);
    assertThat(filter.from()).isEqualTo(Instant.parse("2025-01-02T03:04:05.000001Z"));
    assertThat(filter.to()).isEqualTo(Instant.parse("2025-01-02T05:34:05Z"));
  }

  @Test
  void the_use_cases_refusals_keep_their_statuses() {
    auditTrail.failWith(new ForbiddenException("This needs the platform scope audit:read."));
    assertThat(authorized("GET", ADMIN, null).code()).isEqualTo("forbidden");
    assertThat(authorized("GET", ADMIN, null).status()).isEqualTo(403);

    auditTrail.failWith(new NotFoundException("No such organization."));
    assertThat(authorized("GET", ORG, null).status()).isEqualTo(404);

    auditTrail.failWith(ValidationException.of("cursor", "invalid_cursor", "The cursor is not one this list gave out."));
    Response cursor = authorized("GET", ADMIN + "?cursor=forged", null);
    assertThat(cursor.status()).isEqualTo(400);
    assertThat(errors(cursor)).containsExactly(tuple("cursor", "invalid_cursor"));
  }

  @Test
  void head_runs_the_handler_and_sends_no_body() {
    Response response = send("HEAD", ADMIN, "Authorization", BEARER);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(auditTrail.lastCall.method()).isEqualTo("search");
  }

  @Test
  void other_methods_are_405_naming_the_allowed_ones() {
    Response response = authorized("POST", ADMIN, "{}");

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(authorized("DELETE", ORG, null).status()).isEqualTo(405);
  }

  private static List<Tuple> errors(Response response) {
    return StreamSupport.stream(response.json().get("errors").spliterator(), false)
        .map(e -> tuple(e.get("field").asText(), e.get("code").asText()))
        .toList();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
