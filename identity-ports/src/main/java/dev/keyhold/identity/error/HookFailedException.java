package dev.keyhold.identity.error;

import java.util.Objects;

/**
 * An extension (a hook or a plugin's part) threw, ran past its timeout, or answered something invalid, so the request
 * failed before anything was written. {@link #hook()} names it (its class) for the operator; the cause stays in the
 * server's log, never in the answer.
 */
public final class HookFailedException extends IdentityException {

  private final String hook;

  public HookFailedException(String hook, String why, Throwable cause) {
    super(ErrorCode.HOOK_FAILED, "The extension " + Objects.requireNonNull(hook, "hook") + " failed: " + why + ".",
        cause);
    this.hook = hook;
  }

  /** The failing extension's class name. */
  public String hook() {
    return hook;
  }
}
