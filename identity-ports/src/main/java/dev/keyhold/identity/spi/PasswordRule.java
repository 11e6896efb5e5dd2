package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.hook.PasswordCandidate;
import dev.keyhold.identity.model.hook.Verdict;

/**
 * An operator's extra rule for new passwords, checked after the built-in policy passed, for a registration, a reset,
 * a change or the bootstrap administrator. A refusal becomes a {@code validation_failed} violation on the password
 * field with the verdict's reason as its code and its message; nothing is stored.
 *
 * <p>Runs on the request, within the hook timeout, before anything is written; an exception fails the request with
 * {@code hook_failed}. Must never log or keep the password.
 */
public interface PasswordRule {

  Verdict check(PasswordCandidate candidate);
}
