package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pages for mailed links as HTTP sees them: headers, markup, and that opening one calls nothing. */
class PageRoutesTest extends HttpApiTestSupport {

  static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
      + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  @ParameterizedTest
  @ValueSource(strings = {"/verify-email", "/reset-password", "/invitations/accept", "/confirm-email"})
  void a_page_is_html_with_a_strict_policy_no_referrer_and_no_caching(String path) {
    Response response = get(path + "?token=the-secret-link-token");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("text/html;charset=utf-8");
    assertThat(response.header("Content-Security-Policy")).isEqualTo(POLICY);
    assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.header("X-Request-Id")).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/verify-email", "/reset-password", "/invitations/accept", "/confirm-email"})
  void opening_a_page_calls_no_use_case_and_never_echoes_the_token(String path) {
    Response response = get(path + "?token=the-secret-link-token");

    assertThat(response.body()).doesNotContain("the-secret-link-token");
    assertThat(accounts.lastCommand).isNull();
    assertThat(sessions.lastCommand).isNull();
  }

  @Test
  void a_page_is_plain_markup_for_a_phone_with_one_same_origin_script_and_no_inline_code() {
    String html = get("/reset-password").body();

    assertThat(html).startsWith("<!DOCTYPE html>")
        .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .contains("<html lang=\"en\">")
        .contains("<script src=\"/pages/pages.js\" defer></script>")
        .contains("<link rel=\"stylesheet\" href=\"/pages/pages.css\">")
        .contains("<body data-page=\"reset-password\">")
        .contains("<p class=\"product\">Keyhold</p>")
        .contains("<title>Choose a new password - Keyhold</title>")
        .doesNotContain("{{", "style=", "onclick", "onsubmit", "javascript:");
    assertThat(html.split("<script", -1)).as("script elements").hasSize(2);
    assertThat(html).contains("<label for=\"new-password\">").contains("id=\"new-password\"")
        .contains("<label for=\"repeat-password\">").contains("id=\"repeat-password\"");
  }

  @Test
  void every_field_of_every_page_has_a_label() {
    for (String path : new String[] {"/verify-email", "/reset-password", "/invitations/accept", "/confirm-email"}) {
      String html = get(path).body();
      var inputs = java.util.regex.Pattern.compile("<input id=\"([a-z-]+)\"").matcher(html);
      int count = 0;
      while (inputs.find()) {
        count++;
        assertThat(html).as("%s: label of %s", path, inputs.group(1))
            .contains("<label for=\"" + inputs.group(1) + "\">");
      }
      assertThat(count).as("fields on %s", path).isPositive();
    }
  }

  @Test
  void the_script_and_the_stylesheet_are_served_from_this_origin() {
    Response script = get("/pages/pages.js");
    Response stylesheet = get("/pages/pages.css");

    assertThat(script.status()).isEqualTo(200);
    assertThat(script.contentType()).isEqualTo("text/javascript;charset=utf-8");
    assertThat(script.body()).contains("/api/v1/verify-email", "/api/v1/password-reset/confirm",
        "/api/v1/invitations/accept", "/api/v1/confirm-email", "location.search")
        .doesNotContain("innerHTML", "eval(");
    assertThat(script.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(script.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(stylesheet.status()).isEqualTo(200);
    assertThat(stylesheet.contentType()).isEqualTo("text/css;charset=utf-8");
    assertThat(stylesheet.body()).contains("@media");
  }

  @Test
  void head_answers_like_get_without_a_body() {
    Response head = send("HEAD", "/verify-email?token=t");

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.header("Content-Security-Policy")).isEqualTo(POLICY);
  }

  @Test
  void a_post_to_a_page_is_405_naming_get_and_head() {
    Response response = postJson("/verify-email", "{\"token\": \"t\"}");

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(accounts.lastCommand).isNull();
  }

  @Test
  void the_product_name_is_html_escaped() {
    String html = PageRoutes.fill("<title>{{product}}</title><p data-x=\"{{product}}\">",
        Map.of("product", "<Acme & \"Co\" 'x'>"));

    assertThat(html).isEqualTo("<title>&lt;Acme &amp; &quot;Co&quot; &#39;x&#39;&gt;</title>"
        + "<p data-x=\"&lt;Acme &amp; &quot;Co&quot; &#39;x&#39;&gt;\">");
  }

  @Test
  void a_value_is_never_read_as_a_placeholder() {
    assertThat(PageRoutes.fill("{{a}} {{b}}", Map.of("a", "{{b}}", "b", "B"))).isEqualTo("{{b}} B");
    assertThatThrownBy(() -> PageRoutes.fill("{{c}}", Map.of())).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://cdn.example.com/a.css", "/relative.css", "https://user:pw@cdn.example.com/a.css",
      "https://cdn.example.com/a.css#x", "https:///a.css"})
  void a_stylesheet_that_is_not_an_absolute_http_url_is_refused(String url) {
    assertThatThrownBy(() -> new PageSettings("Keyhold", Optional.of(URI.create(url))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_blank_product_name_is_refused() {
    assertThatThrownBy(() -> PageSettings.defaults().withProductName(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** An operator's product name and stylesheet. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Branded extends HttpApiTestSupport {

    @Override
    PageSettings pages() {
      return PageSettings.defaults().withProductName("Acme <Accounts> & \"Co\"")
          .withStylesheet(URI.create("https://CDN.example.com:8443/brand/keyhold.css?v=2"));
    }

    @Test
    void the_page_links_the_operators_stylesheet_and_allows_its_origin_for_styles_images_and_fonts() {
      Response response = get("/verify-email?token=t");

      assertThat(response.body())
          .contains("<link rel=\"stylesheet\" href=\"https://CDN.example.com:8443/brand/keyhold.css?v=2\">")
          .doesNotContain("/pages/pages.css");
      assertThat(response.header("Content-Security-Policy")).isEqualTo("default-src 'none'; script-src 'self'; "
          + "style-src 'self' https://cdn.example.com:8443; img-src https://cdn.example.com:8443; "
          + "font-src https://cdn.example.com:8443; connect-src 'self'; form-action 'self'; "
          + "frame-ancestors 'none'; base-uri 'none'");
    }

    @Test
    void the_product_name_is_shown_escaped_on_every_page() {
      for (String path : new String[] {"/verify-email", "/reset-password", "/invitations/accept", "/confirm-email"}) {
        String html = get(path).body();
        assertThat(html).as(path).contains("<p class=\"product\">Acme &lt;Accounts&gt; &amp; &quot;Co&quot;</p>")
            .doesNotContain("<Accounts>");
      }
    }
  }
}
