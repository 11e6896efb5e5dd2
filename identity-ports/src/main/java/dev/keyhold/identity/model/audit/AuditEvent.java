package dev.keyhold.identity.model.audit;

import dev.keyhold.identity.model.ClientInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * One security-relevant fact for the audit log. Never holds a secret: no password, token or hash.
 *
 * @param action what happened, dotted lower case, for example {@code login.failed}
 * @param outcome {@code success} or {@code failure}
 * @param actorId who did it (a user id), or {@code null} when anonymous
 * @param targetId whom or what it affected, or {@code null}
 * @param orgId the organization it happened in, or {@code null}
 * @param client the caller's address, user agent and request id
 * @param at when it happened (UTC), truncated to microseconds: the precision every store keeps and the
 *     {@linkplain AuditChain canonical form} covers
 * @param details further non-secret facts, for example {@code reason=bad_password}
 */
public record AuditEvent(
    String action,
    String outcome,
    String actorId,
    String targetId,
    String orgId,
    ClientInfo client,
    Instant at,
    Map<String, String> details) {

  public AuditEvent {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(client, "client");
    at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MICROS);
    details = Map.copyOf(details);
  }
}
