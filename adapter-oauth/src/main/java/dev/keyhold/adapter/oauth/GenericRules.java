package dev.keyhold.adapter.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.keyhold.identity.model.external.VerifiedExternalIdentity;
import java.util.Map;
import java.util.Optional;

/**
 * A provider that follows OpenID Connect to the letter: one issuer, found by discovery and named exactly by every
 * token; {@code sub} is the account; {@code email} is vouched for only with {@code email_verified}.
 */
final class GenericRules implements ProviderRules {

  private final Issuer issuer;

  GenericRules(Issuer issuer) {
    this.issuer = issuer;
  }

  @Override
  public Issuer discoveryIssuer() {
    return issuer;
  }

  @Override
  public boolean acceptsDiscoveredIssuer(String discovered) {
    return issuer.getValue().equals(discovered);
  }

  @Override
  public Optional<Issuer> expectedIssuer(JWTClaimsSet unverified) {
    return Optional.of(issuer);
  }

  @Override
  public Map<String, String> authorizationParameters() {
    return Map.of();
  }

  @Override
  public VerifiedExternalIdentity identity(IDTokenClaimsSet validated) {
    return new VerifiedExternalIdentity(issuer.getValue(), validated.getSubject().getValue(),
        StandardClaims.text(validated, "email"), StandardClaims.emailVerified(validated),
        StandardClaims.text(validated, "name"));
  }
}
