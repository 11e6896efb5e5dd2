package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Requests Jetty refuses before any route runs still get problem+json and a request id. */
class TransportRejectionTest extends HttpApiTestSupport {

  @Test
  void an_unparseable_uri_is_400_problem_json_with_a_request_id() throws IOException {
    String response = raw("GET /api/v1/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400 ");
    assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
    assertThat(response).containsPattern("(?i)X-Request-Id: " + UUID_PATTERN);
    assertThat(response).contains("\"code\":\"bad_request\"");
  }

  @Test
  void oversized_headers_are_431_problem_json_with_a_generated_request_id() {
    // the headers were never parsed, so the presented id is unknown and a new one is made
    Response response = get("/api/v1/me", "X-Padding", "a".repeat(20_000), "X-Request-Id", "big-headers");

    assertThat(response.status()).isEqualTo(431);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.header("X-Request-Id")).matches(UUID_PATTERN);
    assertThat(response.code()).isEqualTo("header_fields_too_large");
  }
}
