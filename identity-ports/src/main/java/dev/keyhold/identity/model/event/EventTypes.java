package dev.keyhold.identity.model.event;

import java.util.Map;

/** The wire names of the event types ({@link IdentityEvent#type()}), defined once. */
final class EventTypes {

  static final Map<Class<?>, String> NAMES = Map.ofEntries(
      Map.entry(IdentityEvent.UserRegistered.class, "user.registered"),
      Map.entry(IdentityEvent.EmailVerified.class, "user.email_verified"),
      Map.entry(IdentityEvent.EmailChanged.class, "user.email_changed"),
      Map.entry(IdentityEvent.PasswordChanged.class, "user.password_changed"),
      Map.entry(IdentityEvent.ProfileUpdated.class, "user.profile_updated"),
      Map.entry(IdentityEvent.TwoFactorChanged.class, "user.two_factor_changed"),
      Map.entry(IdentityEvent.UserDeleted.class, "user.deleted"),
      Map.entry(IdentityEvent.SessionStarted.class, "session.started"),
      Map.entry(IdentityEvent.SessionRevoked.class, "session.revoked"),
      Map.entry(IdentityEvent.RefreshTokenReused.class, "session.refresh_token_reused"),
      Map.entry(IdentityEvent.OrganizationCreated.class, "organization.created"),
      Map.entry(IdentityEvent.OrganizationUpdated.class, "organization.updated"),
      Map.entry(IdentityEvent.OrganizationDeleted.class, "organization.deleted"),
      Map.entry(IdentityEvent.InvitationCreated.class, "invitation.created"),
      Map.entry(IdentityEvent.InvitationRevoked.class, "invitation.revoked"),
      Map.entry(IdentityEvent.MemberJoined.class, "member.joined"),
      Map.entry(IdentityEvent.MemberRoleChanged.class, "member.role_changed"),
      Map.entry(IdentityEvent.MemberRemoved.class, "member.removed"),
      Map.entry(IdentityEvent.RoleCreated.class, "role.created"),
      Map.entry(IdentityEvent.GlobalRoleChanged.class, "user.global_role_changed"),
      Map.entry(IdentityEvent.UserStatusChanged.class, "user.status_changed"));

  private EventTypes() {}

  static String of(IdentityEvent event) {
    String name = NAMES.get(event.getClass());
    if (name == null) {
      throw new IllegalStateException("no type name for " + event.getClass().getName());
    }
    return name;
  }

  /** Every type name, for filters to be checked against. */
  static java.util.Collection<String> all() {
    return NAMES.values();
  }
}
