package dev.keyhold.identity.core.internal.audit;

import dev.keyhold.identity.core.crypto.KeyRing;
import dev.keyhold.identity.core.crypto.SigningAlgorithm;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.spi.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Writes audit events stamped with the core's clock. Callers pass only non-secret details: never a password, token,
 * token hash or link.
 */
public final class Auditor {

  private final AuditLog log;
  private final Clock clock;

  public Auditor(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /** A successful action outside any organization. */
  public void success(String action, Object actor, Object target, ClientInfo client, Map<String, String> details) {
    append(action, "success", actor, target, null, client, details);
  }

  /** A refused or failed action outside any organization. */
  public void failure(String action, Object actor, Object target, ClientInfo client, Map<String, String> details) {
    append(action, "failure", actor, target, null, client, details);
  }

  /** A successful action in an organization ({@code orgId} may be {@code null} for platform actions). */
  public void success(
      String action, Object actor, Object target, OrgId orgId, ClientInfo client, Map<String, String> details) {
    append(action, "success", actor, target, orgId, client, details);
  }

  /** A refused or failed action in an organization ({@code orgId} may be {@code null} when none is known). */
  public void failure(
      String action, Object actor, Object target, OrgId orgId, ClientInfo client, Map<String, String> details) {
    append(action, "failure", actor, target, orgId, client, details);
  }

  /**
   * A refusal for want of a scope: {@code access.denied}, with the scope, and the organization when it was one of its
   * scopes. The core's {@code Authorizer} reports refusals here.
   */
  public void accessDenied(Actor actor, OrgId orgId, String scope) {
    failure("access.denied", actor.userId(), null, orgId, actor.client(), Map.of("scope", scope));
  }

  /**
   * The key ring's changes ({@code signing_key.created}, {@code signing_key.rotated}), which no caller makes: an
   * operator's command or a schedule. The target is the new key's kid.
   */
  public KeyRing.Listener keyRingListener() {
    return new KeyRing.Listener() {
      @Override
      public void firstKeyCreated(String kid, SigningAlgorithm algorithm) {
        success("signing_key.created", null, kid, ClientInfo.unknown(), Map.of("algorithm", algorithm.jwsName()));
      }

      @Override
      public void rotated(String kid, SigningAlgorithm algorithm, Instant activatesAt, String retiredKid,
          Instant retiredExpiresAt) {
        success("signing_key.rotated", null, kid, ClientInfo.unknown(), Map.of("algorithm", algorithm.jwsName(),
            "activates_at", activatesAt.toString(), "retired_kid", retiredKid,
            "retired_expires_at", retiredExpiresAt.toString()));
      }
    };
  }

  private void append(String action, String outcome, Object actor, Object target, OrgId orgId, ClientInfo client,
      Map<String, String> details) {
    log.submit(new AuditEvent(action, outcome, text(actor), text(target), text(orgId), client, clock.instant(),
        details));
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
