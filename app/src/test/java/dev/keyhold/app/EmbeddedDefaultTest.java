package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without DATABASE_URL the server runs on an embedded PostgreSQL under KEYHOLD_DATA_DIR, migrated on start, and a
 * restart loses nothing: users, sessions and the signing keys (so issued tokens stay valid).
 */
class EmbeddedDefaultTest {

  private static final String PASSWORD = "correct horse battery staple";

  @TempDir
  Path dataDir;

  @Test
  void a_restart_keeps_users_sessions_and_signing_keys() throws Exception {
    Config config = Config.fromEnvironment(
        Map.of("PORT", "0", "HOST", "127.0.0.1", "KEYHOLD_DATA_DIR", dataDir.toString()));
    CapturingMailer mail = new CapturingMailer();
    String access;
    String refresh;
    try (KeyholdServer first = TestServers.start(config, mail, false)) {
      ApiClient api = new ApiClient(first.port());
      api.post("/api/v1/register", Map.of("email", "ada@example.com", "password", PASSWORD));
      api.post("/api/v1/verify-email", Map.of("token", mail.lastTokenSentTo("ada@example.com")));
      ApiClient.Response login = api.post("/api/v1/login", Map.of("email", "ada@example.com", "password", PASSWORD));
      assertThat(login.status()).isEqualTo(200);
      access = login.text("access_token");
      refresh = login.text("refresh_token");
    }

    assertThat(Files.getPosixFilePermissions(dataDir.resolve("key-encryption-key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    try (KeyholdServer second = TestServers.start(config, mail, false)) {
      ApiClient api = new ApiClient(second.port());
      assertThat(api.get("/api/v1/me", access).status()).as("a token from before the restart").isEqualTo(200);
      assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", refresh)).status()).isEqualTo(200);
      assertThat(api.post("/api/v1/login", Map.of("email", "ada@example.com", "password", PASSWORD)).status())
          .isEqualTo(200);
      assertThat(api.get("/health/ready", null).status()).isEqualTo(200);
    }
  }
}
