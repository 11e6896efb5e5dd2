package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.usecase.Organizations.InvitationView;
import java.util.List;

/** The pending invitations of an organization. */
public interface ListInvitations {

  /** Pending invitations, newest first, without their secrets. Needs {@code invitations:read}. */
  List<InvitationView> listInvitations(Actor actor, OrgId orgId);
}
