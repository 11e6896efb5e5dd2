package dev.keyhold.identity.model.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Which audit events a search keeps: those matching every given field exactly; {@code null} fields do not filter.
 *
 * <p>The time bounds are rounded up to whole microseconds, the precision events are stored with, which keeps their
 * meaning exact: an event at microsecond {@code m} is at or after {@code from} exactly when {@code m} is at or after
 * {@code from} rounded up, and likewise before {@code to}.
 *
 * @param actorId events by this actor (a user id as text), or {@code null}
 * @param targetId events about this target, or {@code null}
 * @param action events with this action, for example {@code login.failed}, or {@code null}
 * @param orgId events in this organization (an organization id as text), or {@code null}
 * @param from events at or after this instant (inclusive), or {@code null}
 * @param to events before this instant (exclusive), or {@code null}
 */
public record AuditFilter(String actorId, String targetId, String action, String orgId, Instant from, Instant to) {

  private static final AuditFilter NONE = new AuditFilter(null, null, null, null, null, null);

  public AuditFilter {
    from = ceilingMicros(from);
    to = ceilingMicros(to);
  }

  /** Keeps every event. */
  public static AuditFilter none() {
    return NONE;
  }

  /** This filter restricted to the organization {@code orgId} instead of its own. */
  public AuditFilter withOrgId(String orgId) {
    return new AuditFilter(actorId, targetId, action, orgId, from, to);
  }

  /** Whether {@code event} passes this filter. The reference semantics every store's search must match. */
  public boolean matches(AuditEvent event) {
    return (actorId == null || actorId.equals(event.actorId()))
        && (targetId == null || targetId.equals(event.targetId()))
        && (action == null || action.equals(event.action()))
        && (orgId == null || orgId.equals(event.orgId()))
        && (from == null || !event.at().isBefore(from))
        && (to == null || event.at().isBefore(to));
  }

  private static Instant ceilingMicros(Instant instant) {
    if (instant == null) {
      return null;
    }
    Instant floor = instant.truncatedTo(ChronoUnit.MICROS);
    return floor.equals(instant) ? instant : floor.plus(1, ChronoUnit.MICROS);
  }
}
