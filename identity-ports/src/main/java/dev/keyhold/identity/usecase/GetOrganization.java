package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.usecase.Organizations.OrganizationView;

/** Reads one organization. */
public interface GetOrganization {

  /**
   * The organization with the caller's role in it. Needs {@code org:read}.
   *
   * @throws dev.keyhold.identity.error.NotFoundException when the caller is not a member, whether or not it exists
   * @throws dev.keyhold.identity.error.ForbiddenException for a member without the scope
   */
  OrganizationView get(Actor actor, OrgId orgId);
}
