package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.usecase.Administration.UserDetails;
import java.util.Objects;

/** One user as administrators see them in full: roles, organizations, sessions, two-factor state, last sign-in. */
public interface GetUser {

  record Query(Actor actor, UserId userId) {
    public Query {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(userId, "userId");
    }
  }

  /**
   * Needs {@code users:read}. Reads only; not audited (as listing users is not).
   *
   * @throws dev.keyhold.identity.error.NotFoundException for an unknown user
   */
  UserDetails getUser(Query query);
}
