package dev.keyhold.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * JSON over the JDK's HttpClient for {@link KeyholdClient}: one request, one answer, problems turned into
 * {@link KeyholdApiException}. Immutable and thread-safe; logs nothing.
 */
final class Transport {

  static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpClient http;
  private final Duration requestTimeout;

  Transport(URI baseUrl, HttpClient http, Duration requestTimeout) {
    String text = Objects.requireNonNull(baseUrl, "baseUrl").toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.http = Objects.requireNonNull(http, "http");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
  }

  /**
   * Sends {@code body} (a JSON object, or nothing when {@code null}) and answers the JSON of a 2xx answer, or
   * {@code null} for one without a body (204).
   *
   * @throws KeyholdApiException for any other status
   * @throws KeyholdConnectionException when no answer came or its body is not JSON
   */
  JsonNode send(String method, String path, Map<String, ?> body, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(requestTimeout)
        .header("Accept", "application/json, application/problem+json");
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(write(body)));
    }
    String what = method + " " + path;
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new KeyholdConnectionException(what + " failed: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeyholdConnectionException(what + " was interrupted", e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      byte[] bytes = response.body();
      if (bytes.length == 0) {
        return null;
      }
      try {
        return JSON.readTree(bytes);
      } catch (IOException e) {
        throw new KeyholdConnectionException(what + " answered " + status + " with a body that is not JSON", e);
      }
    }
    throw problem(what, response);
  }

  private static KeyholdApiException problem(String what, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    Duration retryAfter = response.headers().firstValue("Retry-After").flatMap(Transport::seconds).orElse(null);
    String headerRequestId = response.headers().firstValue("X-Request-Id").orElse(null);
    JsonNode problem = null;
    if (response.headers().firstValue("Content-Type").orElse("").contains("json")) {
      try {
        problem = JSON.readTree(response.body());
      } catch (IOException e) {
        problem = null;
      }
    }
    if (problem == null || !problem.isObject() || !problem.path("code").isTextual()) {
      return new KeyholdApiException(what, status, KeyholdApiException.UNEXPECTED, null, headerRequestId, List.of(),
          retryAfter);
    }
    List<KeyholdApiException.FieldError> errors = new ArrayList<>();
    for (JsonNode error : problem.path("errors")) {
      errors.add(new KeyholdApiException.FieldError(error.path("field").asText(""), error.path("code").asText(""),
          textOrNull(error, "message")));
    }
    String requestId = textOrNull(problem, "request_id");
    return new KeyholdApiException(what, status, problem.get("code").asText(), textOrNull(problem, "detail"),
        requestId != null ? requestId : headerRequestId, errors, retryAfter);
  }

  private static Optional<Duration> seconds(String value) {
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty(); // an HTTP date: rare from Keyhold, which sends seconds
    }
  }

  private static byte[] write(Map<String, ?> body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the request body cannot be written as JSON", e);
    }
  }

  /** A path segment, percent-encoded. */
  static String segment(String value) {
    Objects.requireNonNull(value, "id");
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  // ---- reading answers: a missing required field means the answer is not what the API documents

  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.isTextual()) {
      throw unreadable(field);
    }
    return value.asText();
  }

  static String textOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  static long number(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.canConvertToLong()) {
      throw unreadable(field);
    }
    return value.asLong();
  }

  static boolean bool(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.isBoolean()) {
      throw unreadable(field);
    }
    return value.asBoolean();
  }

  static Instant instant(JsonNode node, String field) {
    try {
      return Instant.parse(text(node, field));
    } catch (DateTimeParseException e) {
      throw unreadable(field);
    }
  }

  static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    if (array != null) {
      array.forEach(value -> texts.add(value.asText()));
    }
    return texts;
  }

  /** The space-separated {@code scope} of a token answer, as a list; empty when absent. */
  static List<String> scopes(JsonNode node) {
    String scope = node.path("scope").asText("");
    return scope.isBlank() ? List.of() : List.of(scope.trim().split(" +"));
  }

  static KeyholdConnectionException unreadable(String field) {
    return new KeyholdConnectionException("the answer has no valid field " + field, null);
  }
}
