package dev.keyhold.adapter.http;

import static dev.keyhold.adapter.http.HeadlessChromium.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Swagger UI in a real browser: headless Chromium loads /api/v1/docs from the server and must render every
 * documented operation and, opened, an operation's responses, with nothing refused by the Content-Security-Policy,
 * no script error, and no request to any other server. Needs Chromium (see {@link HeadlessChromium}); without it
 * this test fails, it is not skipped.
 */
class SwaggerUiBrowserTest extends HttpApiTestSupport {

  /**
   * Runs before the page's own scripts: keeps every violation of the page's Content-Security-Policy, and defines how
   * the test waits. {@code keyholdWaitFor} resolves to true once {@code condition} holds (checked on every change to
   * the page), or to false after {@code ms}; {@code keyholdSettle} resolves after the next two frames are drawn and
   * the tasks they queued have run, so what rendering triggers (images, violation events) has happened.
   */
  private static final String HELPERS = "window.keyholdViolations = [];"
      + "document.addEventListener('securitypolicyviolation', e => window.keyholdViolations.push("
      + "  e.effectiveDirective + ' refused ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile));"
      + "window.keyholdWaitFor = (condition, ms) => new Promise(resolve => {"
      + "  const observer = new MutationObserver(() => check());"
      + "  const deadline = setTimeout(() => finish(false), ms);"
      + "  const finish = met => { observer.disconnect(); clearTimeout(deadline); resolve(met); };"
      + "  const check = () => { if (condition()) finish(true); };"
      + "  observer.observe(document, {childList: true, subtree: true, attributes: true});"
      + "  check();"
      + "});"
      + "window.keyholdSettle = () => new Promise(resolve =>"
      + "  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));";

  private static final String LOGIN = "#operations-sessions-login";

  @Test
  void swagger_ui_renders_every_documented_operation_with_nothing_refused_and_nothing_fetched_elsewhere()
      throws Exception {
    DocumentedApi documented = new DocumentedApi(get(DocsRoutes.DOCUMENT_PATH).json());
    List<String> operations = documented.operations().stream().map(DocumentedApi.Operation::key).sorted().toList();
    List<String> loginResponses = new ArrayList<>();
    documented.operation("POST", "/api/v1/login").node().get("responses").fieldNames()
        .forEachRemaining(loginResponses::add);
    String origin = "http://127.0.0.1:" + api().port();

    try (HeadlessChromium chromium = HeadlessChromium.launch()) {
      HeadlessChromium.Tab tab = chromium.open();
      for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
        tab.send(domain + ".enable", params());
      }
      tab.send("Page.addScriptToEvaluateOnNewDocument", params().put("source", HELPERS));
      CompletableFuture<JsonNode> loaded = tab.next("Page.loadEventFired", event -> true);

      JsonNode navigation = tab.send("Page.navigate", params().put("url", origin + DocsRoutes.PAGE_PATH));
      assertThat(navigation.path("errorText").asText()).isEmpty();
      loaded.get(30, TimeUnit.SECONDS);

      assertThat(tab.evaluate("keyholdWaitFor(() => document.querySelectorAll('.opblock').length >= "
          + operations.size() + ", 30000).then(met => keyholdSettle().then(() => met))").asBoolean())
          .as("Swagger UI showed %d operations within 30 s", operations.size()).isTrue();
      List<String> rendered = texts(tab.evaluate("Array.from(document.querySelectorAll('.opblock')).map(block =>"
          + " block.querySelector('.opblock-summary-method').textContent.trim() + ' '"
          + " + block.querySelector('.opblock-summary-path').getAttribute('data-path'))"));
      assertThat(new TreeSet<>(rendered)).as("operations Swagger UI shows").containsExactlyElementsOf(operations);
      assertThat(rendered).hasSameSizeAs(operations)
          .contains("POST /api/v1/login", "PATCH /api/v1/orgs/{id}/members/{user}", "GET /.well-known/jwks.json",
              "POST /api/v1/token", "GET /api/v1/admin/users");
      assertThat(tab.evaluate("document.querySelector('.info .title').textContent").asText())
          .startsWith("Keyhold API");

      assertThat(tab.evaluate("document.querySelector('" + LOGIN + " .opblock-summary-control').click();"
          + "keyholdWaitFor(() => document.querySelectorAll('" + LOGIN + " tr.response').length > 0, 30000)"
          + ".then(met => keyholdSettle().then(() => met))").asBoolean())
          .as("the login operation opened").isTrue();
      assertThat(texts(tab.evaluate("Array.from(document.querySelectorAll('" + LOGIN + " tr.response'))"
          + ".map(row => row.getAttribute('data-code'))")))
          .as("responses of the opened login operation").containsExactlyElementsOf(loginResponses);

      assertThat(texts(tab.evaluate("window.keyholdViolations"))).as("Content-Security-Policy violations").isEmpty();
      assertThat(tab.events("Runtime.exceptionThrown")).as("uncaught script errors").isEmpty();
      assertThat(tab.events("Log.entryAdded")).as("errors the browser logged")
          .filteredOn(entry -> entry.at("/entry/level").asText().equals("error")).isEmpty();
      assertThat(tab.events("Network.loadingFailed")).as("failed or blocked requests").isEmpty();
      assertThat(tab.events("Network.requestWillBeSent"))
          .extracting(request -> request.at("/request/url").asText())
          .as("everything the page loaded")
          .contains(origin + "/api/v1/docs/swagger-ui-bundle.js", origin + DocsRoutes.DOCUMENT_PATH)
          .allSatisfy(url -> assertThat(url).matches("(" + origin.replace(".", "\\.") + "/|data:).*"));
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(value -> texts.add(value.asText()));
    return texts;
  }
}
