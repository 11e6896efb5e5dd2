package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.mfa.TotpCredential;
import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Users' TOTP authenticators, at most one per user. Every change is one conditional write, so that two nodes acting
 * on one user at once cannot both succeed where only one may. May throw
 * {@link dev.keyhold.identity.error.StoreUnavailableException}. {@code TotpCredentialRepositoryContract} in
 * identity-testkit turns this contract into tests.
 */
public interface TotpCredentialRepository {

  /**
   * Stores a pending credential, replacing the user's pending one if any; a confirmed credential is never replaced.
   *
   * @return {@code false} (and nothing changed) when the user has a confirmed credential
   */
  boolean savePending(TotpCredential pending);

  Optional<TotpCredential> find(UserId userId);

  /**
   * Confirms the user's pending credential, recording {@code step} as used (the code that confirmed it cannot sign
   * in).
   *
   * @return {@code false} when the user has no pending credential (none, or already confirmed)
   */
  boolean confirm(UserId userId, long step, Instant at);

  /**
   * Records that a code of {@code step} was accepted, if the user's credential is confirmed and no code of this or a
   * later step was accepted before: of any number of concurrent calls with one step, at most one returns
   * {@code true}.
   */
  boolean useStep(UserId userId, long step);

  /** Deletes the user's credential, pending or confirmed. @return whether there was one */
  boolean delete(UserId userId);

  /**
   * One page of every stored credential, pending or confirmed, for maintenance that visits them all (resealing the
   * secrets under a new key-encryption key): up to {@code limit} credentials in an order of user ids the store
   * chooses and keeps, starting after the credential of {@code after} ({@code null}: from the first). Passing the
   * last user id of a page gets the next one; an empty page is the end. Credentials saved or deleted meanwhile may or
   * may not appear; every credential stored throughout appears exactly once.
   *
   * @throws IllegalArgumentException when {@code limit} is not positive
   */
  List<TotpCredential> findPage(UserId after, int limit);

  /**
   * Replaces the sealed secret of the user's credential with {@code sealed}, if it is still {@code expectedSealed}:
   * for resealing under a new key-encryption key while nodes run. One compare-and-set: a credential replaced,
   * confirmed with another secret or deleted meanwhile is never overwritten; nothing else of the credential changes
   * (its confirmation and last used step stay as they are at the time of the write).
   *
   * @return true when this call replaced it; false when the user has no credential or its sealed secret is no longer
   *     {@code expectedSealed}, and nothing changed
   */
  boolean replaceSealedSecret(UserId userId, String expectedSealed, String sealed);
}
