package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import java.util.Objects;

/** A signed-in user changes their own profile: today, the display name. */
public interface UpdateProfile {

  /**
   * @param displayName the new name, validated as at registration (trimmed; at most
   *     {@value dev.keyhold.identity.model.user.User#DISPLAY_NAME_MAX_LENGTH} code points, no control characters);
   *     {@code null} or blank removes it
   */
  record Command(Actor actor, String displayName) {
    public Command {
      Objects.requireNonNull(actor, "actor");
    }
  }

  /**
   * Stores the name and audits {@code user.profile_updated}; setting the name it already has changes nothing and
   * records nothing.
   *
   * @return the profile as it now is
   * @throws dev.keyhold.identity.error.ValidationException when the name is refused ({@code display_name})
   * @throws dev.keyhold.identity.error.InvalidTokenException when the caller's account is gone or disabled
   */
  GetProfile.Profile updateProfile(Command command);
}
