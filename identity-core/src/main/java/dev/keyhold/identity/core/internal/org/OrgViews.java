package dev.keyhold.identity.core.internal.org;

import dev.keyhold.identity.core.internal.access.OrgAccess;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.org.Invitation;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.RoleRepository;
import dev.keyhold.identity.usecase.Organizations.InvitationView;
import dev.keyhold.identity.usecase.Organizations.MemberView;
import dev.keyhold.identity.usecase.Organizations.OrganizationView;
import dev.keyhold.identity.usecase.Organizations.RoleView;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The views the organization use cases answer with, built from stored records. */
final class OrgViews {

  private OrgViews() {}

  static OrganizationView view(OrgAccess access) {
    return view(access.organization(), access.role());
  }

  static OrganizationView view(Organization organization, Role role) {
    return new OrganizationView(organization.id(), organization.name(), organization.slug(),
        organization.requireMfa(), organization.createdAt(), role.name());
  }

  static InvitationView view(Invitation invitation, String role, Instant now) {
    return new InvitationView(invitation.id(), invitation.email().display(), invitation.roleId(), role,
        invitation.invitedBy(), invitation.createdAt(), invitation.expiresAt(), invitation.statusAt(now));
  }

  static MemberView view(Membership membership, User user, String role) {
    return new MemberView(user.id(), user.email().display(), user.displayName(), membership.roleId(), role,
        membership.createdAt());
  }

  static RoleView view(Role role) {
    return new RoleView(role.id(), role.name(), Scopes.sorted(role.scopes()), role.builtIn());
  }

  /** Role names by id for one answer: each role is read once, and a role that is gone reads {@code unknown}. */
  static final class RoleNames {

    private final RoleRepository roles;
    private final Map<RoleId, String> names = new HashMap<>();

    RoleNames(RoleRepository roles) {
      this.roles = roles;
    }

    String of(RoleId roleId) {
      return names.computeIfAbsent(roleId, id -> roles.findById(id).map(Role::name).orElse("unknown"));
    }
  }
}
