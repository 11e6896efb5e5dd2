package dev.keyhold.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies Keyhold access tokens in a resource server, with the issuer's public keys alone. Built from the issuer
 * URL ({@link #forIssuer}: the keys' location comes from its discovery document) or from its JWK Set URL
 * ({@link #forJwks}). A token is accepted only when all of these hold, else {@link InvalidAccessTokenException} names
 * the first that failed:
 * <ul>
 *   <li>it is a compact JWS of at most 16 KiB ({@code malformed}); its header holds only {@code alg}, {@code typ} and
 *       {@code kid} ({@code forbidden_header}: no {@code jku}, {@code jwk}, {@code x5u}, {@code x5c}, {@code crit});
 *   <li>{@code typ} is {@code at+jwt} (RFC 9068; {@code application/at+jwt} too) ({@code bad_type});
 *   <li>{@code alg} is one of the pinned algorithms ({@code bad_alg}), {@code kid} is present ({@code missing_kid})
 *       and names a published key ({@code unknown_kid}) pinned to that same algorithm ({@code bad_alg});
 *   <li>the signature verifies ({@code bad_signature});
 *   <li>{@code iss} equals the issuer ({@code bad_issuer}); {@code aud} is or contains the audience
 *       ({@code bad_audience}); {@code sub}, {@code exp} and {@code iat} are present ({@code missing_claim});
 *   <li>within the clock skew: {@code exp} is after now ({@code expired}); {@code nbf}, when present, and
 *       {@code iat} are not after now ({@code not_yet_valid}).
 * </ul>
 *
 * <p>Keys are cached as the issuer's {@code Cache-Control} says (bounded), and a token naming an unknown key
 * causes at most one fetch per interval. An issuer that cannot be reached with no key cached yet is a
 * {@link KeySourceUnavailableException} (answer 503), never a token rejection.
 *
 * <p>Cost: one JDK signature check (a {@link java.security.Signature} per thread and key, initialized once), one
 * Base64 decoding per part, one streaming JSON pass over the claims, and a cached header. Thread-safe; share one.
 */
public final class KeyholdTokenVerifier {

  /** Keyhold's default {@code JWT_AUDIENCE}. */
  public static final String DEFAULT_AUDIENCE = "keyhold";

  /** The largest clock skew a builder accepts. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  static final int MAX_TOKEN_LENGTH = 16 * 1024;

  private static final Set<String> ACCEPTED_TYPES = Set.of("at+jwt", "application/at+jwt");
  private static final int HEADER_CACHE_SIZE = 64;
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // {"sub":"a","sub":"b"} means nothing certain
      .build();
  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

  /** A parsed header; {@code problem} names why it is refused, or is {@code null}. */
  private record Header(String alg, String kid, String problem) {}

  private final String issuer;
  private final String audience;
  private final Set<String> algorithms;
  private final long skewSeconds;
  private final Clock clock;
  private final KeySource keys;
  private final Map<String, Header> headers = new ConcurrentHashMap<>();

  private KeyholdTokenVerifier(Builder builder) {
    this.issuer = builder.issuer;
    this.audience = builder.audience;
    this.algorithms = Set.copyOf(builder.algorithms);
    this.skewSeconds = builder.clockSkew.toSeconds();
    this.clock = builder.clock;
    HttpClient http = builder.httpClient != null ? builder.httpClient
        : HttpClient.newBuilder().connectTimeout(builder.timeout).build();
    KeySource.Location location = builder.jwksUri != null ? () -> builder.jwksUri
        : new Discovery(builder.issuer, http, builder.timeout);
    this.keys = new KeySource(location, http, builder.timeout, clock,
        builder.minCache, builder.maxCache, builder.refetchInterval, algorithms);
  }

  /**
   * A verifier of the tokens {@code issuer} (Keyhold's {@code PUBLIC_URL}, exactly as its tokens' {@code iss}) signs;
   * the JWK Set's address is read, on first use, from {@code {issuer}/.well-known/openid-configuration} or else
   * RFC 8414's {@code /.well-known/oauth-authorization-server}, whose {@code issuer} must equal this one.
   */
  public static Builder forIssuer(String issuer) {
    return new Builder(issuer, null);
  }

  /**
   * A verifier of the tokens {@code issuer} signs, with its keys read from {@code jwksUri} (Keyhold serves them at
   * {@code {PUBLIC_URL}/.well-known/jwks.json}). No discovery document is read.
   */
  public static Builder forJwks(URI jwksUri, String issuer) {
    return new Builder(issuer, Objects.requireNonNull(jwksUri, "jwksUri"));
  }

  /**
   * The claims of {@code token} when it is a valid access token of this issuer for this audience.
   *
   * @throws InvalidAccessTokenException when it is not (answer 401)
   * @throws KeySourceUnavailableException when no key could be had to check it with (answer 503)
   */
  public VerifiedToken verify(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      throw reject("malformed");
    }
    int firstDot = token.indexOf('.');
    int lastDot = token.lastIndexOf('.');
    if (firstDot <= 0 || lastDot == firstDot || token.indexOf('.', firstDot + 1) != lastDot
        || lastDot == token.length() - 1) {
      throw reject("malformed");
    }
    Header header = header(token.substring(0, firstDot));
    if (header.problem() != null) {
      throw reject(header.problem());
    }
    VerificationKey key = keys.find(header.kid());
    if (key == null) {
      throw reject("unknown_kid");
    }
    if (!key.algorithm().equals(header.alg())) {
      throw reject("bad_alg");
    }
    byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1); // not base64url anywhere: the decoders refuse it
    ByteBuffer signature = decode(ascii, lastDot + 1, ascii.length - lastDot - 1);
    if (!key.verifies(ascii, lastDot, signature.array(), signature.arrayOffset() + signature.position(),
        signature.remaining())) {
      throw reject("bad_signature");
    }
    ByteBuffer payload = decode(ascii, firstDot + 1, lastDot - firstDot - 1);
    return claims(payload);
  }

  /** The issuer whose tokens this verifier accepts. */
  public String issuer() {
    return issuer;
  }

  /** How many times the key set was fetched; for tests and metrics. */
  public int keyFetches() {
    return keys.fetches();
  }

  @Override
  public String toString() {
    return "KeyholdTokenVerifier[issuer=" + issuer + ", audience=" + audience + ", algorithms=" + algorithms + "]";
  }

  private Header header(String segment) {
    Header header = headers.get(segment);
    if (header == null) {
      header = parseHeader(segment);
      if (headers.size() >= HEADER_CACHE_SIZE) {
        headers.clear(); // tokens of one issuer share a handful of headers; anything else is noise
      }
      headers.put(segment, header);
    }
    return header;
  }

  private Header parseHeader(String segment) {
    String alg = null;
    String typ = null;
    String kid = null;
    boolean forbidden = false;
    try (JsonParser parser = JSON.createParser(BASE64URL.decode(segment))) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return new Header(null, null, "malformed");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "alg" -> alg = value == JsonToken.VALUE_STRING ? parser.getText() : "";
          case "typ" -> typ = value == JsonToken.VALUE_STRING ? parser.getText() : "";
          case "kid" -> kid = value == JsonToken.VALUE_STRING ? parser.getText() : null;
          default -> {
            forbidden = true;
            parser.skipChildren();
          }
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        return new Header(null, null, "malformed");
      }
    } catch (IOException | IllegalArgumentException e) {
      return new Header(null, null, "malformed");
    }
    if (forbidden) {
      return new Header(alg, kid, "forbidden_header");
    }
    if (typ == null || !ACCEPTED_TYPES.contains(typ.toLowerCase(Locale.ROOT))) {
      return new Header(alg, kid, "bad_type");
    }
    if (alg == null || !algorithms.contains(alg)) {
      return new Header(alg, kid, "bad_alg");
    }
    if (kid == null) {
      return new Header(alg, null, "missing_kid");
    }
    return new Header(alg, kid, null);
  }

  private VerifiedToken claims(ByteBuffer payload) {
    String iss = null;
    boolean audienceMatches = false;
    String sub = null;
    String sid = null;
    String jti = null;
    String scope = null;
    String email = null;
    String orgId = null;
    boolean emailVerified = false;
    List<String> amr = List.of();
    Long exp = null;
    Long nbf = null;
    Long iat = null;
    try (JsonParser parser = JSON.createParser(payload.array(), payload.arrayOffset() + payload.position(),
        payload.remaining())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw reject("malformed");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "iss" -> iss = string(parser, value);
          case "aud" -> audienceMatches = audience(parser, value);
          case "sub" -> sub = string(parser, value);
          case "sid" -> sid = string(parser, value);
          case "jti" -> jti = string(parser, value);
          case "scope" -> scope = string(parser, value);
          case "email" -> email = string(parser, value);
          case "org_id" -> orgId = string(parser, value);
          case "email_verified" -> emailVerified = bool(value);
          case "amr" -> amr = strings(parser, value);
          case "exp" -> exp = seconds(parser, value);
          case "nbf" -> nbf = seconds(parser, value);
          case "iat" -> iat = seconds(parser, value);
          default -> parser.skipChildren();
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw reject("malformed");
      }
    } catch (IOException e) { // not JSON, or a claim given twice
      throw reject("malformed");
    }
    if (!issuer.equals(iss)) {
      throw reject("bad_issuer");
    }
    if (!audienceMatches) {
      throw reject("bad_audience");
    }
    if (sub == null || exp == null || iat == null) {
      throw reject("missing_claim");
    }
    long now = clock.instant().getEpochSecond();
    if (now >= exp + skewSeconds) {
      throw reject("expired");
    }
    if (iat > now + skewSeconds || (nbf != null && nbf > now + skewSeconds)) {
      throw reject("not_yet_valid");
    }
    return new VerifiedToken(sub, sid, scope == null ? List.of() : scopes(scope), orgId, amr, email, emailVerified,
        Instant.ofEpochSecond(iat), Instant.ofEpochSecond(exp), jti);
  }

  private boolean audience(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return audience.equals(parser.getText());
    }
    boolean found = false;
    for (String each : strings(parser, value)) {
      found |= audience.equals(each);
    }
    return found;
  }

  private static String string(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw reject("malformed");
    }
    return parser.getText();
  }

  private static boolean bool(JsonToken value) {
    if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
      throw reject("malformed");
    }
    return value == JsonToken.VALUE_TRUE;
  }

  private static long seconds(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      return parser.getLongValue();
    }
    if (value == JsonToken.VALUE_NUMBER_FLOAT) {
      return (long) Math.floor(parser.getDoubleValue()); // RFC 7519 NumericDate may carry fractions
    }
    throw reject("malformed");
  }

  private static List<String> strings(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      throw reject("malformed");
    }
    List<String> strings = new ArrayList<>(2);
    JsonToken next;
    while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
      strings.add(string(parser, next));
    }
    return strings;
  }

  private static List<String> scopes(String scope) {
    List<String> scopes = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= scope.length(); i++) {
      if (i == scope.length() || scope.charAt(i) == ' ') {
        if (i > start) {
          scopes.add(scope.substring(start, i));
        }
        start = i + 1;
      }
    }
    return scopes;
  }

  private static ByteBuffer decode(byte[] ascii, int offset, int length) {
    try {
      return BASE64URL.decode(ByteBuffer.wrap(ascii, offset, length));
    } catch (IllegalArgumentException e) {
      throw reject("malformed");
    }
  }

  private static InvalidAccessTokenException reject(String reason) {
    return new InvalidAccessTokenException(reason);
  }

  /** What to verify and how to reach the keys. */
  public static final class Builder {

    private final String issuer;
    private final URI jwksUri;
    private String audience = DEFAULT_AUDIENCE;
    private Set<String> algorithms = Set.of("RS256", "ES256", "EdDSA");
    private Duration clockSkew = Duration.ofSeconds(30);
    private Duration minCache = Duration.ofMinutes(1);
    private Duration maxCache = Duration.ofDays(1);
    private Duration refetchInterval = Duration.ofSeconds(30);
    private Duration timeout = Duration.ofSeconds(5);
    private HttpClient httpClient;
    private Clock clock = Clock.systemUTC();

    private Builder(String issuer, URI jwksUri) {
      Objects.requireNonNull(issuer, "issuer");
      if (issuer.isBlank()) {
        throw new IllegalArgumentException("issuer must not be blank");
      }
      this.issuer = issuer;
      this.jwksUri = jwksUri;
    }

    /** The {@code aud} tokens must carry: Keyhold's {@code JWT_AUDIENCE} (default {@value #DEFAULT_AUDIENCE}). */
    public Builder audience(String audience) {
      Objects.requireNonNull(audience, "audience");
      if (audience.isBlank()) {
        throw new IllegalArgumentException("audience must not be blank");
      }
      this.audience = audience;
      return this;
    }

    /**
     * The JWS algorithms accepted, of {@code RS256}, {@code ES256} and {@code EdDSA} (default: all three, what
     * Keyhold's {@code JWT_ALGORITHM} may choose). Pin the one your Keyhold uses.
     */
    public Builder algorithms(String... algorithms) {
      Set<String> pinned = new LinkedHashSet<>(List.of(algorithms));
      if (pinned.isEmpty() || !Set.of("RS256", "ES256", "EdDSA").containsAll(pinned)) {
        throw new IllegalArgumentException("algorithms must be some of RS256, ES256, EdDSA: " + pinned);
      }
      this.algorithms = pinned;
      return this;
    }

    /** How far clocks may differ for {@code exp}, {@code nbf} and {@code iat} (default 30 s, at most 5 minutes). */
    public Builder clockSkew(Duration clockSkew) {
      Objects.requireNonNull(clockSkew, "clockSkew");
      if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
        throw new IllegalArgumentException("clockSkew must be from 0 to " + MAX_CLOCK_SKEW);
      }
      this.clockSkew = clockSkew;
      return this;
    }

    /**
     * The bounds on how long fetched keys are used before asking again, whatever {@code Cache-Control: max-age}
     * says (default 1 minute to 1 day; Keyhold sends 5 minutes).
     */
    public Builder keyCacheBounds(Duration min, Duration max) {
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
      if (min.isNegative() || max.compareTo(min) < 0) {
        throw new IllegalArgumentException("key cache bounds must satisfy 0 <= min <= max");
      }
      this.minCache = min;
      this.maxCache = max;
      return this;
    }

    /**
     * The least time between two fetches of the keys (default 30 s): a token naming an unknown key, or an issuer
     * that cannot be reached, causes at most one fetch per interval.
     */
    public Builder refetchInterval(Duration refetchInterval) {
      Objects.requireNonNull(refetchInterval, "refetchInterval");
      if (refetchInterval.isNegative() || refetchInterval.isZero()) {
        throw new IllegalArgumentException("refetchInterval must be positive");
      }
      this.refetchInterval = refetchInterval;
      return this;
    }

    /** How long to wait for the issuer's documents (default 5 s). */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** The clock for {@code exp}, {@code nbf}, {@code iat} and the key cache (default the system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the verifier; nothing is fetched until the first token. */
    public KeyholdTokenVerifier build() {
      return new KeyholdTokenVerifier(this);
    }
  }
}
