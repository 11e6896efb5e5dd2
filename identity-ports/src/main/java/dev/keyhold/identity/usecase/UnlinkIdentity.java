package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.external.ExternalIdentityId;
import java.util.Objects;

/** Removes one of the signed-in user's external sign-in methods; audited and mailed. */
public interface UnlinkIdentity {

  record Command(Actor actor, ExternalIdentityId identityId) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(identityId, "identityId");
    }
  }

  /**
   * @throws dev.keyhold.identity.error.NotFoundException when the user has no such link
   * @throws dev.keyhold.identity.error.ConflictException {@code last_sign_in_method} when the user has no password and
   *     no other link
   */
  void unlink(Command command);
}
