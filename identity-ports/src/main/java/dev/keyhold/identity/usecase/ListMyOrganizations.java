package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.usecase.Organizations.OrganizationView;
import java.util.List;

/** The organizations the caller belongs to. */
public interface ListMyOrganizations {

  /** The caller's organizations with their role in each, oldest membership first. Any user may; changes nothing. */
  List<OrganizationView> listMine(Actor actor);
}
