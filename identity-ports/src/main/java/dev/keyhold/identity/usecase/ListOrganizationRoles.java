package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.usecase.Organizations.RoleView;
import java.util.List;

/** The roles an organization can use. */
public interface ListOrganizationRoles {

  /** The built-in organization roles and the organization's own. Needs {@code roles:read}. */
  List<RoleView> listRoles(Actor actor, OrgId orgId);
}
