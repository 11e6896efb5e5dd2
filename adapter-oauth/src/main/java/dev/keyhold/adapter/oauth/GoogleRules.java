package dev.keyhold.adapter.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.keyhold.identity.error.ExternalLoginException;
import dev.keyhold.identity.model.external.VerifiedExternalIdentity;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Google: its ID tokens name the issuer {@code https://accounts.google.com} or, in some flows, {@code
 * accounts.google.com}; both are the same issuer, and identities are keyed on the first so that a person is one
 * identity whichever spelling their token used. {@code email} is vouched for only with {@code email_verified}; with a
 * hosted domain configured, the token's {@code hd} claim must name it (the request's {@code hd} parameter is only a
 * hint that anyone can remove from the URL).
 */
final class GoogleRules implements ProviderRules {

  private final Issuer issuer;
  private final Set<String> spellings;
  private final String hostedDomain;

  GoogleRules(GoogleSettings settings) {
    URI uri = settings.issuer();
    this.issuer = new Issuer(uri.toString());
    String withoutScheme = uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    this.spellings = Set.of(issuer.getValue(), withoutScheme);
    this.hostedDomain = settings.hostedDomain();
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
    String named = unverified.getIssuer();
    return named != null && spellings.contains(named) ? Optional.of(new Issuer(named)) : Optional.empty();
  }

  @Override
  public Map<String, String> authorizationParameters() {
    return hostedDomain == null ? Map.of() : Map.of("hd", hostedDomain);
  }

  @Override
  public VerifiedExternalIdentity identity(IDTokenClaimsSet validated) {
    if (hostedDomain != null) {
      String hd = StandardClaims.text(validated, "hd");
      if (hd == null || !hd.toLowerCase(Locale.ROOT).equals(hostedDomain)) {
        throw ExternalLoginException.failed("hosted_domain");
      }
    }
    return new VerifiedExternalIdentity(issuer.getValue(), validated.getSubject().getValue(),
        StandardClaims.text(validated, "email"), StandardClaims.emailVerified(validated),
        StandardClaims.text(validated, "name"));
  }
}
