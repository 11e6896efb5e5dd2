package dev.keyhold.adapter.http;

import dev.keyhold.identity.model.audit.AuditRecord;
import dev.keyhold.identity.usecase.Administration;
import dev.keyhold.identity.usecase.Organizations;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The JSON shapes of organizations, members, invitations, roles, users and audit events, shared by their routes. */
final class Views {

  private Views() {}

  /** Answers with a view: they hold personal data and permissions, so no cache may keep them. */
  static void respond(Context ctx, int status, Object view) {
    ctx.header("Cache-Control", "no-store");
    ctx.status(status).json(view);
  }

  /** A list: {@code {"items": [...]}}. */
  record Items<T>(List<T> items) {

    static <S, T> Items<T> of(List<S> items, Function<S, T> view) {
      return new Items<>(items.stream().map(view).toList());
    }
  }

  /** One page of a list: {@code {"items": [...], "next_cursor": ...}}, the cursor {@code null} on the last page. */
  record Page<T>(List<T> items, String nextCursor) {

    static <S, T> Page<T> of(Administration.Page<S> page, Function<S, T> view) {
      return new Page<>(page.items().stream().map(view).toList(), page.nextCursor());
    }
  }

  record Organization(String id, String name, String slug, boolean requireMfa, String createdAt, String role) {

    static Organization of(Organizations.OrganizationView view) {
      return new Organization(text(view.id()), view.name(), view.slug(), view.requireMfa(), instant(view.createdAt()),
          view.role());
    }
  }

  record Member(String userId, String email, String displayName, String role, String roleId, String joinedAt) {

    static Member of(Organizations.MemberView view) {
      return new Member(text(view.userId()), view.email(), view.displayName(), view.role(), text(view.roleId()),
          instant(view.joinedAt()));
    }
  }

  /** An invitation; never its token, which only the invited address receives. */
  record Invitation(
      String id, String email, String role, String roleId, String invitedBy, String createdAt, String expiresAt,
      String status) {

    static Invitation of(Organizations.InvitationView view) {
      return new Invitation(text(view.id()), view.email(), view.role(), text(view.roleId()), text(view.invitedBy()),
          instant(view.createdAt()), instant(view.expiresAt()), lowerCase(view.status()));
    }
  }

  /** An organization role or a global role. */
  record Role(String id, String name, List<String> scopes, boolean builtIn) {

    static Role of(Organizations.RoleView view) {
      return new Role(text(view.id()), view.name(), view.scopes(), view.builtIn());
    }

    static Role of(Administration.GlobalRoleView view) {
      return new Role(text(view.id()), view.name(), view.scopes(), view.builtIn());
    }
  }

  record User(
      String id, String email, String displayName, String status, boolean emailVerified, String createdAt,
      List<String> roles) {

    static User of(Administration.UserSummary summary) {
      return new User(text(summary.id()), summary.email(), summary.displayName(), lowerCase(summary.status()),
          summary.emailVerified(), instant(summary.createdAt()), summary.roles());
    }
  }

  /** A user in full: the fields of {@link User}, their organizations, sessions, two-factor state and last sign-in. */
  record UserDetails(
      String id, String email, String displayName, String status, boolean emailVerified, String createdAt,
      List<String> roles, List<OrganizationPlace> organizations, int activeSessions, boolean mfaEnabled,
      String lastLoginAt) {

    static UserDetails of(Administration.UserDetails details) {
      Administration.UserSummary user = details.user();
      return new UserDetails(text(user.id()), user.email(), user.displayName(), lowerCase(user.status()),
          user.emailVerified(), instant(user.createdAt()), user.roles(),
          details.organizations().stream().map(OrganizationPlace::of).toList(), details.activeSessions(),
          details.mfaEnabled(), details.lastLoginAt() == null ? null : instant(details.lastLoginAt()));
    }
  }

  /** One of a user's organizations and their role in it ({@code null} if the role vanished meanwhile). */
  record OrganizationPlace(String id, String slug, String role) {

    static OrganizationPlace of(Administration.OrganizationPlace place) {
      return new OrganizationPlace(text(place.id()), place.slug(), place.role());
    }
  }

  /**
   * An audit event: {@code id} is its place in the log (its seq, as text, since it may outgrow a JSON number's exact
   * range), the absent ones of actor, target, organization, address, user agent and request id are {@code null}, and
   * the details are an object of strings, keys sorted. The hashes stay out: they are for verification, not reading.
   */
  record AuditEvent(
      String id, String action, String outcome, String actorId, String targetId, String orgId, String ipAddress,
      String userAgent, String requestId, String occurredAt, Map<String, String> details) {

    static AuditEvent of(AuditRecord record) {
      dev.keyhold.identity.model.audit.AuditEvent event = record.event();
      return new AuditEvent(Long.toString(record.seq()), event.action(), event.outcome(), event.actorId(),
          event.targetId(), event.orgId(), event.client().ipAddress(), event.client().userAgent(),
          event.client().requestId(), instant(event.at()), new TreeMap<>(event.details()));
    }
  }

  static String instant(Instant instant) {
    return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  /** A typed id's text (its {@code toString}), or {@code null}. */
  static String text(Object id) {
    return id == null ? null : id.toString();
  }

  static String lowerCase(Enum<?> constant) {
    return constant == null ? null : constant.name().toLowerCase(Locale.ROOT);
  }
}
