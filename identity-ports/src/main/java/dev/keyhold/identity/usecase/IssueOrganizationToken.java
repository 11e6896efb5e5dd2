package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.usecase.Organizations.OrganizationToken;
import java.util.Objects;

/** Issues an access token scoped to one organization, in the caller's session. */
public interface IssueOrganizationToken {

  record Command(Actor actor, OrgId orgId) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(orgId, "orgId");
    }
  }

  /**
   * An access token with {@code org_id} and the caller's current scopes in the organization. Any member may; audited.
   *
   * @throws dev.keyhold.identity.error.NotFoundException when the caller is not a member
   * @throws dev.keyhold.identity.error.InvalidTokenException of kind {@code ACCESS_TOKEN} when the caller's account
   *     is no longer active
   */
  OrganizationToken issueToken(Command command);
}
