package dev.keyhold.adapter.http;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.audit.AuditFilter;
import dev.keyhold.identity.usecase.AuditTrail;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The audit log: {@code GET /api/v1/admin/audit} (the whole log, platform {@code audit:read}) and
 * {@code GET /api/v1/orgs/{id}/audit} (an organization's own events, {@code audit:read} there). Both need a bearer
 * token; authorization is the use case's. Query parameters are read strictly (see {@link QueryParameters}); an
 * organization id in the path that is not a canonical UUID is an organization that does not exist (404).
 */
final class AuditRoutes {

  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = AuditTrail.MAX_PAGE_SIZE;
  /** Targets are ids, email addresses or role names; longer text cannot be one. */
  static final int MAX_TARGET_LENGTH = 320;

  private static final Set<String> PLATFORM_QUERY =
      Set.of("actor", "target", "action", "org", "from", "to", "cursor", "limit");
  private static final Set<String> ORGANIZATION_QUERY =
      Set.of("actor", "target", "action", "from", "to", "cursor", "limit");
  /** Actions are dotted lower-case words, such as {@code login.failed}. */
  private static final Pattern ACTION = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");
  private static final Pattern TARGET = Pattern.compile("[^\\p{Cntrl}]{1," + MAX_TARGET_LENGTH + "}");

  private final Callers callers;
  private final AuditTrail auditTrail;

  AuditRoutes(Callers callers, AuditTrail auditTrail) {
    this.callers = callers;
    this.auditTrail = auditTrail;
  }

  /** {@code ?actor=&target=&action=&org=&from=&to=&cursor=&limit=}, all optional; a page of events, newest first. */
  void search(Context ctx) {
    Actor actor = callers.actor(ctx);
    QueryParameters query = new QueryParameters(ctx, PLATFORM_QUERY);
    Query read = read(query, text(query.uuid("org")));
    query.done();
    Views.respond(ctx, 200,
        Views.Page.of(auditTrail.search(actor, read.filter(), read.cursor(), read.limit()), Views.AuditEvent::of));
  }

  /** The same as {@link #search} but for {@code org}, which the path gives. */
  void searchOrganization(Context ctx) {
    Actor actor = callers.actor(ctx);
    OrgId org = OrgId.parse(ctx.pathParam("id"));
    QueryParameters query = new QueryParameters(ctx, ORGANIZATION_QUERY);
    Query read = read(query, null);
    query.done();
    Views.respond(ctx, 200, Views.Page.of(
        auditTrail.searchOrganization(actor, org, read.filter(), read.cursor(), read.limit()), Views.AuditEvent::of));
  }

  private record Query(AuditFilter filter, String cursor, int limit) {}

  private static Query read(QueryParameters query, String org) {
    String actorId = text(query.uuid("actor"));
    String target = query.matching("target", TARGET,
        "Must be at most " + MAX_TARGET_LENGTH + " characters, without control characters.");
    String action = query.matching("action", ACTION, "Must be an action name such as login.failed.");
    Instant from = query.instant("from");
    Instant to = query.instant("to");
    String cursor = query.text("cursor");
    int limit = query.integer("limit", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    return new Query(new AuditFilter(actorId, target, action, org, from, to), cursor, limit);
  }

  /** An id as the audit log stores it: its canonical, lower-case text. */
  private static String text(UUID id) {
    return id == null ? null : id.toString();
  }
}
