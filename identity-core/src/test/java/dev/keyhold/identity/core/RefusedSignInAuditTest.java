package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.PASSWORD;
import static dev.keyhold.identity.core.TestKeyhold.clientAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.keyhold.identity.core.crypto.KeyEncryption;
import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.usecase.Authenticate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Refused sign-ins name the account they aimed at (issue 19): its id as the target when it exists, otherwise a keyed
 * pseudonym of the normalized address; never the address, never a password.
 */
class RefusedSignInAuditTest {

  private static final String WRONG = "wrong password entirely";
  private static final String KEK = "q83vEjRWeJq8/+7/AAECAwQFBgcICQoLDA0ODxAREhM=";

  private final TestKeyhold t = new TestKeyhold();

  private String attempt(TestKeyhold on, String email, String password, ClientInfo client) {
    IdentityException refused = catchThrowableOfType(IdentityException.class,
        () -> on.keyhold.accounts().login(new Authenticate.Command(email, password, client)));
    return refused == null ? "signed_in" : refused.code();
  }

  private String attempt(String email, String password) {
    return attempt(t, email, password, clientAt("198.51.100." + t.stores.auditEvents().size() % 250));
  }

  private List<AuditEvent> events(TestKeyhold on, String action) {
    return on.stores.auditEvents().stream().filter(e -> e.action().equals(action)).toList();
  }

  private AuditEvent last(String action) {
    List<AuditEvent> events = events(t, action);
    return events.get(events.size() - 1);
  }

  @Test
  void a_login_refused_while_the_account_is_locked_names_the_account() {
    t.registerAndVerify("grace@example.com");
    for (int i = 0; i < 5; i++) {
      assertThat(attempt("grace@example.com", WRONG)).isEqualTo("invalid_credentials");
    }

    assertThat(attempt("Grace@Example.com", PASSWORD)).isEqualTo("too_many_attempts");

    AuditEvent refused = last("login.failed");
    assertThat(refused.details()).isEqualTo(Map.of("reason", "locked"));
    assertThat(refused.targetId()).isEqualTo(t.userId("grace@example.com").toString());
  }

  @Test
  void a_refusal_by_the_per_account_rate_limit_names_the_account() {
    t.registerAndVerify("grace@example.com");
    for (int i = 0; i < 10; i++) {
      assertThat(attempt("grace@example.com", WRONG)).isIn("invalid_credentials", "too_many_attempts");
    }

    assertThat(attempt("grace@example.com", PASSWORD)).isEqualTo("rate_limited");

    AuditEvent refused = last("rate_limited");
    assertThat(refused.details()).isEqualTo(Map.of("limit", "login-account"));
    assertThat(refused.targetId()).isEqualTo(t.userId("grace@example.com").toString());
  }

  @Test
  void an_address_without_an_account_is_named_by_one_pseudonym_for_every_spelling_and_every_refusal() {
    assertThat(attempt("nobody@example.com", WRONG)).isEqualTo("invalid_credentials");
    assertThat(attempt("NoBody@EXAMPLE.com", WRONG)).isEqualTo("invalid_credentials");
    assertThat(attempt("somebody@example.com", WRONG)).isEqualTo("invalid_credentials");
    for (int i = 0; i < 3; i++) {
      attempt("nobody@example.com", WRONG);
    }
    assertThat(attempt("nobody@example.com", WRONG)).isEqualTo("too_many_attempts");
    for (int i = 0; i < 4; i++) {
      attempt("nobody@example.com", WRONG);
    }
    assertThat(attempt("nobody@example.com", WRONG)).isEqualTo("rate_limited");

    List<AuditEvent> failed = events(t, "login.failed");
    String nobody = failed.get(0).details().get("email_pseudonym");
    assertThat(nobody).matches("[A-Za-z0-9_-]{22}");
    assertThat(failed.get(0).details()).isEqualTo(Map.of("reason", "unknown_email", "email_pseudonym", nobody));
    assertThat(failed.get(1).details().get("email_pseudonym")).as("another spelling").isEqualTo(nobody);
    assertThat(failed.get(2).details().get("email_pseudonym")).as("another address").isNotEqualTo(nobody);
    assertThat(last("login.failed").details()).isEqualTo(Map.of("reason", "locked", "email_pseudonym", nobody));
    assertThat(events(t, "login.locked")).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("email_pseudonym", nobody));
    assertThat(last("rate_limited").details())
        .isEqualTo(Map.of("limit", "login-account", "email_pseudonym", nobody));
    assertThat(t.stores.auditEvents()).allSatisfy(event -> {
      assertThat(event.targetId()).isNull();
      assertThat(event.toString()).doesNotContainIgnoringCase("nobody").doesNotContain(WRONG);
    });
  }

  @Test
  void nodes_with_one_key_encryption_key_agree_on_a_pseudonym_and_another_key_gives_another() {
    TestKeyhold first = new TestKeyhold(builder -> builder.keyEncryption(KeyEncryption.fromBase64(KEK)));
    TestKeyhold second = new TestKeyhold(builder -> builder.keyEncryption(KeyEncryption.fromBase64(KEK)));
    TestKeyhold other = new TestKeyhold(builder -> builder.keyEncryption(KeyEncryption.generate()));

    for (TestKeyhold node : List.of(first, second, other)) {
      attempt(node, "nobody@example.com", WRONG, clientAt("198.51.100.7"));
    }

    String pseudonym = events(first, "login.failed").get(0).details().get("email_pseudonym");
    assertThat(events(second, "login.failed").get(0).details()).containsEntry("email_pseudonym", pseudonym);
    assertThat(events(other, "login.failed").get(0).details().get("email_pseudonym")).isNotEqualTo(pseudonym);
  }
}
