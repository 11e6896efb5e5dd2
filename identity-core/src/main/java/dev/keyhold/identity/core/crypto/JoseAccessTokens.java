package dev.keyhold.identity.core.crypto;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import dev.keyhold.identity.spi.AccessTokenSigner;
import dev.keyhold.identity.spi.AccessTokenVerifier;
import dev.keyhold.identity.spi.PublicKeySet;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The default access-token signer and verifier: compact JWS with {@code typ: at+jwt} (RFC 9068), signed by the
 * active key of a {@link SigningKeys} set, verified against any key of it, and published as a JWK Set.
 *
 * <p>Verification accepts a token only when all of these hold, and otherwise throws
 * {@link InvalidTokenException} of kind {@code ACCESS_TOKEN} whose {@code reason} names the first failed check:
 * <ul>
 *   <li>it parses as a JWS ({@code malformed}); {@code alg: none} is refused ({@code bad_alg});
 *   <li>its header holds only {@code alg}, {@code typ} and {@code kid} ({@code forbidden_header}), so {@code jku},
 *       {@code x5u}, {@code jwk}, {@code x5c} and {@code crit} are refused;
 *   <li>{@code typ} is {@code at+jwt} or {@code application/at+jwt} ({@code bad_type});
 *   <li>{@code kid} is present ({@code missing_kid}) and names a key of the set ({@code unknown_kid});
 *   <li>{@code alg} is exactly the algorithm that key is pinned to ({@code bad_alg});
 *   <li>the signature verifies with that key ({@code bad_signature});
 *   <li>{@code iss} equals the issuer ({@code bad_issuer}) and {@code aud} contains the audience
 *       ({@code bad_audience});
 *   <li>{@code sub}, {@code exp}, {@code iat} and {@code jti} are present ({@code missing_claim});
 *   <li>{@code exp} is after the clock's now, with no leeway ({@code expired}); {@code iat} is at most
 *       {@value #MAX_FUTURE_IAT_SECONDS} s ahead and {@code nbf}, when present, not after now
 *       ({@code not_yet_valid}).
 * </ul>
 *
 * <p>Times travel in whole seconds: instants are truncated when signed. Thread-safe.
 */
public final class JoseAccessTokens implements AccessTokenSigner, AccessTokenVerifier, PublicKeySet {

  /** How many distinct valid headers are remembered: a few per key, and keys are few. */
  static final int MAX_CACHED_HEADERS = 64;

  static final String CLAIM_SESSION = "sid";
  static final String CLAIM_SCOPE = "scope";
  static final String CLAIM_AUTH_METHODS = "amr";
  static final String CLAIM_EMAIL = "email";
  static final String CLAIM_EMAIL_VERIFIED = "email_verified";
  static final String CLAIM_ORG = "org_id";

  static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

  /** How far {@code iat} may lie in the future, for clocks of other nodes running slightly ahead. */
  static final long MAX_FUTURE_IAT_SECONDS = 60;

  /** Longer tokens are refused before parsing; ours are about 1 KB. */
  static final int MAX_TOKEN_LENGTH = 16 * 1024;

  private static final Set<String> ALLOWED_HEADER_PARAMS = Set.of("alg", "typ", "kid");
  private static final Set<String> ACCEPTED_TYPES = Set.of("at+jwt", "application/at+jwt");

  private final Supplier<SigningKeys> keys;
  private final String issuer;
  private final String audience;
  private final Clock clock;
  /** Headers that passed the checks, by their encoded form. */
  private final Map<String, CheckedHeader> headers = new ConcurrentHashMap<>();

  private JoseAccessTokens(Supplier<SigningKeys> keys, String issuer, String audience, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.issuer = requireText(issuer, "issuer");
    this.audience = requireText(audience, "audience");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Signs with and verifies against one fixed key set. */
  public static JoseAccessTokens create(SigningKeys keys, String issuer, String audience, Clock clock) {
    Objects.requireNonNull(keys, "keys");
    return new JoseAccessTokens(() -> keys, issuer, audience, clock);
  }

  /**
   * Asks {@code keys} for the current set on every call, so a rotation takes effect without rebuilding this object.
   * The supplier must be thread-safe and fast (cache the set; do not read a database per token).
   */
  public static JoseAccessTokens create(Supplier<SigningKeys> keys, String issuer, String audience, Clock clock) {
    return new JoseAccessTokens(keys, issuer, audience, clock);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when the claims name another issuer or audience than this signer's, or a scope
   *     is blank or contains white space (scopes travel space-separated)
   */
  @Override
  public String sign(AccessTokenClaims claims) {
    Objects.requireNonNull(claims, "claims");
    if (!issuer.equals(claims.issuer()) || !audience.equals(claims.audience())) {
      throw new IllegalArgumentException("the claims name another issuer or audience than this signer");
    }
    SigningKey key = currentKeys().active();
    JWSHeader header = new JWSHeader.Builder(key.algorithm().jwsAlgorithm())
        .type(ACCESS_TOKEN_TYPE)
        .keyID(key.kid())
        .build();
    SignedJWT jwt = new SignedJWT(header, toJwtClaims(claims));
    try {
      jwt.sign(key.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign an access token with key " + key.kid(), e);
    }
    return jwt.serialize();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The token is split by hand rather than parsed into a {@code SignedJWT}: its header, identical for every token
   * of a key, is parsed and checked once and remembered ({@value #MAX_CACHED_HEADERS} headers at most, and only
   * headers under a valid signature, so nobody else can fill the cache); the signature is checked over the
   * token's own ASCII bytes; the payload is decoded and parsed once, only after the signature holds.
   */
  @Override
  public AccessTokenClaims verify(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      throw reject("malformed");
    }
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
      throw reject("malformed");
    }
    String encodedHeader = token.substring(0, first);
    if (second == token.length() - 1) { // no signature: an unsecured JWT is bad_alg, anything else malformed
      throw reject(isUnsecured(encodedHeader) ? "bad_alg" : "malformed");
    }
    CheckedHeader cached = headers.get(encodedHeader);
    CheckedHeader header = cached != null ? cached : checkHeader(encodedHeader);
    SigningKey key = currentKeys().find(header.kid()).orElseThrow(() -> reject("unknown_kid"));
    if (!key.algorithm().jwsAlgorithm().equals(header.jws().getAlgorithm())) {
      throw reject("bad_alg");
    }
    byte[] signingInput = token.substring(0, second).getBytes(StandardCharsets.US_ASCII);
    if (!key.verifies(header.jws(), signingInput, token.substring(second + 1))) {
      throw reject("bad_signature");
    }
    if (cached == null && headers.size() < MAX_CACHED_HEADERS) {
      headers.put(encodedHeader, header); // only a header one of our keys signed: nobody else can fill the cache
    }
    return toClaims(claimsOf(token.substring(first + 1, second)), clock.instant());
  }

  /** A header that passed the checks: the parsed header and the key id it names. */
  private record CheckedHeader(JWSHeader jws, String kid) {}

  private static boolean isUnsecured(String encodedHeader) {
    try {
      return Header.parse(new Base64URL(encodedHeader)) instanceof PlainHeader;
    } catch (ParseException | RuntimeException e) {
      return false;
    }
  }

  /** The header's checks, in the order the class documents them. */
  private static CheckedHeader checkHeader(String encodedHeader) {
    Header parsed;
    try {
      parsed = Header.parse(new Base64URL(encodedHeader));
    } catch (ParseException | RuntimeException e) {
      throw reject("malformed");
    }
    if (parsed instanceof PlainHeader) {
      throw reject("bad_alg");
    }
    if (!(parsed instanceof JWSHeader header)) { // an encrypted JWT's header
      throw reject("malformed");
    }
    if (!ALLOWED_HEADER_PARAMS.containsAll(header.getIncludedParams())) {
      throw reject("forbidden_header");
    }
    if (header.getType() == null || !ACCEPTED_TYPES.contains(header.getType().getType().toLowerCase(Locale.ROOT))) {
      throw reject("bad_type");
    }
    if (header.getKeyID() == null) {
      throw reject("missing_kid");
    }
    return new CheckedHeader(header, header.getKeyID());
  }

  /** How many bytes {@code claims} take as the compact UTF-8 JSON this class writes into a token's payload. */
  public static int encodedSize(Map<String, Object> claims) {
    return JSONObjectUtils.toJSONString(claims).getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public Map<String, Object> toJwks() {
    List<JWK> publicKeys = currentKeys().all().stream().map(SigningKey::publicJwk).toList();
    return new JWKSet(publicKeys).toPublicJWKSet().toJSONObject();
  }

  private SigningKeys currentKeys() {
    return Objects.requireNonNull(keys.get(), "the key supplier returned null");
  }

  private static JWTClaimsSet claimsOf(String encodedPayload) {
    try {
      return JWTClaimsSet.parse(new String(Base64.getUrlDecoder().decode(encodedPayload), StandardCharsets.UTF_8));
    } catch (ParseException | RuntimeException e) {
      throw reject("malformed");
    }
  }

  private AccessTokenClaims toClaims(JWTClaimsSet claims, Instant now) {
    if (!issuer.equals(claims.getIssuer())) {
      throw reject("bad_issuer");
    }
    if (!claims.getAudience().contains(audience)) {
      throw reject("bad_audience");
    }
    if (claims.getSubject() == null || claims.getExpirationTime() == null || claims.getIssueTime() == null
        || claims.getJWTID() == null) {
      throw reject("missing_claim");
    }
    Instant expiresAt = claims.getExpirationTime().toInstant();
    Instant issuedAt = claims.getIssueTime().toInstant();
    if (!expiresAt.isAfter(now)) {
      throw reject("expired");
    }
    if (issuedAt.isAfter(now.plusSeconds(MAX_FUTURE_IAT_SECONDS))
        || (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().isAfter(now))) {
      throw reject("not_yet_valid");
    }
    try {
      String scope = claims.getStringClaim(CLAIM_SCOPE);
      List<String> authMethods = claims.getStringListClaim(CLAIM_AUTH_METHODS);
      Boolean emailVerified = claims.getBooleanClaim(CLAIM_EMAIL_VERIFIED);
      return new AccessTokenClaims(
          claims.getIssuer(),
          audience,
          claims.getSubject(),
          issuedAt,
          expiresAt,
          claims.getJWTID(),
          claims.getStringClaim(CLAIM_SESSION),
          scope == null ? List.of() : Arrays.stream(scope.split(" ")).filter(s -> !s.isEmpty()).toList(),
          authMethods == null ? List.of() : authMethods,
          claims.getStringClaim(CLAIM_EMAIL),
          Boolean.TRUE.equals(emailVerified),
          claims.getStringClaim(CLAIM_ORG));
    } catch (ParseException | RuntimeException e) { // a claim of the wrong type, or a null in amr
      throw reject("malformed");
    }
  }

  private static JWTClaimsSet toJwtClaims(AccessTokenClaims claims) {
    JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
    claims.custom().forEach(builder::claim); // first, so that no custom claim can replace one of Keyhold's
    builder
        .issuer(claims.issuer())
        .audience(claims.audience())
        .subject(claims.subject())
        .issueTime(Date.from(claims.issuedAt()))
        .expirationTime(Date.from(claims.expiresAt()))
        .jwtID(claims.jwtId());
    if (claims.sessionId() != null) {
      builder.claim(CLAIM_SESSION, claims.sessionId());
    }
    if (!claims.scopes().isEmpty()) {
      claims.scopes().forEach(JoseAccessTokens::requireScopeToken);
      builder.claim(CLAIM_SCOPE, String.join(" ", claims.scopes()));
    }
    builder.claim(CLAIM_AUTH_METHODS, claims.authMethods());
    if (claims.email() != null) {
      builder.claim(CLAIM_EMAIL, claims.email());
    }
    builder.claim(CLAIM_EMAIL_VERIFIED, claims.emailVerified());
    if (claims.orgId() != null) {
      builder.claim(CLAIM_ORG, claims.orgId());
    }
    return builder.build();
  }

  private static void requireScopeToken(String scope) {
    if (scope == null || scope.isEmpty() || scope.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("a scope must be a non-empty token without white space: " + scope);
    }
  }

  private static InvalidTokenException reject(String reason) {
    return new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, reason);
  }

  private static String requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  @Override
  public String toString() {
    return "JoseAccessTokens[issuer=" + issuer + ", audience=" + audience + "]";
  }
}
