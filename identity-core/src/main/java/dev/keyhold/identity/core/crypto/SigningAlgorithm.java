package dev.keyhold.identity.core.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.Arrays;
import java.util.Optional;

/** The JWS algorithms Keyhold signs access tokens with. Each key is pinned to exactly one of them. */
public enum SigningAlgorithm {

  /** RSASSA-PKCS1-v1_5 with SHA-256 and a 2048-bit RSA key: the default, fastest to verify. */
  RS256(JWSAlgorithm.RS256) {
    @Override
    JWK generateJwk() throws JOSEException {
      return new RSAKeyGenerator(RSA_KEY_BITS).generate();
    }

    @Override
    boolean fits(JWK jwk) {
      return jwk instanceof RSAKey && jwk.size() >= RSA_KEY_BITS;
    }

    @Override
    JWK normalize(JWK jwk, String kid) {
      return new RSAKey.Builder(jwk.toRSAKey()).keyUse(KeyUse.SIGNATURE).keyOperations(null)
          .algorithm(jwsAlgorithm()).keyID(kid).build();
    }

    @Override
    JWSSigner signer(JWK privateJwk) throws JOSEException {
      return new RSASSASigner(privateJwk.toRSAKey());
    }

    @Override
    JWSVerifier verifier(JWK jwk) throws JOSEException {
      return new RSASSAVerifier(jwk.toRSAKey().toPublicJWK());
    }
  },

  /** ECDSA with P-256 and SHA-256. */
  ES256(JWSAlgorithm.ES256) {
    @Override
    JWK generateJwk() throws JOSEException {
      return new ECKeyGenerator(Curve.P_256).generate();
    }

    @Override
    boolean fits(JWK jwk) {
      return jwk instanceof ECKey && Curve.P_256.equals(((ECKey) jwk).getCurve());
    }

    @Override
    JWK normalize(JWK jwk, String kid) {
      return new ECKey.Builder(jwk.toECKey()).keyUse(KeyUse.SIGNATURE).keyOperations(null)
          .algorithm(jwsAlgorithm()).keyID(kid).build();
    }

    @Override
    JWSSigner signer(JWK privateJwk) throws JOSEException {
      return new ECDSASigner(privateJwk.toECKey());
    }

    @Override
    JWSVerifier verifier(JWK jwk) throws JOSEException {
      return new ECDSAVerifier(jwk.toECKey().toPublicJWK());
    }
  },

  /** EdDSA with Ed25519 (header {@code alg: EdDSA}). */
  EdDSA(JWSAlgorithm.EdDSA) {
    @Override
    JWK generateJwk() throws JOSEException {
      return new OctetKeyPairGenerator(Curve.Ed25519).generate();
    }

    @Override
    boolean fits(JWK jwk) {
      return jwk instanceof OctetKeyPair && Curve.Ed25519.equals(((OctetKeyPair) jwk).getCurve());
    }

    @Override
    JWK normalize(JWK jwk, String kid) {
      return new OctetKeyPair.Builder(jwk.toOctetKeyPair()).keyUse(KeyUse.SIGNATURE).keyOperations(null)
          .algorithm(jwsAlgorithm()).keyID(kid).build();
    }

    @Override
    JWSSigner signer(JWK privateJwk) throws JOSEException {
      return new Ed25519Signer(privateJwk.toOctetKeyPair());
    }

    @Override
    JWSVerifier verifier(JWK jwk) throws JOSEException {
      return new Ed25519Verifier(jwk.toOctetKeyPair().toPublicJWK());
    }
  };

  /** The RSA modulus size of generated keys, and the least accepted on import. */
  static final int RSA_KEY_BITS = 2048;

  private final JWSAlgorithm jwsAlgorithm;

  SigningAlgorithm(JWSAlgorithm jwsAlgorithm) {
    this.jwsAlgorithm = jwsAlgorithm;
  }

  /** The {@code alg} header value, for example {@code RS256}. */
  public String jwsName() {
    return jwsAlgorithm.getName();
  }

  JWSAlgorithm jwsAlgorithm() {
    return jwsAlgorithm;
  }

  /** A fresh private key of this algorithm's type, without kid, alg or use. */
  abstract JWK generateJwk() throws JOSEException;

  /** Whether {@code jwk} is a key of this algorithm's type, curve and minimum size. */
  abstract boolean fits(JWK jwk);

  /** {@code jwk} with {@code use: sig}, this algorithm as {@code alg}, {@code kid}, and no {@code key_ops}. */
  abstract JWK normalize(JWK jwk, String kid);

  abstract JWSSigner signer(JWK privateJwk) throws JOSEException;

  /** A verifier for the public half of {@code jwk}. */
  abstract JWSVerifier verifier(JWK jwk) throws JOSEException;

  /** The algorithm whose key type and curve {@code jwk} has, if any. */
  static Optional<SigningAlgorithm> forKey(JWK jwk) {
    return Arrays.stream(values()).filter(a -> a.fits(jwk)).findFirst();
  }
}
