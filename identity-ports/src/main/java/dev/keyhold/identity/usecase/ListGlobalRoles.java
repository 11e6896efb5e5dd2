package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.usecase.Administration.GlobalRoleView;
import java.util.List;

/** The platform's global roles. */
public interface ListGlobalRoles {

  /** Every global role, built in and custom. Needs {@code roles:write}. */
  List<GlobalRoleView> listGlobalRoles(Actor actor);
}
