package dev.keyhold.identity.core.internal.admin;

import dev.keyhold.identity.core.internal.access.GlobalAccess;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** Checks shared by the administration use cases. */
final class AdminChecks {

  static final String NO_SUCH_USER = "No such user.";

  private AdminChecks() {}

  /** A list of scope names as a set; {@code null} or null entries are a validation failure of field {@code scopes}. */
  static Set<String> scopeSet(Collection<String> scopes) {
    if (scopes == null || scopes.stream().anyMatch(scope -> scope == null)) {
      throw ValidationException.of("scopes", "unknown_scope", "Give the role's scopes as a list of scope names.");
    }
    return Set.copyOf(scopes);
  }

  /**
   * Passes when the caller holds every scope of {@code scopes} globally.
   *
   * @throws ForbiddenException otherwise, after auditing {@code refusal} with reason {@code escalation}
   */
  static void requireGrantable(Auditor audit, Actor actor, GlobalAccess access, Collection<String> scopes,
      String refusal, Object target) {
    try {
      access.requireGrantable(scopes);
    } catch (ForbiddenException e) {
      audit.failure(refusal, actor.userId(), target, actor.client(), Map.of("reason", "escalation"));
      throw e;
    }
  }
}
