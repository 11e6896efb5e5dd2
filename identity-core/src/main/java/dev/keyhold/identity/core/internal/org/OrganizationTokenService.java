package dev.keyhold.identity.core.internal.org;

import dev.keyhold.identity.core.internal.access.Authorizer;
import dev.keyhold.identity.core.internal.access.OrgAccess;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.token.SessionIssuer;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.MfaRequiredException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.usecase.IssueOrganizationToken;
import dev.keyhold.identity.usecase.Organizations.OrganizationToken;
import java.util.Map;

/** Organization-scoped access tokens, carrying the member's current scopes there. */
final class OrganizationTokenService implements IssueOrganizationToken {

  private final UserRepository users;
  private final Authorizer access;
  private final SessionIssuer sessionIssuer;
  private final Auditor audit;

  OrganizationTokenService(UserRepository users, Authorizer access, SessionIssuer sessionIssuer, Auditor audit) {
    this.users = users;
    this.access = access;
    this.sessionIssuer = sessionIssuer;
    this.audit = audit;
  }

  @Override
  public OrganizationToken issueToken(IssueOrganizationToken.Command command) {
    Actor actor = command.actor();
    OrgAccess caller = access.member(actor, command.orgId());
    User user = users.findById(actor.userId()).filter(User::active)
        .orElseThrow(() -> new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, "user_inactive"));
    if (caller.organization().requireMfa()) {
      try {
        sessionIssuer.requireSecondFactor(user.id(), actor.sessionId(),
            "This organization requires two-factor sign-in: sign in again with your authenticator app.");
      } catch (MfaRequiredException refused) {
        audit.failure("org.token_refused", actor.userId(), actor.sessionId(), command.orgId(), actor.client(),
            Map.of("reason", "mfa_required"));
        throw refused;
      }
    }
    OrganizationToken token =
        sessionIssuer.organizationToken(user, actor.sessionId(), command.orgId(), caller.sortedScopes());
    audit.success("org.token_issued", actor.userId(), actor.sessionId(), command.orgId(), actor.client(),
        Map.of("scopes", String.join(" ", token.scopes())));
    return token;
  }
}
