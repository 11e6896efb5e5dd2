package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** HEAD is a GET without a body: it is authenticated and authorized exactly like the GET. */
class HeadRequestTest extends HttpApiTestSupport {

  private int head(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api().port() + path))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void head_on_a_protected_route_without_a_token_is_unauthorized() throws Exception {
    assertThat(head("/api/v1/me")).isEqualTo(401);
    assertThat(head("/api/v1/orgs")).isEqualTo(401);
  }

  @Test
  void head_on_a_malformed_organization_id_is_not_found_after_authentication() throws Exception {
    assertThat(head("/api/v1/orgs/garbage")).isEqualTo(401);
  }

  @Test
  void head_on_a_public_route_succeeds() throws Exception {
    assertThat(head("/health/live")).isEqualTo(200);
  }
}
