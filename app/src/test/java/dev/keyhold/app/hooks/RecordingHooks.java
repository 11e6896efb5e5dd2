package dev.keyhold.app.hooks;

import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.hook.ClaimsRequest;
import dev.keyhold.identity.model.hook.PasswordCandidate;
import dev.keyhold.identity.model.hook.Verdict;
import dev.keyhold.identity.spi.IdentityEventListener;
import dev.keyhold.identity.spi.PasswordRule;
import dev.keyhold.identity.spi.TokenClaimsCustomizer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@code HOOK_MODULES} class of three kinds at once, as an operator would write it: refuses passwords that contain
 * "lighthouse", adds {@code "tier": "gold"} to access tokens, and records every event it hears.
 */
public final class RecordingHooks implements PasswordRule, TokenClaimsCustomizer, IdentityEventListener {

  /** Every event heard, by any instance, in order. */
  public static final List<IdentityEvent> EVENTS = new CopyOnWriteArrayList<>();

  @Override
  public Verdict check(PasswordCandidate candidate) {
    return candidate.password().contains("lighthouse")
        ? Verdict.refuse("no_lighthouse", "Passwords may not mention the lighthouse.")
        : Verdict.accept();
  }

  @Override
  public Map<String, Object> claims(ClaimsRequest request) {
    return Map.of("tier", "gold");
  }

  @Override
  public void on(IdentityEvent event) {
    EVENTS.add(event);
  }
}
