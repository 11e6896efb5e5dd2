package dev.keyhold.identity.core.internal.protection;

import dev.keyhold.identity.core.crypto.EmailPseudonyms;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.UserId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whom a refused sign-in aimed at, for its audit event: the account's id as the event's target when the address has
 * an account, otherwise the address's keyed pseudonym ({@link EmailPseudonyms}) in the detail {@value #DETAIL}; never
 * the address, never a password. So a brute force against one account shows as one target, not only as addresses.
 */
public final class RefusalTargets {

  /** The detail that carries the pseudonym of an address without an account. */
  public static final String DETAIL = "email_pseudonym";

  /** The target and the details to add to the event's own. */
  public record Target(UserId account, Map<String, String> details) {

    public Target {
      details = Map.copyOf(details);
    }

    /** The event's own details and this target's. */
    public Map<String, String> with(Map<String, String> own) {
      Map<String, String> all = new HashMap<>(own);
      all.putAll(details);
      return Map.copyOf(all);
    }
  }

  private final Function<Email, Optional<UserId>> accounts;
  private final EmailPseudonyms pseudonyms;

  /** @param accounts the id of the account with an address, looked up only when a refusal is audited */
  public RefusalTargets(Function<Email, Optional<UserId>> accounts, EmailPseudonyms pseudonyms) {
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
  }

  /**
   * Looks the address's account up. A store that cannot answer gives the pseudonym instead: the refusal is answered
   * all the same, and its event still names the address's key.
   */
  public Target of(Email email) {
    Optional<UserId> account;
    try {
      account = accounts.apply(email);
    } catch (StoreUnavailableException e) {
      account = Optional.empty();
    }
    return account.map(id -> new Target(id, Map.of())).orElseGet(() -> unknown(email));
  }

  /** For a caller that has looked the address up already: the account, or the pseudonym when there is none. */
  public Target of(Email email, Optional<UserId> account) {
    return account.map(id -> new Target(id, Map.of())).orElseGet(() -> unknown(email));
  }

  private Target unknown(Email email) {
    return new Target(null, Map.of(DETAIL, pseudonyms.of(email)));
  }
}
