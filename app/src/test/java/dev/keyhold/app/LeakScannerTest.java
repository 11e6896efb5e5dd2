package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.core.crypto.KeyEncryption;
import dev.keyhold.identity.core.crypto.TokenDigests;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The secret-leak test is only as good as its scanner and its capture: each test here plants one secret the way a
 * careless line would, through the real logger and the real JSON encoder, and expects it found.
 */
class LeakScannerTest {

  private static final Logger LOG = LoggerFactory.getLogger("dev.keyhold.app.planted");
  private static final String PASSWORD = "planted Pa\"ss\\word 1";
  private static final String TOKEN = "pLaNtEd-refresh-token_0123456789abcdefghijklmnopqrstuv";
  private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.c2lnbmF0dXJlLXBsYW50ZWQtaW4tdGhlLWxvZw";

  private static final String TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  private static final String RECOVERY_CODE = "k2m4p-q6r7s-t2u3v-w4x5y-z6a7b";
  private static final String CODE = "493817";

  private final String key = KeyEncryption.generate().encodedKey();
  private final LeakScanner scanner = new LeakScanner()
      .secret("password", PASSWORD)
      .token("refresh token", TOKEN)
      .token("access token", JWT)
      .base64Key("key-encryption key", key)
      .totpSecret("totp secret", TOTP_SECRET)
      .uri("otpauth uri", "otpauth://totp/Keyhold:ada%40example.com?secret=" + TOTP_SECRET + "&issuer=Keyhold")
      .recoveryCode("recovery code", RECOVERY_CODE)
      .code("totp code", CODE);

  @Test
  void nothing_is_found_in_clean_output() {
    try (LogCapture capture = LogCapture.start()) {
      LOG.info("User {} logged in", "ada@example.com");
      assertThat(scanner.scan(capture.rendered())).isEmpty();
      assertThat(capture.events()).hasSize(1);
    }
  }

  @Test
  void a_secret_in_the_message_is_found_even_though_json_escapes_it() {
    assertThat(scanOf(() -> LOG.info("Login with {}", PASSWORD)))
        .containsExactly(new LeakScanner.Leak("password", "as is, JSON-escaped"));
  }

  @Test
  void a_secret_in_the_mdc_is_found() {
    MDC.put("session", TOKEN);
    try {
      assertThat(scanOf(() -> LOG.info("Refreshing"))).containsExactly(new LeakScanner.Leak("refresh token", "as is"));
    } finally {
      MDC.remove("session");
    }
  }

  @Test
  void a_token_hash_in_a_key_value_pair_is_found() {
    String hash = TokenDigests.sha256(TOKEN).hex();
    assertThat(scanOf(() -> LOG.atInfo().setMessage("Stored").addKeyValue("token_hash", hash).log()))
        .containsExactly(new LeakScanner.Leak("refresh token", "sha-256 hex"));
  }

  @Test
  void a_secret_in_an_exception_message_is_found_in_the_stack_trace() {
    IllegalStateException failure = new IllegalStateException("wrapped",
        new IllegalArgumentException("bad bearer " + JWT.substring(JWT.lastIndexOf('.') + 1)));
    assertThat(scanOf(() -> LOG.error("Unexpected failure", failure)))
        .containsExactly(new LeakScanner.Leak("access token", "jwt signature"));
  }

  @Test
  void the_key_encryption_key_is_found_as_hex() {
    String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(key));
    assertThat(scanOf(() -> LOG.debug("Key bytes {}", hex))).isEmpty(); // below the configured level: never written
    assertThat(scanOf(() -> LOG.warn("Key bytes {}", hex)))
        .containsExactly(new LeakScanner.Leak("key-encryption key", "hex"));
  }

  @Test
  void an_argon2_hash_is_found_whosever_it_is() {
    assertThat(scanOf(() -> LOG.info("Stored $argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")))
        .containsExactly(new LeakScanner.Leak("a password hash", "argon2 encoding"));
  }

  @Test
  void a_totp_secret_is_found_in_lower_case_and_as_its_bytes() {
    String hex = HexFormat.of().formatHex(LeakScanner.base32Decode(TOTP_SECRET));
    assertThat(hex).isEqualTo("48656c6c6f21deadbeef48656c6c6f21deadbeef");
    assertThat(scanOf(() -> LOG.info("Sealing {}", TOTP_SECRET.toLowerCase())))
        .containsExactly(new LeakScanner.Leak("totp secret", "lower case"));
    assertThat(scanOf(() -> LOG.info("Key {}", hex)))
        .containsExactly(new LeakScanner.Leak("totp secret", "bytes as hex"));
  }

  @Test
  void an_otpauth_uri_is_found_url_encoded() {
    String uri = "otpauth://totp/Keyhold:ada%40example.com?secret=" + TOTP_SECRET + "&issuer=Keyhold";
    assertThat(scanOf(() -> LOG.info("GET /x?next={}", java.net.URLEncoder.encode(uri,
        java.nio.charset.StandardCharsets.UTF_8))))
        .contains(new LeakScanner.Leak("otpauth uri", "url-encoded"));
  }

  @Test
  void a_recovery_code_is_found_normalized_and_as_its_stored_hash() {
    String normalized = RECOVERY_CODE.replace("-", "");
    assertThat(scanOf(() -> LOG.info("Checking {}", normalized)))
        .containsExactly(new LeakScanner.Leak("recovery code", "as is"));
    assertThat(scanOf(() -> LOG.info("Stored {}", TokenDigests.sha256(normalized).hex())))
        .containsExactly(new LeakScanner.Leak("recovery code", "sha-256 hex"));
    assertThat(scanOf(() -> LOG.info("Shown {}", normalized.toUpperCase())))
        .containsExactly(new LeakScanner.Leak("recovery code", "normalized, upper case"));
  }

  @Test
  void a_code_is_found_where_it_stands_alone_and_not_inside_timestamps_ids_or_longer_numbers() {
    assertThat(scanOf(() -> LOG.info("Command[code={}]", CODE)))
        .containsExactly(new LeakScanner.Leak("totp code", "standing alone"));
    assertThat(scanOf(() -> LOG.atInfo().setMessage("Confirming").addKeyValue("code", CODE).log()))
        .containsExactly(new LeakScanner.Leak("totp code", "standing alone"));
    assertThat(scanOf(() -> LOG.info("at 2025-01-02T03:04:05.{}Z, request 3f0c9d2e-6b1a-4c55-8e0f-{}abcdef, "
        + "size 1{}, build b{}", CODE, CODE, CODE, CODE))).isEmpty();
  }

  @Test
  void a_jwt_an_identity_provider_issued_is_found_by_its_issuer_and_no_other_jwt_is() {
    LeakScanner providerTokens = new LeakScanner().tokensIssuedBy("provider tokens", "http://localhost:1234/acme");
    String fromProvider = jwt("{\"iss\":\"http://localhost:1234/acme\",\"sub\":\"alice\",\"nonce\":\"n\"}");
    String fromKeyhold = jwt("{\"iss\":\"http://keyhold.test\",\"sub\":\"ada\"}");

    try (LogCapture capture = LogCapture.start()) {
      LOG.info("Exchanged: id_token={}", fromProvider);
      assertThat(providerTokens.scan(capture.rendered()))
          .containsExactly(new LeakScanner.Leak("provider tokens", "a JWT it issued"));
    }
    try (LogCapture capture = LogCapture.start()) {
      LOG.info("Signed in: {}", fromKeyhold);
      assertThat(providerTokens.scan(capture.rendered())).isEmpty();
    }
  }

  private static String jwt(String payload) {
    Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
    return base64url.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + "." + base64url.encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + ".c2lnbmF0dXJlLWZyb20tdGhlLXByb3ZpZGVy";
  }

  private java.util.List<LeakScanner.Leak> scanOf(Runnable logging) {
    try (LogCapture capture = LogCapture.start()) {
      logging.run();
      return scanner.scan(capture.rendered());
    }
  }
}
