package dev.keyhold.app;

import static dev.keyhold.adapter.http.HeadlessChromium.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.keyhold.adapter.http.HeadlessChromium;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pages behind the mailed links, in a real browser against the real server: PostgreSQL, mail over SMTP to
 * GreenMail, and headless Chromium following the link each mail carries, clicking and typing as a user would. Every
 * wait is on a condition in the page, with a timeout. Needs Chromium ({@link HeadlessChromium}); without it these
 * tests fail, they are not skipped.
 */
class MailedLinkPagesBrowserTest {

  private static final String PASSWORD = "correct horse battery staple";
  /** What {@code TestDatabase.serverEnvironment} sets as {@code PUBLIC_URL}: the links the mail carries start so. */
  private static final String PUBLIC_URL = "http://keyhold.test";
  private static final String PRODUCT = "Acme <Accounts>";
  private static final Pattern LINK = Pattern.compile("https?://[^\\s\"<>]+[?&]token=[A-Za-z0-9_-]+");
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** Runs before each page's own script: keeps every refusal of the page's Content-Security-Policy. */
  private static final String WATCH_POLICY = "window.keyholdViolations = [];"
      + "document.addEventListener('securitypolicyviolation', e => window.keyholdViolations.push("
      + "  e.effectiveDirective + ' refused ' + (e.blockedURI || 'inline')));";

  @RegisterExtension
  static final GreenMailExtension smtp =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

  private static KeyholdServer server;
  private static ApiClient api;
  private static String origin;
  private static HeadlessChromium chromium;
  private final List<HeadlessChromium.Tab> tabs = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Config config = Config.fromEnvironment(TestDatabase.serverEnvironment(Map.of(
        "SMTP_HOST", "127.0.0.1", "SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()), "SMTP_SECURITY", "none",
        "SMTP_FROM", "Keyhold <no-reply@keyhold.test>", "SMTP_TIMEOUT", "5s",
        "PRODUCT_NAME", PRODUCT,
        "ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1",
        // the test delivers (deliverDue) before it reads: a scheduled round claiming a message first would race it
        "MAIL_DELIVERY", "false")));
    server = KeyholdServer.start(config, KeyholdServer.mailer(config), true);
    api = new ApiClient(server.port());
    origin = "http://127.0.0.1:" + server.port();
    chromium = HeadlessChromium.launch();
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    server.close();
  }

  /** Nothing any page loaded was refused, failed, threw, or came from elsewhere. */
  @AfterEach
  void everyPageStayedWithinItsPolicy() {
    for (HeadlessChromium.Tab tab : tabs) {
      List<String> violations = new ArrayList<>();
      tab.evaluate("window.keyholdViolations || []").forEach(v -> violations.add(v.asText()));
      assertThat(violations).as("Content-Security-Policy violations").isEmpty();
      assertThat(tab.events("Runtime.exceptionThrown")).as("uncaught script errors").isEmpty();
      assertThat(tab.events("Network.loadingFailed")).as("failed or blocked requests").isEmpty();
      // the API's refusals (400, 401) are logged as network errors: the pages expect those
      assertThat(tab.events("Log.entryAdded")).as("errors the browser logged")
          .filteredOn(entry -> entry.at("/entry/level").asText().equals("error"))
          .filteredOn(entry -> !entry.at("/entry/source").asText().equals("network")).isEmpty();
      assertThat(tab.events("Network.requestWillBeSent"))
          .extracting(request -> request.at("/request/url").asText())
          .as("everything the pages loaded or called")
          .allSatisfy(url -> assertThat(url).startsWith(origin + "/"));
      tab.close();
    }
  }

  @Test
  void the_verification_link_opens_a_page_whose_button_verifies_the_account_once() throws Exception {
    api.post("/api/v1/register", Map.of("email", "ada@example.com", "password", PASSWORD));
    String link = linkIn(lastTo("ada@example.com"), "/verify-email?token=");

    assertThat(prefetch(link)).as("a mail scanner's GET").isEqualTo(200);
    assertThat(login("ada@example.com", PASSWORD).status()).as("still unverified after the prefetch").isEqualTo(403);

    HeadlessChromium.Tab tab = open(link);
    assertThat(tab.evaluate("document.title").asText()).isEqualTo("Confirm your email address - " + PRODUCT);
    assertThat(tab.text(".product")).isEqualTo(PRODUCT);
    assertThat(tab.waitFor("!document.getElementById('confirm').hidden", WAIT)).isTrue();
    tab.click("#verify-form button");
    assertThat(tab.waitFor("document.querySelector('#message.success:not([hidden])')", WAIT))
        .as("a success message").isTrue();
    assertThat(tab.text("#message")).contains("Your email address is confirmed");
    assertThat(tab.evaluate("document.activeElement.id").asText()).as("focus moves to the message")
        .isEqualTo("message");

    ApiClient.Response signedIn = login("ada@example.com", PASSWORD);
    assertThat(signedIn.status()).isEqualTo(200);
    assertThat(api.get("/api/v1/me", signedIn.text("access_token")).body().get("email_verified").asBoolean())
        .isTrue();

    HeadlessChromium.Tab again = open(link);
    again.click("#verify-form button");
    assertThat(again.waitFor("document.querySelector('#message.error:not([hidden])')", WAIT)).isTrue();
    assertThat(again.text("#message")).contains("already been used");
    assertThat(again.evaluate("!document.getElementById('new-link').hidden").asBoolean())
        .as("a way to ask for a new link").isTrue();
    again.type("#new-link-email", "ada@example.com");
    again.pressEnter();
    assertThat(again.waitFor("document.querySelector('#message.success:not([hidden])')", WAIT)).isTrue();
    assertThat(again.text("#message")).isEqualTo("If the address has an unverified account, we have sent a new link.");
  }

  @Test
  void the_email_change_link_opens_a_page_whose_button_moves_the_account_once() throws Exception {
    String access = registerVerified("old.address@example.com");
    ApiClient.Response asked = api.post("/api/v1/me/email",
        Map.of("new_email", "new.address@example.com", "current_password", PASSWORD), access);
    assertThat(asked.status()).as(asked.toString()).isEqualTo(202);
    String link = linkIn(lastTo("new.address@example.com"), "/confirm-email?token=");

    assertThat(prefetch(link)).as("a mail scanner's GET").isEqualTo(200);
    assertThat(api.get("/api/v1/me", access).text("email")).as("unchanged after the prefetch")
        .isEqualTo("old.address@example.com");

    HeadlessChromium.Tab tab = open(link);
    assertThat(tab.evaluate("document.title").asText()).isEqualTo("Confirm your new email address - " + PRODUCT);
    assertThat(tab.waitFor("!document.getElementById('confirm').hidden", WAIT)).isTrue();
    tab.click("#confirm-email-form button");
    assertThat(tab.waitFor("document.querySelector('#message.success:not([hidden])')", WAIT))
        .as("a success message").isTrue();
    assertThat(tab.text("#message")).contains("new.address@example.com");
    assertThat(login("new.address@example.com", PASSWORD).status()).isEqualTo(200);

    HeadlessChromium.Tab again = open(link);
    again.click("#confirm-email-form button");
    assertThat(again.waitFor("document.querySelector('#message.error:not([hidden])')", WAIT)).isTrue();
    assertThat(again.text("#message")).contains("already been used");
  }

  @Test
  void the_reset_link_page_shows_the_policys_message_for_a_weak_password_and_sets_a_strong_one() throws Exception {
    registerVerified("grace@example.com");
    api.post("/api/v1/password-reset/request", Map.of("email", "grace@example.com"));
    String link = linkIn(lastTo("grace@example.com"), "/reset-password?token=");
    assertThat(prefetch(link)).isEqualTo(200);

    HeadlessChromium.Tab tab = open(link);
    assertThat(tab.waitFor("!document.getElementById('reset').hidden", WAIT)).isTrue();
    tab.type("#new-password", "password1234");
    tab.type("#repeat-password", "password1234");
    tab.pressEnter();
    assertThat(tab.waitFor("!document.getElementById('new-password-error').hidden", WAIT))
        .as("the policy's message").isTrue();
    assertThat(tab.text("#new-password-error"))
        .isEqualTo("This password is too common or too easy to guess. Try a few unrelated words or a longer phrase.");
    assertThat(tab.evaluate("document.getElementById('new-password').getAttribute('aria-invalid')").asText())
        .isEqualTo("true");
    assertThat(tab.evaluate("document.activeElement.id").asText()).isEqualTo("new-password");

    String newPassword = "a brand new passphrase 2026";
    tab.type("#new-password", newPassword);
    tab.type("#repeat-password", newPassword + "!");
    tab.pressEnter();
    assertThat(tab.waitFor("!document.getElementById('repeat-password-error').hidden", WAIT)).isTrue();
    assertThat(tab.text("#repeat-password-error")).contains("The two passwords differ");

    tab.type("#repeat-password", newPassword);
    tab.click("#reset-form button");
    assertThat(tab.waitFor("document.querySelector('#message.success:not([hidden])')", WAIT)).isTrue();
    assertThat(tab.text("#message")).contains("Your password is changed");

    assertThat(login("grace@example.com", newPassword).status()).isEqualTo(200);
    assertThat(login("grace@example.com", PASSWORD).status()).isEqualTo(401);

    HeadlessChromium.Tab again = open(link);
    again.type("#new-password", "yet another fine passphrase");
    again.type("#repeat-password", "yet another fine passphrase");
    again.pressEnter();
    assertThat(again.waitFor("document.querySelector('#message.error:not([hidden])')", WAIT)).isTrue();
    assertThat(again.text("#message")).contains("already been used");
    assertThat(login("grace@example.com", newPassword).status()).as("the used link changed nothing").isEqualTo(200);
  }

  @Test
  void the_invitation_page_refuses_the_wrong_account_then_signs_in_the_invitee_and_accepts() throws Exception {
    String owner = registerVerified("owner@example.com");
    String org = api.post("/api/v1/orgs", Map.of("name", "Acme", "slug", "acme-pages"), owner).text("id");
    api.post("/api/v1/orgs/" + org + "/invite", Map.of("email", "joan@example.com", "role", "member"), owner);
    String link = linkIn(lastTo("joan@example.com"), "/invitations/accept?token=");
    registerVerified("joan@example.com");
    assertThat(prefetch(link)).isEqualTo(200);

    HeadlessChromium.Tab tab = open(link);
    assertThat(tab.waitFor("!document.getElementById('sign-in').hidden", WAIT)).isTrue();
    tab.type("#email", "owner@example.com");
    tab.type("#password", "not the password");
    tab.pressEnter();
    assertThat(tab.waitFor("document.querySelector('#message.error:not([hidden])')", WAIT)).isTrue();
    assertThat(tab.text("#message")).isEqualTo("The email address or the password is wrong.");

    tab.type("#password", PASSWORD);
    tab.pressEnter();
    assertThat(tab.waitFor("!document.getElementById('accept').hidden", WAIT)).isTrue();
    assertThat(tab.text("#signed-in-as")).isEqualTo("owner@example.com");
    tab.click("#accept-form button");
    assertThat(tab.waitFor("document.querySelector('#message.error:not([hidden])')", WAIT)).isTrue();
    assertThat(tab.text("#message")).contains("cannot be accepted by owner@example.com", "sent to another address");

    CompletableFuture<JsonNode> ownerSignedOut = loggedOut(tab);
    tab.click("#switch-account");
    assertThat(ownerSignedOut.get(WAIT.toSeconds(), TimeUnit.SECONDS).at("/response/status").asInt())
        .as("the page ended the wrong account's session").isEqualTo(204);
    assertThat(tab.waitFor("!document.getElementById('sign-in').hidden", WAIT)).isTrue();
    tab.type("#email", "joan@example.com");
    tab.type("#password", PASSWORD);
    tab.click("#sign-in-form button");
    assertThat(tab.waitFor("!document.getElementById('accept').hidden", WAIT)).isTrue();
    assertThat(tab.text("#signed-in-as")).isEqualTo("joan@example.com");
    CompletableFuture<JsonNode> inviteeSignedOut = loggedOut(tab);
    tab.click("#accept-form button");
    assertThat(tab.waitFor("document.querySelector('#message.success:not([hidden])')", WAIT)).isTrue();
    assertThat(tab.text("#message")).isEqualTo("You have joined Acme.");
    assertThat(inviteeSignedOut.get(WAIT.toSeconds(), TimeUnit.SECONDS).at("/response/status").asInt())
        .as("the page ended its session once the invitation was accepted").isEqualTo(204);

    JsonNode members = api.get("/api/v1/orgs/" + org + "/members", owner).body().get("items");
    List<String> emails = new ArrayList<>();
    members.forEach(member -> emails.add(member.get("email").asText()));
    assertThat(emails).containsExactlyInAnyOrder("owner@example.com", "joan@example.com");

    HeadlessChromium.Tab again = open(link);
    again.type("#email", "joan@example.com");
    again.type("#password", PASSWORD);
    again.pressEnter();
    assertThat(again.waitFor("!document.getElementById('accept').hidden", WAIT)).isTrue();
    again.click("#accept-form button");
    assertThat(again.waitFor("document.querySelector('#message.error:not([hidden])')", WAIT)).isTrue();
    assertThat(again.text("#message")).contains("already been used");
  }

  @Test
  void an_invitee_with_two_factor_sign_in_enters_a_code_on_the_page() throws Exception {
    String owner = registerVerified("boss@example.com");
    String org = api.post("/api/v1/orgs", Map.of("name", "Globex", "slug", "globex-pages"), owner).text("id");
    api.post("/api/v1/orgs/" + org + "/invite", Map.of("email", "mfa@example.com", "role", "member"), owner);
    String link = linkIn(lastTo("mfa@example.com"), "/invitations/accept?token=");
    String invitee = registerVerified("mfa@example.com");
    String secret = api.post("/api/v1/me/mfa/totp", Map.of("current_password", PASSWORD), invitee).text("secret");
    Authenticator app = new Authenticator(secret);
    assertThat(api.post("/api/v1/me/mfa/totp/confirm", Map.of("code", app.nextCode()), invitee).status())
        .isEqualTo(200);

    HeadlessChromium.Tab tab = open(link);
    tab.type("#email", "mfa@example.com");
    tab.type("#password", PASSWORD);
    tab.pressEnter();
    assertThat(tab.waitFor("!document.getElementById('second-factor').hidden", WAIT)).as("asked for a code")
        .isTrue();
    assertThat(tab.evaluate("document.activeElement.id").asText()).isEqualTo("code");
    tab.type("#code", app.wrongCode());
    tab.pressEnter();
    assertThat(tab.waitFor("document.querySelector('#message.error:not([hidden])')", WAIT)).isTrue();
    assertThat(tab.text("#message")).startsWith("That code is not right.");

    tab.type("#code", app.nextCode());
    tab.pressEnter();
    assertThat(tab.waitFor("!document.getElementById('accept').hidden", WAIT)).isTrue();
    assertThat(tab.text("#signed-in-as")).isEqualTo("mfa@example.com");
    tab.click("#accept-form button");
    assertThat(tab.waitFor("document.querySelector('#message.success:not([hidden])')", WAIT)).isTrue();
    assertThat(tab.text("#message")).isEqualTo("You have joined Globex.");
  }

  @Test
  void a_link_without_its_token_says_so_and_offers_no_button() throws Exception {
    HeadlessChromium.Tab tab = open(origin + "/verify-email");

    assertThat(tab.waitFor("document.querySelector('#message.error:not([hidden])')", WAIT)).isTrue();
    assertThat(tab.text("#message")).contains("This link is incomplete");
    assertThat(tab.evaluate("document.getElementById('confirm').hidden").asBoolean()).isTrue();
  }

  @Test
  void a_page_fits_a_phone_screen_without_sideways_scrolling() throws Exception {
    HeadlessChromium.Tab tab = chromium.open();
    tab.send("Emulation.setDeviceMetricsOverride", params().put("width", 360).put("height", 740)
        .put("deviceScaleFactor", 2).put("mobile", true));
    watch(tab);
    tab.navigate(origin + "/reset-password?token=not-used-here", WAIT);

    assertThat(tab.waitFor("!document.getElementById('reset').hidden", WAIT)).isTrue();
    assertThat(tab.evaluate("window.innerWidth").asInt()).isEqualTo(360);
    assertThat(tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth").asBoolean())
        .as("no sideways scrolling").isTrue();
    assertThat(tab.evaluate("document.getElementById('new-password').getBoundingClientRect().width").asDouble())
        .as("the field spans the screen").isGreaterThan(280);
    assertThat(tab.evaluate("document.querySelector('#reset-form button').getBoundingClientRect().height")
        .asDouble()).as("a button a finger can hit").isGreaterThanOrEqualTo(44);
  }

  private HeadlessChromium.Tab open(String link) {
    HeadlessChromium.Tab tab = chromium.open();
    watch(tab);
    tab.navigate(link.startsWith(PUBLIC_URL) ? origin + link.substring(PUBLIC_URL.length()) : link, WAIT);
    return tab;
  }

  /** The next answer to a sign-out the page sends; call before what should cause it. */
  private static CompletableFuture<JsonNode> loggedOut(HeadlessChromium.Tab tab) {
    return tab.next("Network.responseReceived",
        event -> event.at("/response/url").asText().equals(origin + "/api/v1/logout"));
  }

  private void watch(HeadlessChromium.Tab tab) {
    for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
      tab.send(domain + ".enable", params());
    }
    tab.send("Page.addScriptToEvaluateOnNewDocument", params().put("source", WATCH_POLICY));
    tabs.add(tab);
  }

  /** What a link scanner does: a plain GET of the link, answering the status. */
  private static int prefetch(String link) throws Exception {
    URI uri = URI.create(origin + link.substring(PUBLIC_URL.length()));
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).doesNotContain(uri.getQuery().substring("token=".length()));
    return response.statusCode();
  }

  private static ApiClient.Response login(String email, String password) {
    return api.post("/api/v1/login", Map.of("email", email, "password", password));
  }

  /** Registers {@code email} with {@link #PASSWORD}, verifies it through the API, and answers an access token. */
  private static String registerVerified(String email) throws Exception {
    api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD));
    String link = linkIn(lastTo(email), "/verify-email?token=");
    String token = link.substring(link.indexOf("token=") + "token=".length());
    assertThat(api.post("/api/v1/verify-email", Map.of("token", token)).status()).isEqualTo(200);
    return login(email, PASSWORD).text("access_token");
  }

  /** The link in the mail, which must be Keyhold's own page at {@code path}. */
  private static String linkIn(MimeMessage message, String path) throws Exception {
    Matcher matcher = LINK.matcher(ReceivedMail.text(message));
    assertThat(matcher.find()).as("a link with a token in the mail").isTrue();
    assertThat(matcher.group()).startsWith(PUBLIC_URL + path);
    return matcher.group();
  }

  private static MimeMessage lastTo(String address) throws Exception {
    server.keyhold().mail().deliverDue();
    return ReceivedMail.lastTo(smtp.getReceivedMessages(), address);
  }
}
