package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The assembled server describes itself: its OpenAPI document, and Swagger UI from the jars the app ships with. */
class ApiDocumentationTest {

  @RegisterExtension
  static final RunningServer server = new RunningServer();

  @Test
  void the_server_serves_its_openapi_document() {
    ApiClient.Response document = server.api().get("/api/v1/openapi.json", null);

    assertThat(document.status()).isEqualTo(200);
    assertThat(document.text("openapi")).isEqualTo("3.1.0");
    assertThat(document.body().get("paths").has("/api/v1/login")).isTrue();
    assertThat(document.body().at("/servers/0/url").asText()).isEqualTo("/");
  }

  @Test
  void the_server_serves_swagger_ui_from_the_webjar() throws Exception {
    HttpResponse<String> page = get("/api/v1/docs");
    HttpResponse<String> bundle = get("/api/v1/docs/swagger-ui-bundle.js");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("/api/v1/docs/swagger-ui-bundle.js");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        policy -> assertThat(policy).startsWith("default-src 'self'"));
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.body()).contains("SwaggerUIBundle");
  }

  private static HttpResponse<String> get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
