package dev.keyhold.client;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/** Signing keys made with the JDK alone, tokens signed with them, and their JWKs, for verifier tests. */
final class TestKeys {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** One key pair pinned to {@code alg}, named {@code kid}. */
  record Key(String alg, String kid, KeyPair pair) {

    static Key generate(String alg, String kid) {
      try {
        KeyPairGenerator generator;
        switch (alg) {
          case "RS256" -> {
            generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
          }
          case "ES256" -> {
            generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
          }
          case "EdDSA" -> generator = KeyPairGenerator.getInstance("Ed25519");
          default -> throw new IllegalArgumentException(alg);
        }
        return new Key(alg, kid, generator.generateKeyPair());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    /** A compact JWS of {@code header} and {@code payload} (JSON texts) signed with this key. */
    String sign(String header, String payload) {
      String input = b64(header) + "." + b64(payload);
      try {
        Signature signature = Signature.getInstance(switch (alg) {
          case "RS256" -> "SHA256withRSA";
          case "ES256" -> "SHA256withECDSAinP1363Format";
          default -> "Ed25519";
        });
        signature.initSign(pair.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(signature.sign());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    /** A token with Keyhold's header ({@code typ: at+jwt}, this alg and kid) and {@code payload}. */
    String token(String payload) {
      return sign("{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}", payload);
    }

    /** The public JWK, as Keyhold publishes it ({@code use}, {@code alg}, {@code kid}). */
    String jwk() {
      String common = "\"use\":\"sig\",\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\"";
      if (pair.getPublic() instanceof RSAPublicKey rsa) {
        return "{\"kty\":\"RSA\"," + common + ",\"n\":\"" + unsigned(rsa.getModulus(), 256) + "\",\"e\":\""
            + unsigned(rsa.getPublicExponent(), 3) + "\"}";
      }
      if (pair.getPublic() instanceof ECPublicKey ec) {
        return "{\"kty\":\"EC\",\"crv\":\"P-256\"," + common + ",\"x\":\"" + unsigned(ec.getW().getAffineX(), 32)
            + "\",\"y\":\"" + unsigned(ec.getW().getAffineY(), 32) + "\"}";
      }
      byte[] encoded = pair.getPublic().getEncoded();
      return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\"," + common + ",\"x\":\""
          + B64.encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length)) + "\"}";
    }
  }

  private TestKeys() {}

  static String jwks(Key... keys) {
    return "{\"keys\":[" + List.of(keys).stream().map(Key::jwk).collect(Collectors.joining(",")) + "]}";
  }

  static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String unsigned(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (bytes.length < length && length != 3) {
      byte[] padded = new byte[length];
      System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
      bytes = padded;
    }
    return B64.encodeToString(bytes);
  }
}
