package dev.keyhold.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;
import java.util.Set;

/**
 * One public key of the JWK Set, pinned to one JWS algorithm, with a JDK {@link Signature} per thread initialized
 * for it: verifying costs the maths and nothing else (no provider look-up, no key conversion, no JWS library).
 */
final class VerificationKey {

  static final int MIN_RSA_BITS = 2048;

  /** The DER prefix of an X.509 SubjectPublicKeyInfo for an Ed25519 key (RFC 8410), before its 32 bytes. */
  private static final byte[] ED25519_X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21,
      0x00};

  private final String kid;
  private final String algorithm;
  private final PublicKey key;
  private final String jcaName;
  private final int signatureLength;
  private final ThreadLocal<Signature> signatures;

  private VerificationKey(String kid, String algorithm, PublicKey key, String jcaName, int signatureLength) {
    this.kid = kid;
    this.algorithm = algorithm;
    this.key = key;
    this.jcaName = jcaName;
    this.signatureLength = signatureLength;
    this.signatures = ThreadLocal.withInitial(this::newSignature);
    newSignature(); // fails here, at fetch time, for a key the JDK cannot use
  }

  /**
   * The key of a JWK, when it is a signing key of an algorithm in {@code allowed}: RS256 (RSA of at least 2048 bits),
   * ES256 (EC P-256) or EdDSA (Ed25519). A JWK's {@code alg}, when present, pins it; otherwise its type does.
   */
  static Optional<VerificationKey> of(JWK jwk, Set<String> allowed) {
    if (jwk.getKeyID() == null || (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse()))) {
      return Optional.empty();
    }
    String declared = jwk.getAlgorithm() == null ? null : jwk.getAlgorithm().getName();
    try {
      if (jwk instanceof RSAKey rsa && fits(declared, "RS256", allowed)) {
        RSAPublicKey publicKey = rsa.toRSAPublicKey();
        if (publicKey.getModulus().bitLength() < MIN_RSA_BITS) {
          return Optional.empty();
        }
        return Optional.of(new VerificationKey(jwk.getKeyID(), "RS256", publicKey, "SHA256withRSA", -1));
      }
      if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve()) && fits(declared, "ES256", allowed)) {
        return Optional.of(new VerificationKey(jwk.getKeyID(), "ES256", ec.toECPublicKey(),
            "SHA256withECDSAinP1363Format", 64));
      }
      if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve()) && fits(declared, "EdDSA", allowed)) {
        byte[] x = okp.getDecodedX();
        byte[] encoded = new byte[ED25519_X509_PREFIX.length + x.length];
        System.arraycopy(ED25519_X509_PREFIX, 0, encoded, 0, ED25519_X509_PREFIX.length);
        System.arraycopy(x, 0, encoded, ED25519_X509_PREFIX.length, x.length);
        PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        return Optional.of(new VerificationKey(jwk.getKeyID(), "EdDSA", publicKey, "Ed25519", 64));
      }
    } catch (JOSEException | GeneralSecurityException | IllegalStateException e) {
      return Optional.empty(); // a key this JDK cannot use verifies nothing
    }
    return Optional.empty();
  }

  private static boolean fits(String declared, String algorithm, Set<String> allowed) {
    return allowed.contains(algorithm) && (declared == null || declared.equals(algorithm));
  }

  String kid() {
    return kid;
  }

  /** The JWS {@code alg} this key is pinned to. */
  String algorithm() {
    return algorithm;
  }

  /** Whether {@code signature[offset, offset + length)} signs {@code input[0, inputLength)} with this key. */
  boolean verifies(byte[] input, int inputLength, byte[] signature, int offset, int length) {
    if (signatureLength > 0 && length != signatureLength) {
      return false;
    }
    Signature verifier = signatures.get();
    try {
      verifier.update(input, 0, inputLength);
      return verifier.verify(signature, offset, length);
    } catch (GeneralSecurityException | RuntimeException e) {
      signatures.remove(); // its state is unknown after a failure: start the next check afresh
      return false;
    }
  }

  private Signature newSignature() {
    try {
      Signature signature = Signature.getInstance(jcaName);
      signature.initVerify(key);
      return signature;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot verify " + algorithm + " signatures", e);
    }
  }
}
