package dev.keyhold.adapter.http;

import java.time.Duration;
import java.util.List;

/**
 * Every check of the document, again with the refresh cookie on, which adds a request header, a response header, an
 * optional body and {@code csrf_rejected} to the routes that hand out or take refresh tokens.
 */
class OpenApiDocumentWithRefreshCookieTest extends OpenApiDocumentTest {

  @Override
  RefreshCookieSettings refreshCookie() {
    return new RefreshCookieSettings(true, List.of("https://app.example.com"), Duration.ofDays(30));
  }
}
