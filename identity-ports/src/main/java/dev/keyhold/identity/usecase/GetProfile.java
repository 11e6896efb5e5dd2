package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import java.time.Instant;

/** Reads a user's own profile. */
public interface GetProfile {

  /** @param mfaEnabled whether login asks for a second factor */
  record Profile(UserId id, String email, String displayName, boolean emailVerified, UserStatus status,
      Instant createdAt, boolean mfaEnabled) {}

  /** @throws dev.keyhold.identity.error.NotFoundException when there is no such user */
  Profile profile(UserId userId);
}
