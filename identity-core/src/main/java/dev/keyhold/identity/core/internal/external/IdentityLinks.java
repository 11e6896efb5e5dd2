package dev.keyhold.identity.core.internal.external;

import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.external.ExternalIdentity;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.ExternalIdentityRepository;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.usecase.ListLinkedIdentities.LinkedIdentity;
import dev.keyhold.identity.usecase.UnlinkIdentity;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The signed-in user's links: listing them, and removing one unless it is the last way to sign in (no password and no
 * other link). Two removals racing on a password-less account could each see the other's link and leave none; after
 * deleting, the removal looks again and puts its link back when nothing is left.
 */
final class IdentityLinks {

  private final UserRepository users;
  private final ExternalIdentityRepository identities;
  private final MailOutbox outbox;
  private final SecretGenerator secrets;
  private final Auditor audit;
  private final Clock clock;
  private final String productName;
  private final Function<String, String> providerDisplayName;

  /** @param providerDisplayName a provider's display name by its name (its name when it is no longer configured) */
  IdentityLinks(UserRepository users, ExternalIdentityRepository identities, MailOutbox outbox,
      SecretGenerator secrets, Auditor audit, Clock clock, String productName,
      Function<String, String> providerDisplayName) {
    this.users = users;
    this.identities = identities;
    this.outbox = outbox;
    this.secrets = secrets;
    this.audit = audit;
    this.clock = clock;
    this.productName = productName;
    this.providerDisplayName = providerDisplayName;
  }

  List<LinkedIdentity> list(Actor actor) {
    return identities.listByUser(actor.userId()).stream()
        .map(link -> new LinkedIdentity(link.id(), link.provider(), link.email(), link.linkedAt()))
        .toList();
  }

  void unlink(UnlinkIdentity.Command command) {
    Actor actor = command.actor();
    User user = users.findById(actor.userId()).filter(User::active)
        .orElseThrow(() -> new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, "user_inactive"));
    List<ExternalIdentity> links = identities.listByUser(user.id());
    ExternalIdentity link = links.stream().filter(candidate -> candidate.id().equals(command.identityId()))
        .findFirst().orElseThrow(IdentityLinks::noSuchLink);
    if (user.password().isEmpty() && links.size() == 1) {
      throw lastSignInMethod();
    }
    if (!identities.delete(user.id(), link.id())) {
      throw noSuchLink();
    }
    if (!canStillSignIn(user.id())) {
      identities.insert(link);
      throw lastSignInMethod();
    }
    audit.success("oauth.identity_unlinked", user.id(), user.id(), actor.client(),
        Map.of("provider", link.provider(), "identity", link.id().toString()));
    outbox.enqueue(secrets.newId(), ExternalMail.notice(user.email().display(), ExternalMail.Change.UNLINKED,
        providerDisplayName.apply(link.provider()), productName), clock.instant());
  }

  private boolean canStillSignIn(UserId userId) {
    return users.findById(userId).flatMap(User::password).isPresent() || !identities.listByUser(userId).isEmpty();
  }

  private static NotFoundException noSuchLink() {
    return new NotFoundException("No such sign-in method.");
  }

  private static ConflictException lastSignInMethod() {
    return new ConflictException(ErrorCode.LAST_SIGN_IN_METHOD,
        "This is your only way to sign in: set a password or link another provider first.");
  }
}
