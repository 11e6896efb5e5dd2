package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.external.ExternalIdentity;
import dev.keyhold.identity.model.external.ExternalIdentityId;
import dev.keyhold.identity.model.user.UserId;
import java.util.List;
import java.util.Optional;

/**
 * The links between users and their accounts at external providers, unique by issuer and subject. May throw
 * {@link dev.keyhold.identity.error.StoreUnavailableException}. {@code ExternalIdentityRepositoryContract} in
 * identity-testkit turns this contract into tests.
 */
public interface ExternalIdentityRepository {

  /**
   * Stores a new link.
   *
   * @return {@code false} (and nothing stored) when a link with the same issuer and subject exists, for any user: of
   *     any number of concurrent inserts of one issuer and subject, exactly one returns {@code true}
   */
  boolean insert(ExternalIdentity identity);

  Optional<ExternalIdentity> find(String issuer, String subject);

  /** The user's links, oldest first. */
  List<ExternalIdentity> listByUser(UserId userId);

  /** Deletes the user's link {@code id}. @return whether the user had it */
  boolean delete(UserId userId, ExternalIdentityId id);
}
