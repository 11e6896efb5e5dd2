package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * A resource server built on a library nobody here wrote, Spring Security's {@link NimbusJwtDecoder}, accepts
 * Keyhold's access tokens configured from the issuer URL alone (discovery, then the key set), with the one setting
 * RFC 9068 tokens need, as docs/clients.md shows it; and refuses a tampered token and one for another audience.
 */
class SpringResourceServerTest {

  private static final String PASSWORD = "correct horse battery staple";
  /** The port, fixed before the server starts: the issuer, {@code PUBLIC_URL}, must be where it is reached. */
  private static final int PORT = freePort();
  private static final String ISSUER = "http://127.0.0.1:" + PORT;
  private static final String AUDIENCE = "orders-api";

  @RegisterExtension
  static final RunningServer server = new RunningServer(
      Map.of("PORT", Integer.toString(PORT), "PUBLIC_URL", ISSUER, "JWT_AUDIENCE", AUDIENCE));

  private static String accessToken;
  private static String userId;

  @BeforeAll
  static void signIn() {
    ApiClient api = server.api();
    String email = "grace@example.com";
    assertThat(api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(202);
    assertThat(api.post("/api/v1/verify-email", Map.of("token", server.mail().lastTokenSentTo(email))).status())
        .isEqualTo(200);
    ApiClient.Response login = api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    accessToken = login.text("access_token");
    userId = api.get("/api/v1/me", accessToken).text("id");
  }

  /** The decoder for {@code audience}, made by the configuration docs/clients.md shows. */
  private static NimbusJwtDecoder decoderFor(String audience) {
    return (NimbusJwtDecoder) new ResourceServerConfig().jwtDecoder(ISSUER, audience);
  }

  /** docs/clients.md, section "Spring Boot resource server", shows this class as it is here. */
  @Configuration
  static class ResourceServerConfig {

    @Bean
    JwtDecoder jwtDecoder(@Value("${keyhold.issuer}") String issuer, @Value("${keyhold.audience}") String audience) {
      NimbusJwtDecoder decoder = JwtDecoders.fromIssuerLocation(issuer); // discovery, then the JWKS
      decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(
          new JwtTypeValidator("at+jwt", "application/at+jwt"), // RFC 9068 access tokens, not "JWT"
          new JwtIssuerValidator(issuer),
          new JwtAudienceValidator(audience)));
      return decoder;
    }
  }

  @Test
  void docs_clients_md_shows_the_configuration_these_tests_use() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "clients.md"));
    String section = doc.substring(doc.indexOf("## Spring Boot resource server"));
    int start = section.indexOf("```java\n") + "```java\n".length();
    String shown = section.substring(start, section.indexOf("\n```", start)).lines()
        .dropWhile(line -> line.startsWith("import ") || line.isBlank())
        .collect(java.util.stream.Collectors.joining("\n"));
    String source = Files.readString(Path.of("src/test/java/dev/keyhold/app/SpringResourceServerTest.java"));

    assertThat(shown).startsWith("@Configuration").contains("JwtTypeValidator");
    assertThat(source.replaceAll("(?m)^  ", "")).contains(shown);
  }

  @Test
  void spring_security_configured_from_the_issuer_alone_accepts_a_keyhold_access_token() {
    Jwt jwt = decoderFor(AUDIENCE).decode(accessToken);

    assertThat(jwt.getSubject()).isEqualTo(userId);
    assertThat(jwt.getIssuer().toString()).isEqualTo(ISSUER);
    assertThat(jwt.getAudience()).containsExactly(AUDIENCE);
    assertThat(jwt.getHeaders()).containsEntry("typ", "at+jwt").containsEntry("alg", "RS256");
    assertThat(jwt.getClaimAsStringList("amr")).containsExactly("pwd");
    assertThat(jwt.getClaimAsString("sid")).isNotBlank();
  }

  @Test
  void keyholds_own_verifier_configured_from_the_issuer_alone_accepts_the_token_through_real_discovery() {
    dev.keyhold.client.KeyholdTokenVerifier verifier =
        dev.keyhold.client.KeyholdTokenVerifier.forIssuer(ISSUER).audience(AUDIENCE).build();

    dev.keyhold.client.VerifiedToken verified = verifier.verify(accessToken);

    assertThat(verified.subject()).isEqualTo(userId);
    assertThat(verified.authMethods()).containsExactly("pwd");
    assertThatThrownBy(() -> dev.keyhold.client.KeyholdTokenVerifier.forIssuer(ISSUER).build().verify(accessToken))
        .as("another audience").isInstanceOf(dev.keyhold.client.InvalidAccessTokenException.class);
  }

  @Test
  void spring_security_s_default_validators_refuse_the_at_jwt_type_which_is_why_the_setting_is_needed() {
    NimbusJwtDecoder defaults = JwtDecoders.fromIssuerLocation(ISSUER);

    assertThatThrownBy(() -> defaults.decode(accessToken))
        .isInstanceOf(JwtValidationException.class).hasMessageContaining("typ");
  }

  @Test
  void a_token_for_another_audience_is_refused() {
    assertThatThrownBy(() -> decoderFor("billing-api").decode(accessToken))
        .isInstanceOf(JwtValidationException.class).hasMessageContaining("aud");
  }

  @Test
  void a_tampered_token_is_refused() {
    String[] parts = accessToken.split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
    String forged = claims.replace(userId, "00000000-0000-4000-8000-000000000000");
    assertThat(forged).isNotEqualTo(claims);
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(forged.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];

    assertThatThrownBy(() -> decoderFor(AUDIENCE).decode(tampered)).isInstanceOf(BadJwtException.class);
  }

  @Test
  void a_decoder_for_another_issuer_finds_nothing_to_trust() {
    String other = "http://127.0.0.1:" + PORT + "/elsewhere";

    assertThatThrownBy(() -> JwtDecoders.fromIssuerLocation(other)).isInstanceOf(IllegalArgumentException.class);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
