package com.example.plugin;

import dev.keyhold.identity.model.hook.ClaimsRequest;
import dev.keyhold.identity.spi.TokenClaimsCustomizer;
import java.util.Map;

/**
 * Adds the subscriber's plan to every access token, so that APIs can decide without a lookup. A real plugin would
 * look the plan up (quickly: it runs for every token, within the hook timeout); this one derives it from the address.
 */
final class PlanClaims implements TokenClaimsCustomizer {

  @Override
  public Map<String, Object> claims(ClaimsRequest request) {
    String plan = request.email().endsWith("@example.com") ? "enterprise" : "free";
    return Map.of("plan", plan, "plan_features", java.util.List.of("sso", "audit"));
  }
}
