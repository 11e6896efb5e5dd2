package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.hook.RegistrationAttempt;
import dev.keyhold.identity.model.hook.Verdict;

/**
 * Accepts or refuses a sign-up (an email-domain allow-list, invite-only sign-up), by password or by a first sign-in
 * through an external provider. A refusal answers {@code registration_refused} (403) with the verdict's reason, and
 * is audited. It runs before Keyhold looks up the address, so its answer is the same whether or not the address has
 * an account: a check must decide from the attempt alone (never by looking the address up itself) to keep that.
 *
 * <p>Runs on the request, within the hook timeout, before anything is written; an exception fails the request with
 * {@code hook_failed}.
 */
public interface RegistrationCheck {

  Verdict check(RegistrationAttempt attempt);
}
