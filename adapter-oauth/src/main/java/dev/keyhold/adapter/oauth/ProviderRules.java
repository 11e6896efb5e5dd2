package dev.keyhold.adapter.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.keyhold.identity.model.external.VerifiedExternalIdentity;
import java.util.Map;
import java.util.Optional;

/**
 * What sets one kind of provider apart from the standard relying party in {@link OidcRelyingParty}: where its
 * discovery document is, which issuers it signs as, and what its claims mean.
 */
interface ProviderRules {

  /** The issuer whose {@code /.well-known/openid-configuration} describes the provider. */
  Issuer discoveryIssuer();

  /** Whether the discovery document's {@code issuer} is the one this provider must name. */
  boolean acceptsDiscoveredIssuer(String discovered);

  /**
   * The issuer an ID token must name exactly, chosen from its claims before its signature is checked (Google has two
   * spellings, Entra one issuer per tenant); empty when the token names no issuer this provider signs as. The choice
   * is safe because the validator then requires the signature and that exact {@code iss}.
   */
  Optional<Issuer> expectedIssuer(JWTClaimsSet unverified);

  /** Parameters added to the authorization request, such as Google's {@code hd} hint. */
  Map<String, String> authorizationParameters();

  /**
   * The identity a validated ID token vouches for, after this provider's own rules.
   *
   * @throws dev.keyhold.identity.error.ExternalLoginException when a rule refuses the token
   */
  VerifiedExternalIdentity identity(IDTokenClaimsSet validated);
}
