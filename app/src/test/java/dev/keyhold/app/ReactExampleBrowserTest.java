package dev.keyhold.app;

import static dev.keyhold.adapter.http.HeadlessChromium.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.keyhold.adapter.http.HeadlessChromium;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/react, built with npm as its README says, in headless Chromium against a real Keyhold on PostgreSQL with
 * mail over SMTP to GreenMail. The app's files and Keyhold share one origin, as in production behind one proxy
 * ({@link SameOriginProxy}); Keyhold runs with {@code REFRESH_COOKIE=true} and its {@code PUBLIC_URL} (hence
 * {@code COOKIE_ORIGINS} and {@code LINK_BASE_URL}) at that origin, so the mailed links open the React app. Every
 * wait is on a condition in the page, with a timeout. Needs npm ({@link ReactExample}) and Chromium
 * ({@link HeadlessChromium}); without them these tests fail, they are not skipped.
 */
class ReactExampleBrowserTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern LINK = Pattern.compile("https?://[^\\s\"<>]+[?&]token=[A-Za-z0-9_-]+");
  private static final Pattern REFRESH_COOKIE = Pattern.compile("^keyhold_refresh=([^;]*)");
  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension
  static final GreenMailExtension smtp =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

  private static SameOriginProxy proxy;
  private static KeyholdServer server;
  private static ApiClient api;
  private static String origin;
  private static HeadlessChromium chromium;
  private final List<HeadlessChromium.Tab> tabs = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    proxy = SameOriginProxy.serving(ReactExample.build());
    origin = proxy.origin();
    Config config = Config.fromEnvironment(TestDatabase.serverEnvironment(Map.ofEntries(
        Map.entry("PUBLIC_URL", origin),
        Map.entry("REFRESH_COOKIE", "true"),
        Map.entry("SMTP_HOST", "127.0.0.1"), Map.entry("SMTP_PORT", Integer.toString(smtp.getSmtp().getPort())),
        Map.entry("SMTP_SECURITY", "none"), Map.entry("SMTP_FROM", "Keyhold <no-reply@keyhold.test>"),
        Map.entry("SMTP_TIMEOUT", "5s"),
        Map.entry("ARGON2_MEMORY_KIB", "8192"), Map.entry("ARGON2_ITERATIONS", "1"),
        // the test delivers (deliverDue) before it reads: a scheduled round claiming a message first would race it
        Map.entry("MAIL_DELIVERY", "false"))));
    server = KeyholdServer.start(config, KeyholdServer.mailer(config), true);
    proxy.forwardTo(server.port());
    api = new ApiClient(server.port());
    chromium = HeadlessChromium.launch();
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (server != null) {
      server.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  /**
   * Nothing the app did failed, threw or left its origin; and no refresh token Keyhold set as the cookie ever
   * reached the page: not in any body it received, not in web storage, not in {@code document.cookie}.
   */
  @AfterEach
  void theRefreshTokenStayedInTheHttpOnlyCookie() {
    Set<String> refreshTokens = refreshTokensSet();
    assertThat(refreshTokens).as("refresh tokens Keyhold set as the cookie").isNotEmpty();
    for (SameOriginProxy.Exchange exchange : proxy.exchanges()) {
      for (String token : refreshTokens) {
        assertThat(exchange.body()).as("the body of %s %s", exchange.method(), exchange.path())
            .doesNotContain(token);
      }
      assertThat(exchange.body()).as("the body of %s %s", exchange.method(), exchange.path())
          .doesNotContain("\"refresh_token\"");
    }
    for (HeadlessChromium.Tab tab : tabs) {
      String storage = tab.evaluate("JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage),"
          + " document.cookie])").asText();
      assertThat(storage).as("web storage and script-visible cookies").doesNotContain("keyhold_refresh");
      refreshTokens.forEach(token -> assertThat(storage).doesNotContain(token));
      assertThat(tab.events("Runtime.exceptionThrown")).as("uncaught script errors").isEmpty();
      assertThat(tab.events("Network.loadingFailed")).as("failed or blocked requests").isEmpty();
      // the API's refusals (401 on a refresh without a session) are logged as network errors: the app expects those
      assertThat(tab.events("Log.entryAdded")).as("errors the browser logged")
          .filteredOn(entry -> entry.at("/entry/level").asText().equals("error"))
          .filteredOn(entry -> !entry.at("/entry/source").asText().equals("network")).isEmpty();
      assertThat(tab.events("Network.requestWillBeSent"))
          .extracting(request -> request.at("/request/url").asText())
          .as("everything the app loaded or called")
          .allSatisfy(url -> assertThat(url).startsWith(origin + "/"));
      tab.close();
    }
  }

  @Test
  void a_user_registers_verifies_in_the_app_signs_in_invites_and_stays_signed_in_across_a_reload() throws Exception {
    HeadlessChromium.Tab tab = open(origin + "/");
    assertThat(tab.waitFor("document.getElementById('sign-in-form')", WAIT)).as("signed out at first").isTrue();
    tab.click("#to-register");
    assertThat(tab.waitFor("document.getElementById('register-form')", WAIT)).isTrue();
    tab.type("#register-email", "ada@example.com");
    tab.type("#register-password", PASSWORD);
    tab.type("#register-name", "Ada");
    tab.pressEnter();
    assertThat(tab.waitFor("document.querySelector('#message.success')", WAIT)).isTrue();
    assertThat(tab.text("#message")).contains("we sent a link to confirm ada@example.com");

    String link = linkIn(lastTo("ada@example.com"));
    assertThat(link).as("the mailed link opens the app").startsWith(origin + "/verify-email?token=");
    tab.navigate(link, WAIT);
    assertThat(tab.waitFor("document.getElementById('verify')", WAIT)).isTrue();
    assertThat(login("ada@example.com").status()).as("opening the link verifies nothing").isEqualTo(403);
    tab.click("#verify");
    assertThat(tab.waitFor("document.querySelector('#message.success')", WAIT)).isTrue();
    assertThat(tab.text("#message")).contains("Your email address is confirmed");

    tab.click("#to-sign-in");
    assertThat(tab.waitFor("document.getElementById('sign-in-form')", WAIT)).isTrue();
    tab.type("#email", "ada@example.com");
    tab.type("#password", PASSWORD);
    tab.pressEnter();
    assertThat(tab.waitFor("document.getElementById('me-email')", WAIT)).as("signed in").isTrue();
    assertThat(tab.text("#me-email")).isEqualTo("ada@example.com");
    assertThat(tab.text("#me-name")).isEqualTo("Ada");
    assertThat(tab.text("#me-verified")).isEqualTo("yes");
    assertThat(tab.waitFor("document.getElementById('no-orgs')", WAIT)).isTrue();

    tab.type("#org-name", "Acme Rockets");
    tab.pressEnter();
    assertThat(tab.waitFor("document.querySelector('#org-list .org-name')?.textContent === 'Acme Rockets'", WAIT))
        .as("the new organization in the list").isTrue();
    assertThat(tab.text("#org-list .org-role")).isEqualTo("owner");
    assertThat(tab.text("#create-org-message")).contains("its slug is acme-rockets");

    tab.type("#invite-email", "grace@example.com");
    tab.click("#invite-form button");
    assertThat(tab.waitFor("document.querySelector('#invite-message.success')", WAIT)).isTrue();
    assertThat(tab.text("#invite-message")).isEqualTo("Invitation sent to grace@example.com.");
    assertThat(linkIn(lastTo("grace@example.com"))).startsWith(origin + "/invitations/accept?token=");

    // a reload forgets the access token: only the cookie can bring the session back
    int before = proxy.exchanges().size();
    tab.navigate(origin + "/", WAIT);
    assertThat(tab.waitFor("document.getElementById('me-email')", WAIT)).as("still signed in").isTrue();
    assertThat(tab.text("#me-email")).isEqualTo("ada@example.com");
    assertThat(tab.waitFor("document.querySelector('#org-list .org-name')?.textContent === 'Acme Rockets'", WAIT))
        .isTrue();
    assertThat(refreshesSince(before)).as("the reload's refresh, from the cookie").containsExactly(200);
    JsonNode cookies = tab.send("Network.getCookies",
        params().set("urls", params().arrayNode().add(origin + "/api/v1/refresh"))).get("cookies");
    assertThat(cookies).hasSize(1);
    assertThat(cookies.get(0).get("name").asText()).isEqualTo("keyhold_refresh");
    assertThat(cookies.get(0).get("httpOnly").asBoolean()).as("HttpOnly").isTrue();
    assertThat(cookies.get(0).get("sameSite").asText()).isEqualTo("Strict");
    String lastRefreshToken = cookies.get(0).get("value").asText();

    tab.click("#logout");
    assertThat(tab.waitFor("document.getElementById('sign-in-form')", WAIT)).as("signed out").isTrue();
    SameOriginProxy.Exchange logout = proxy.exchanges().get(proxy.exchanges().size() - 1);
    assertThat(logout.path()).isEqualTo("/api/v1/logout");
    assertThat(logout.status()).isEqualTo(204);
    assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", lastRefreshToken)).status())
        .as("the session ended at Keyhold too").isEqualTo(401);

    before = proxy.exchanges().size();
    tab.navigate(origin + "/", WAIT);
    assertThat(tab.waitFor("document.getElementById('sign-in-form')", WAIT)).as("still signed out").isTrue();
    assertThat(refreshesSince(before)).as("a refresh without a cookie").containsExactly(401);
    assertThat(tab.send("Network.getCookies",
        params().set("urls", params().arrayNode().add(origin + "/api/v1/refresh"))).get("cookies"))
        .as("the cookie is gone").isEmpty();
  }

  @Test
  void a_user_with_two_factor_sign_in_enters_the_code_of_their_authenticator_app() throws Exception {
    api.post("/api/v1/register", Map.of("email", "mfa@example.com", "password", PASSWORD));
    String link = linkIn(lastTo("mfa@example.com"));
    assertThat(api.post("/api/v1/verify-email", Map.of("token", link.substring(link.indexOf("token=") + 6)))
        .status()).isEqualTo(200);
    String access = login("mfa@example.com").text("access_token");
    Authenticator app = new Authenticator(
        api.post("/api/v1/me/mfa/totp", Map.of("current_password", PASSWORD), access).text("secret"));
    assertThat(api.post("/api/v1/me/mfa/totp/confirm", Map.of("code", app.nextCode()), access).status())
        .isEqualTo(200);

    HeadlessChromium.Tab tab = open(origin + "/");
    assertThat(tab.waitFor("document.getElementById('sign-in-form')", WAIT)).isTrue();
    tab.type("#email", "mfa@example.com");
    tab.type("#password", PASSWORD);
    tab.pressEnter();
    assertThat(tab.waitFor("document.getElementById('mfa-form')", WAIT)).as("asked for a code").isTrue();
    // React focuses the field in an effect that runs just after the form is painted
    assertThat(tab.waitFor("document.activeElement?.id === 'code'", WAIT)).as("the code field has the focus").isTrue();
    tab.type("#code", app.wrongCode());
    tab.pressEnter();
    assertThat(tab.waitFor("document.querySelector('#message.error')", WAIT)).isTrue();
    assertThat(tab.evaluate("Boolean(document.getElementById('mfa-form'))").asBoolean())
        .as("a wrong code keeps the code form").isTrue();

    tab.type("#code", app.nextCode());
    tab.pressEnter();
    assertThat(tab.waitFor("document.getElementById('me-email')", WAIT)).as("signed in").isTrue();
    assertThat(tab.text("#me-email")).isEqualTo("mfa@example.com");
    assertThat(tab.text("#me-mfa")).isEqualTo("on");

    int before = proxy.exchanges().size();
    tab.navigate(origin + "/", WAIT);
    assertThat(tab.waitFor("document.getElementById('me-email')", WAIT)).as("still signed in").isTrue();
    assertThat(refreshesSince(before)).containsExactly(200);
  }

  private HeadlessChromium.Tab open(String url) {
    HeadlessChromium.Tab tab = chromium.open();
    for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
      tab.send(domain + ".enable", params());
    }
    tabs.add(tab);
    tab.navigate(url, WAIT);
    return tab;
  }

  /** The statuses of the refreshes the app asked for after the first {@code count} exchanges. */
  private static List<Integer> refreshesSince(int count) {
    List<SameOriginProxy.Exchange> all = proxy.exchanges();
    return all.subList(count, all.size()).stream().filter(e -> e.path().equals("/api/v1/refresh"))
        .map(SameOriginProxy.Exchange::status).toList();
  }

  /** Every refresh token Keyhold has set as the cookie so far (clearing it sets an empty value). */
  private static Set<String> refreshTokensSet() {
    Set<String> tokens = new HashSet<>();
    for (SameOriginProxy.Exchange exchange : proxy.exchanges()) {
      for (String cookie : exchange.setCookies()) {
        Matcher matcher = REFRESH_COOKIE.matcher(cookie);
        if (matcher.find() && !matcher.group(1).isEmpty()) {
          tokens.add(matcher.group(1));
        }
      }
    }
    return tokens;
  }

  private static ApiClient.Response login(String email) {
    return api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));
  }

  /** The link with a token in the mail. */
  private static String linkIn(MimeMessage message) throws Exception {
    Matcher matcher = LINK.matcher(ReceivedMail.text(message));
    assertThat(matcher.find()).as("a link with a token in the mail").isTrue();
    return matcher.group();
  }

  private static MimeMessage lastTo(String address) throws Exception {
    server.keyhold().mail().deliverDue();
    return ReceivedMail.lastTo(smtp.getReceivedMessages(), address);
  }
}
