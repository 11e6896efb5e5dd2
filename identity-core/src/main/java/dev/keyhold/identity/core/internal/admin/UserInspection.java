package dev.keyhold.identity.core.internal.admin;

import static dev.keyhold.identity.core.internal.admin.AdminChecks.NO_SUCH_USER;

import dev.keyhold.identity.core.internal.access.Authorizer;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.token.RefreshSession;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.MembershipRepository;
import dev.keyhold.identity.spi.OrganizationRepository;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import dev.keyhold.identity.spi.RoleRepository;
import dev.keyhold.identity.spi.TotpCredentialRepository;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.usecase.Administration.OrganizationPlace;
import dev.keyhold.identity.usecase.Administration.UserDetails;
import dev.keyhold.identity.usecase.Administration.UserSummary;
import dev.keyhold.identity.usecase.GetUser;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One user in full for administrators. The last sign-in is the start of the newest active session: Keyhold stores no
 * separate last-login time (docs/decisions.md). A membership whose organization vanished meanwhile is left out.
 */
final class UserInspection implements GetUser {

  private final UserRepository users;
  private final MembershipRepository memberships;
  private final OrganizationRepository organizations;
  private final RoleRepository roles;
  private final RefreshTokenRepository sessions;
  private final TotpCredentialRepository totp;
  private final Function<User, UserSummary> summaries;
  private final Authorizer access;
  private final Clock clock;

  UserInspection(UserRepository users, MembershipRepository memberships, OrganizationRepository organizations,
      RoleRepository roles, RefreshTokenRepository sessions, TotpCredentialRepository totp,
      Function<User, UserSummary> summaries, Authorizer access, Clock clock) {
    this.users = users;
    this.memberships = memberships;
    this.organizations = organizations;
    this.roles = roles;
    this.sessions = sessions;
    this.totp = totp;
    this.summaries = summaries;
    this.access = access;
    this.clock = clock;
  }

  @Override
  public UserDetails getUser(GetUser.Query query) {
    access.onPlatform(query.actor(), Scopes.USERS_READ);
    User user = users.findById(query.userId()).orElseThrow(() -> new NotFoundException(NO_SUCH_USER));
    List<OrganizationPlace> places = new ArrayList<>();
    for (Membership membership : memberships.listByUser(user.id())) {
      Optional<Organization> org = organizations.findById(membership.orgId());
      if (org.isPresent()) {
        String role = roles.findById(membership.roleId()).map(Role::name).orElse(null);
        places.add(new OrganizationPlace(org.get().id(), org.get().slug(), role));
      }
    }
    Instant now = clock.instant();
    List<RefreshSession> active = sessions.findActiveSessions(user.id(), now);
    Instant lastLogin = active.stream().map(RefreshSession::createdAt).max(Instant::compareTo).orElse(null);
    boolean mfa = totp.find(user.id()).map(credential -> credential.confirmed()).orElse(false);
    return new UserDetails(summaries.apply(user), places, active.size(), mfa, lastLogin);
  }
}
