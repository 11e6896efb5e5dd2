package dev.keyhold.adapter.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.keyhold.identity.error.ExternalLoginException;
import dev.keyhold.identity.model.external.VerifiedExternalIdentity;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Microsoft Entra ID through the v2.0 endpoints. Every tenant signs with the same keys, so the signature does not tell
 * tenants apart: the token's issuer must be {@code {authority}/{tid}/v2.0} with the token's own {@code tid} claim (the
 * multi-tenant discovery document names the template {@code {authority}/{tenantid}/v2.0}), and that tenant must be one
 * the settings admit. The account is {@code tid:oid} (stable across apps, unlike {@code sub}). {@code email} is set by
 * tenant administrators and proves nothing (the "nOAuth" flaw): it is vouched for only when the token's
 * {@code xms_edov} claim is {@code true}, that is when the email's domain is verified for the tenant.
 */
final class EntraRules implements ProviderRules {

  static final String TENANT_TEMPLATE = "{tenantid}";

  private final String authority;
  private final String tenant;
  private final List<String> allowedTenants;

  EntraRules(MicrosoftSettings settings) {
    this.authority = settings.authorityHost().toString();
    this.tenant = settings.tenant();
    this.allowedTenants = settings.allowedTenants();
  }

  /** The issuer of one tenant (or, given {@link #TENANT_TEMPLATE}, the template). */
  String issuerOf(String tenantId) {
    return authority + "/" + tenantId + "/v2.0";
  }

  @Override
  public Issuer discoveryIssuer() {
    return new Issuer(issuerOf(tenant));
  }

  @Override
  public boolean acceptsDiscoveredIssuer(String named) {
    if (named.equals(issuerOf(TENANT_TEMPLATE))) {
      return !MicrosoftSettings.isGuid(tenant);
    }
    if (MicrosoftSettings.isGuid(tenant)) {
      return named.equals(issuerOf(tenant));
    }
    // the consumers document names the one tenant of personal accounts
    return tenant.equals("consumers") && named.equals(issuerOf(MicrosoftSettings.CONSUMERS_TENANT_ID));
  }

  @Override
  public Optional<Issuer> expectedIssuer(JWTClaimsSet unverified) {
    Object tid = unverified.getClaim("tid");
    if (!(tid instanceof String) || !MicrosoftSettings.isGuid((String) tid)) {
      return Optional.empty();
    }
    return Optional.of(new Issuer(issuerOf((String) tid)));
  }

  @Override
  public Map<String, String> authorizationParameters() {
    return Map.of();
  }

  @Override
  public VerifiedExternalIdentity identity(IDTokenClaimsSet validated) {
    // the validator has checked iss == issuerOf(tid), so tid is the tenant that signed the user in
    String tid = StandardClaims.text(validated, "tid");
    if (!admits(tid)) {
      throw ExternalLoginException.failed("tenant_not_allowed");
    }
    String oid = StandardClaims.text(validated, "oid");
    if (!MicrosoftSettings.isGuid(oid)) {
      throw ExternalLoginException.failed("bad_subject");
    }
    String email = StandardClaims.text(validated, "email");
    boolean domainVerified = Boolean.TRUE.equals(validated.getClaim("xms_edov"));
    return new VerifiedExternalIdentity(validated.getIssuer().getValue(), tid + ":" + oid, email,
        email != null && domainVerified, StandardClaims.text(validated, "name"));
  }

  private boolean admits(String tid) {
    boolean byTenant;
    switch (tenant) {
      case "common":
        byTenant = true;
        break;
      case "organizations":
        byTenant = !MicrosoftSettings.CONSUMERS_TENANT_ID.equals(tid);
        break;
      case "consumers":
        byTenant = MicrosoftSettings.CONSUMERS_TENANT_ID.equals(tid);
        break;
      default:
        byTenant = tenant.equals(tid);
        break;
    }
    return byTenant && (allowedTenants.isEmpty() || allowedTenants.contains(tid));
  }
}
