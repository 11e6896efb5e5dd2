package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.hook.ClaimsRequest;
import java.util.Map;

/**
 * Adds claims to access tokens (what Keycloak's protocol mappers do). The values must be JSON: strings, numbers,
 * booleans, {@code null}, and lists and string-keyed maps of those. A claim in {@link ClaimsRequest#RESERVED}, a
 * value of another type, or more than {@link ClaimsRequest#MAX_CUSTOM_CLAIMS_BYTES} in all fails the request with
 * {@code hook_failed}: a token is never signed with a claim its customizer did not mean.
 *
 * <p>Runs for every token issued (login, refresh, organization token), within the hook timeout; keep it fast.
 */
public interface TokenClaimsCustomizer {

  Map<String, Object> claims(ClaimsRequest request);
}
