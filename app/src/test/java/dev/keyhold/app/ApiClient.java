package dev.keyhold.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A small JSON client for the real server over real HTTP. */
final class ApiClient {

  record Response(int status, JsonNode body, HttpResponse<String> raw) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    String text(String field) {
      JsonNode node = body.get(field);
      return node == null ? null : node.asText();
    }

    @Override
    public String toString() {
      return status + " " + raw.body();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  ApiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  Response post(String path, Map<String, ?> body) {
    return postJson(path, write(body), null);
  }

  Response post(String path, Map<String, ?> body, String bearer) {
    return postJson(path, write(body), bearer);
  }

  Response postJson(String path, String json, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return send(request.build());
  }

  Response postForm(String path, String form) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build());
  }

  /** Any method, with an optional JSON body and bearer token. */
  Response send(String method, String path, Map<String, ?> body, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(write(body)));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return send(request.build());
  }

  Response get(String path, String bearer) {
    return get(path, bearer, Map.of());
  }

  /** A GET with further headers ({@code X-Request-Id}, {@code Accept}, ...). */
  Response get(String path, String bearer, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    headers.forEach(request::header);
    return send(request.build());
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      boolean isJson = response.headers().firstValue("Content-Type").map(t -> t.contains("json")).orElse(true);
      JsonNode json = body == null || body.isEmpty() || !isJson ? JSON.createObjectNode() : JSON.readTree(body);
      return new Response(response.statusCode(), json, response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String write(Map<String, ?> body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
