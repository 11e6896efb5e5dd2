package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.usecase.Organizations.MemberView;
import java.util.List;

/** The members of an organization. */
public interface ListMembers {

  /** Every member with their role. Needs {@code members:read}. */
  List<MemberView> listMembers(Actor actor, OrgId orgId);
}
