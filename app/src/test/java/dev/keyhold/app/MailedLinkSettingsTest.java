package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.spi.Mailer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A deployment whose own front end takes the mailed links: the links follow {@code LINK_BASE_URL} and the templates,
 * and Keyhold's pages, still served, wear the configured product name and stylesheet.
 */
class MailedLinkSettingsTest {

  private static final String PASSWORD = "correct horse battery staple";

  @RegisterExtension
  static final RunningServer server = new RunningServer(Map.of(
      "LINK_BASE_URL", "https://app.example.com/account",
      "INVITATION_URL", "https://app.example.com/join#{token}",
      "PAGES_STYLESHEET_URL", "https://cdn.example.com/brand/keyhold.css",
      "PRODUCT_NAME", "Acme & <Co>"));

  @Test
  void the_mailed_links_follow_the_link_base_and_the_templates() {
    ApiClient api = server.api();
    api.post("/api/v1/register", Map.of("email", "owner@example.com", "password", PASSWORD));
    String verification = lastTo("owner@example.com").textBody();
    assertThat(verification).contains("https://app.example.com/account/verify-email?token=")
        .doesNotContain("keyhold.test");
    api.post("/api/v1/verify-email", Map.of("token", server.mail().lastTokenSentTo("owner@example.com")));
    String owner = api.post("/api/v1/login", Map.of("email", "owner@example.com", "password", PASSWORD))
        .text("access_token");

    api.post("/api/v1/password-reset/request", Map.of("email", "owner@example.com"));
    assertThat(lastTo("owner@example.com").textBody())
        .contains("https://app.example.com/account/reset-password?token=");

    String org = api.post("/api/v1/orgs", Map.of("name", "Acme", "slug", "acme-links"), owner).text("id");
    api.post("/api/v1/orgs/" + org + "/invite", Map.of("email", "joan@example.com", "role", "member"), owner);
    assertThat(lastTo("joan@example.com").textBody())
        .containsPattern("https://app\\.example\\.com/join#[A-Za-z0-9_-]+");
  }

  @Test
  void keyholds_own_pages_still_answer_with_the_product_name_and_the_operators_stylesheet() {
    ApiClient.Response page = server.api().get("/reset-password?token=anything", null);

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Security-Policy"))
        .contains("style-src 'self' https://cdn.example.com;", "img-src https://cdn.example.com;")
        .startsWith("default-src 'none'; script-src 'self';");
    String html = page.raw().body();
    assertThat(html).contains("<link rel=\"stylesheet\" href=\"https://cdn.example.com/brand/keyhold.css\">")
        .contains("<p class=\"product\">Acme &amp; &lt;Co&gt;</p>")
        .doesNotContain("Acme & <Co>", "anything");
  }

  private static Mailer.Message lastTo(String address) {
    List<Mailer.Message> mail = server.mail().sentTo(address);
    assertThat(mail).as("mail to %s", address).isNotEmpty();
    return mail.get(mail.size() - 1);
  }
}
