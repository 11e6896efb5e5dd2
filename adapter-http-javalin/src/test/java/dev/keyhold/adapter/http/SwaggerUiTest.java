package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Swagger UI at /api/v1/docs: Keyhold's page and initializer, the webjar's files, and nothing else. */
class SwaggerUiTest extends HttpApiTestSupport {

  private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>");
  private static final Pattern ABSOLUTE_URL = Pattern.compile("(?i)https?://|[\"'(]//");

  static Stream<String> assets() {
    return DocsRoutes.ASSETS.keySet().stream().sorted();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/docs", "/api/v1/docs/"})
  void the_page_is_keyholds_own_with_its_scripts_from_this_server_only(String path) {
    Response response = get(path);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("text/html;charset=utf-8");
    assertThat(response.body()).contains("<title>Keyhold API</title>",
        "<script src=\"/api/v1/docs/swagger-ui-bundle.js\"></script>",
        "<script src=\"/api/v1/docs/swagger-initializer.js\"></script>");
    assertThat(INLINE_SCRIPT.matcher(response.body()).find()).as("an inline script").isFalse();
    assertThat(ABSOLUTE_URL.matcher(response.body()).find()).as("a link to another server").isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/docs", "/api/v1/docs/swagger-ui-bundle.js", "/api/v1/docs/swagger-ui.css"})
  void every_docs_file_carries_a_content_security_policy_without_inline_or_foreign_scripts(String path) {
    Response response = get(path);

    String policy = response.header("Content-Security-Policy");
    assertThat(policy).isEqualTo(DocsRoutes.CONTENT_SECURITY_POLICY);
    assertThat(policy).startsWith("default-src 'self';").contains("script-src 'self';", "object-src 'none'",
        "frame-ancestors 'none'");
    assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
    assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @ParameterizedTest
  @MethodSource("assets")
  void every_asset_is_served_with_its_media_type_and_cached_for_an_hour(String asset) {
    Response response = get("/api/v1/docs/" + asset);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo(DocsRoutes.ASSETS.get(asset));
    assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=3600");
    assertThat(response.body()).isNotEmpty();
  }

  @Test
  void swagger_uis_own_files_come_unchanged_from_the_webjar() throws IOException {
    String root = "META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";

    for (String asset : new String[] {"swagger-ui-bundle.js", "swagger-ui.css", "index.css"}) {
      assertThat(get("/api/v1/docs/" + asset).body()).as(asset).isEqualTo(resource(root + asset));
    }
  }

  @Test
  void the_initializer_points_swagger_ui_at_the_document_and_at_no_validator() {
    String script = get("/api/v1/docs/swagger-initializer.js").body();

    assertThat(script).contains("url: \"" + DocsRoutes.DOCUMENT_PATH + "\"", "validatorUrl: null");
    assertThat(ABSOLUTE_URL.matcher(script).find()).as("a link to another server").isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"petstore.json", "index.html", "swagger-ui-standalone-preset.js", "oauth2-redirect.html",
      "swagger-ui.css.map", "SWAGGER-UI.CSS"})
  void any_other_name_is_the_404_of_an_unknown_path(String name) {
    Response response = get("/api/v1/docs/" + name);

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.code()).isEqualTo("not_found");
    assertThat(response.json().get("detail").asText()).isEqualTo("There is no resource at this path.");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/api/v1/docs/..%2f..%2f..%2f..%2fmaven%2forg.webjars%2fswagger-ui%2fpom.properties",
      "/api/v1/docs/%2e%2e/%2e%2e/%2e%2e/%2e%2e/maven/org.webjars/swagger-ui/pom.properties",
      "/api/v1/docs/..%5c..%5c..%5c..%5cmaven%5corg.webjars%5cswagger-ui%5cpom.properties",
      "/api/v1/docs/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fdev%2fkeyhold%2fadapter%2fhttp%2fHttpApi.class",
      "/api/v1/docs/....//....//logback-test.xml",
      "/api/v1/docs/%252e%252e%252f%252e%252e%252flogback-test.xml",
      "/api/v1/docs/swagger-ui.css%00.class",
      "/api/v1/docs/%2fdev%2fkeyhold%2fadapter%2fhttp%2fdocs%2findex.html"})
  void no_path_reaches_a_file_outside_the_list(String path) throws IOException {
    String answer = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

    assertThat(answer).matches("(?s)HTTP/1\\.1 (400|404) .*");
    assertThat(answer).doesNotContain("version=", "<configuration>", "artifactId", "<title>Keyhold API</title>");
    assertThat(answer.getBytes(StandardCharsets.ISO_8859_1)).doesNotContain(0xCA, 0xFE, 0xBA, 0xBE);
  }

  @Test
  void the_asset_route_answers_only_get_and_head() {
    Response post = sendJson("POST", "/api/v1/docs/swagger-ui.css", "{}");

    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(send("HEAD", "/api/v1/docs/swagger-ui.css").status()).isEqualTo(200);
  }

  @Test
  void without_the_webjar_the_docs_answer_404_and_the_document_is_still_served() throws Exception {
    ClassLoader withoutWebjar = new ClassLoader(DocsRoutes.class.getClassLoader()) {
      @Override
      public InputStream getResourceAsStream(String name) {
        return name.startsWith("META-INF/") ? null : super.getResourceAsStream(name);
      }
    };
    DocsRoutes docs = new DocsRoutes("{}".getBytes(StandardCharsets.UTF_8), withoutWebjar);
    Javalin app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.jetty.host = "127.0.0.1";
      cfg.jetty.port = 0;
      cfg.routes.get("/docs", docs::page);
      cfg.routes.get("/docs/{asset}", docs::asset);
      cfg.routes.get("/openapi.json", docs::document);
    }).start();
    try {
      assertThat(status(app, "/docs")).isEqualTo(404);
      assertThat(status(app, "/docs/swagger-ui.css")).isEqualTo(404);
      assertThat(status(app, "/openapi.json")).isEqualTo(200);
    } finally {
      app.stop();
    }
  }

  private static int status(Javalin app, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String webjarVersion() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = resourceStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      properties.load(in);
    }
    return properties.getProperty("version");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = resourceStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static InputStream resourceStream(String name) {
    InputStream in = SwaggerUiTest.class.getClassLoader().getResourceAsStream(name);
    assertThat(in).as(name).isNotNull();
    return in;
  }
}
