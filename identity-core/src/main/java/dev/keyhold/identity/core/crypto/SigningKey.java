package dev.keyhold.identity.core.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Objects;
import java.util.Base64;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One asymmetric key pair for signing access tokens, pinned to one {@link SigningAlgorithm} and named by its key id.
 *
 * <p>A generated key's {@code kid} is its RFC 7638 JWK thumbprint (SHA-256, base64url), so it is derived from the
 * key and needs no randomness or registry. Immutable and thread-safe. {@link #toString()} shows only the key id and
 * algorithm; the private key leaves this object only through {@link #toPrivateJwkJson()}.
 */
public final class SigningKey {

  private static final byte[] SELF_TEST_PAYLOAD = "keyhold signing key self-test".getBytes(StandardCharsets.US_ASCII);

  private final SigningAlgorithm algorithm;
  private final JWK privateJwk;
  private final JWK publicJwk;
  private final JWSSigner signer;
  private final JWSVerifier verifier;
  /** For RS256 keys, the public key; else {@code null}. */
  private final RSAPublicKey rs256Public;
  /** For RS256 keys: JDK verifiers initialized with {@link #rs256Public}, idle. */
  private final Queue<Signature> rs256Pool = new ConcurrentLinkedQueue<>();

  private SigningKey(SigningAlgorithm algorithm, JWK privateJwk) throws JOSEException {
    this.algorithm = algorithm;
    this.privateJwk = privateJwk;
    this.publicJwk = privateJwk.toPublicJWK();
    this.signer = algorithm.signer(privateJwk);
    this.verifier = algorithm.verifier(publicJwk);
    this.rs256Public = algorithm == SigningAlgorithm.RS256 ? publicJwk.toRSAKey().toRSAPublicKey() : null;
  }

  /** A new key pair for {@code algorithm}, with its thumbprint as key id. */
  public static SigningKey generate(SigningAlgorithm algorithm) {
    Objects.requireNonNull(algorithm, "algorithm");
    try {
      JWK generated = algorithm.generateJwk();
      return new SigningKey(algorithm, algorithm.normalize(generated, generated.computeThumbprint().toString()));
    } catch (JOSEException e) {
      throw new IllegalStateException("could not generate a " + algorithm + " key", e);
    }
  }

  /**
   * Reads a key written by {@link #toPrivateJwkJson()} (or any private RSA &ge; 2048 bits, P-256 or Ed25519 JWK).
   * The algorithm follows from the key type; the JWK's {@code kid} is kept when present, else the thumbprint is used.
   *
   * @throws IllegalArgumentException when the text is not such a private JWK, names another {@code alg}, is meant
   *     for encryption, or its private and public halves do not match; the message never contains key material
   */
  public static SigningKey fromPrivateJwkJson(String json) {
    Objects.requireNonNull(json, "json");
    JWK jwk;
    try {
      jwk = JWK.parse(json);
    } catch (ParseException | RuntimeException e) { // the parser's message may quote the key: do not keep it
      throw new IllegalArgumentException("not a JWK");
    }
    if (!jwk.isPrivate()) {
      throw new IllegalArgumentException("the JWK has no private key");
    }
    SigningAlgorithm algorithm = SigningAlgorithm.forKey(jwk).orElseThrow(() -> new IllegalArgumentException(
        "the JWK is not an RSA key of at least " + SigningAlgorithm.RSA_KEY_BITS + " bits, a P-256 or an Ed25519 key"));
    if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().equals(algorithm.jwsAlgorithm())) {
      throw new IllegalArgumentException("the JWK's alg " + jwk.getAlgorithm() + " does not fit its key type");
    }
    if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
      throw new IllegalArgumentException("the JWK is not meant for signatures");
    }
    try {
      String kid = jwk.getKeyID() != null && !jwk.getKeyID().isBlank()
          ? jwk.getKeyID()
          : jwk.computeThumbprint().toString();
      SigningKey key = new SigningKey(algorithm, algorithm.normalize(jwk, kid));
      key.selfTest();
      return key;
    } catch (JOSEException | RuntimeException e) {
      throw new IllegalArgumentException("the JWK is not a usable " + algorithm + " key pair");
    }
  }

  /** The key id: the {@code kid} of tokens this key signs and of its JWK. */
  public String kid() {
    return privateJwk.getKeyID();
  }

  public SigningAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * The key pair as a JWK JSON object, private parameters included, with {@code kid}, {@code alg} and
   * {@code use: sig}. This is secret: store it only encrypted and never log it.
   */
  public String toPrivateJwkJson() {
    return privateJwk.toJSONString();
  }

  /** The public key as a JWK JSON object with {@code kid}, {@code alg} and {@code use: sig}. */
  public String toPublicJwkJson() {
    return publicJwk.toJSONString();
  }

  JWK publicJwk() {
    return publicJwk;
  }

  JWSSigner signer() {
    return signer;
  }

  JWSVerifier verifier() {
    return verifier;
  }

  /**
   * Whether {@code signature} is this key's JWS signature of {@code signingInput} (the token's
   * {@code header.payload}). RS256 is checked with JDK {@link Signature} objects initialized once and reused from a
   * pool (a completed verify leaves one ready for the next; one that threw is dropped), which saves the provider
   * look-up and key set-up Nimbus repeats on every call, and works alike on platform and virtual threads. ES256 and
   * EdDSA go through Nimbus' verifiers, which also check the signature's encoding.
   */
  boolean verifies(JWSHeader header, byte[] signingInput, String encodedSignature) {
    if (rs256Public == null) {
      try {
        return verifier.verify(header, signingInput, new Base64URL(encodedSignature));
      } catch (JOSEException | RuntimeException e) {
        return false;
      }
    }
    Signature check = rs256Pool.poll();
    try {
      if (check == null) {
        check = Signature.getInstance("SHA256withRSA");
        check.initVerify(rs256Public);
      }
      check.update(signingInput);
      // the JDK's decoder: Nimbus' own took a tenth of a verification in a profile
      boolean valid = check.verify(Base64.getUrlDecoder().decode(encodedSignature));
      rs256Pool.offer(check);
      return valid;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** Proves that the private and public halves belong together (an imported JWK could combine two keys). */
  private void selfTest() throws JOSEException {
    JWSHeader header = new JWSHeader(algorithm.jwsAlgorithm());
    Base64URL signature = signer.sign(header, SELF_TEST_PAYLOAD);
    if (!verifier.verify(header, SELF_TEST_PAYLOAD, signature)) {
      throw new IllegalArgumentException("the private key does not match the public key");
    }
  }

  /** Two keys are equal when they hold the same key pair under the same key id and algorithm. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SigningKey other && algorithm == other.algorithm && privateJwk.equals(other.privateJwk);
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, publicJwk);
  }

  @Override
  public String toString() {
    return "SigningKey[kid=" + kid() + ", algorithm=" + algorithm + "]";
  }
}
