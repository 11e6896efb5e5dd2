package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.hook.SignInAttempt;
import dev.keyhold.identity.model.hook.Verdict;

/**
 * Refuses a login or a refresh for a reason of the operator's (an address range, a suspended tenant), after the
 * credentials proved right and before any token is issued. A refusal answers {@code sign_in_refused} (403) with the
 * verdict's reason and is audited as {@code login.refused}; a refused refresh leaves its session as it was.
 *
 * <p>Runs on the request, within the hook timeout; an exception fails the request with {@code hook_failed}.
 */
public interface SignInCheck {

  Verdict check(SignInAttempt attempt);
}
