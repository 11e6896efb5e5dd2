package dev.keyhold.identity.core.internal.external;

/**
 * Which account a verified provider identity signs in to, decided from what is known about it; a pure function, so
 * every combination is tested on its own. Identities are keyed on issuer and subject: an email address only ever
 * leads to an existing account when the provider vouches for it, since an address a provider merely repeats (Entra's
 * {@code email} claim, an unverified Google address) may belong to someone else.
 */
final class LinkingPolicy {

  /** What to do, and for refusals the reason written to the audit log. */
  enum Decision {
    /** The identity is linked: sign its user in. */
    SIGN_IN_LINKED_USER(null),
    /** A local account with the address the provider vouches for, itself verified: link it, mail its owner. */
    LINK_VERIFIED_ACCOUNT(null),
    /**
     * A local account with the address the provider vouches for, never verified: whoever registered it never proved
     * the address, and may have done so to hijack the owner's later sign-in (pre-account hijacking). The owner, now
     * proven by the provider, takes it over: its password, second factors, other links and sessions go, the address
     * is marked verified, then the identity is linked.
     */
    CLAIM_UNVERIFIED_ACCOUNT(null),
    /** No account has the address the provider vouches for: create a verified user without a password. */
    CREATE_USER(null),
    /** An account has the address, but the provider does not vouch for it: never link on its word. */
    REFUSE_EMAIL_UNVERIFIED("email_unverified"),
    /** No account has the address, and the provider vouches for none: there is no address to create a user with. */
    REFUSE_NO_VERIFIED_EMAIL("no_verified_email");

    private final String reason;

    Decision(String reason) {
      this.reason = reason;
    }

    /** The audit reason of a refusal; {@code null} for the other decisions. */
    String reason() {
      return reason;
    }

    boolean refused() {
      return reason != null;
    }
  }

  private LinkingPolicy() {}

  /**
   * @param linked whether the identity's issuer and subject are linked to a user
   * @param accountWithEmail whether a local account has the address the provider gave (false when it gave none)
   * @param accountEmailVerified whether that account's address is verified (ignored without one)
   * @param providerVouches whether the provider gave an address and says the person owns it
   */
  static Decision decide(boolean linked, boolean accountWithEmail, boolean accountEmailVerified,
      boolean providerVouches) {
    if (linked) {
      return Decision.SIGN_IN_LINKED_USER;
    }
    if (!providerVouches) {
      return accountWithEmail ? Decision.REFUSE_EMAIL_UNVERIFIED : Decision.REFUSE_NO_VERIFIED_EMAIL;
    }
    if (!accountWithEmail) {
      return Decision.CREATE_USER;
    }
    return accountEmailVerified ? Decision.LINK_VERIFIED_ACCOUNT : Decision.CLAIM_UNVERIFIED_ACCOUNT;
  }
}
