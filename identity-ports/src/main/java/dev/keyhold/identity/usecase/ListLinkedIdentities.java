package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.external.ExternalIdentityId;
import java.time.Instant;
import java.util.List;

/** The signed-in user's accounts at external providers, linked for sign-in. */
public interface ListLinkedIdentities {

  /** A link as its user sees it: never the subject, which is the provider's business. */
  record LinkedIdentity(ExternalIdentityId id, String provider, String email, Instant linkedAt) {}

  List<LinkedIdentity> linkedIdentities(Actor actor);
}
