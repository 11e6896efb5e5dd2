package dev.keyhold.app.webhook;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts due deliveries to the receiver, signed, and records each outcome in the outbox: a 2xx answer marks the
 * delivery done; anything else (another status, a redirect, which is never followed, a timeout, a refused address)
 * makes it due again after an exponential backoff, until {@link #MAX_ATTEMPTS} attempts have failed.
 */
final class WebhookDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

  /** Deliveries claimed at once; the lease covers them all at their longest. */
  static final int BATCH_SIZE = 10;
  /** Attempts before a delivery is given up: the last comes about two days after the first. */
  static final int MAX_ATTEMPTS = 15;
  static final Duration FIRST_RETRY = Duration.ofSeconds(10);
  static final Duration MAX_RETRY = Duration.ofHours(6);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration LEASE = CONNECT_TIMEOUT.plus(REQUEST_TIMEOUT).multipliedBy(BATCH_SIZE);

  private final WebhookOutbox outbox;
  private final WebhookSettings settings;
  private final HttpClient client;
  private final Clock clock;

  WebhookDispatcher(WebhookOutbox outbox, WebhookSettings settings, Clock clock) {
    this.outbox = outbox;
    this.settings = settings;
    this.clock = clock;
    this.client = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(CONNECT_TIMEOUT)
        .build();
  }

  /** The wait before the attempt after {@code failedAttempts} failures: 10 s, doubling, at most 6 h. */
  static Duration backoff(int failedAttempts) {
    Duration delay = FIRST_RETRY;
    for (int i = 1; i < failedAttempts && delay.compareTo(MAX_RETRY) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
  }

  /** Claims and posts one batch of due deliveries; returns how many were claimed. */
  int deliverDue() {
    List<WebhookOutbox.Delivery> due = outbox.claimDue(clock.instant(), BATCH_SIZE, LEASE);
    for (WebhookOutbox.Delivery delivery : due) {
      deliver(delivery);
    }
    return due.size();
  }

  private void deliver(WebhookOutbox.Delivery delivery) {
    try {
      AddressGuard.check(settings.url(), settings.allowPrivate(), settings.httpsOnly());
    } catch (AddressGuard.Refused e) {
      failed(delivery, "receiver refused: " + e.getMessage());
      return;
    }
    String id = delivery.eventId().toString();
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request = HttpRequest.newBuilder(settings.url())
        .timeout(REQUEST_TIMEOUT)
        .header("content-type", "application/json")
        .header("user-agent", "Keyhold-Webhooks")
        .header("webhook-id", id)
        .header("webhook-timestamp", Long.toString(timestamp))
        .header("webhook-signature", settings.secret().sign(id, timestamp, delivery.body()))
        .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
        .build();
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        outbox.delivered(delivery.eventId(), clock.instant());
        LOG.debug("Webhook {} ({}) delivered", id, delivery.type());
      } else {
        failed(delivery, "HTTP " + response.statusCode());
      }
    } catch (IOException e) {
      failed(delivery, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outbox.retryAt(delivery.eventId(), clock.instant(), "interrupted");
    }
  }

  private void failed(WebhookOutbox.Delivery delivery, String error) {
    if (delivery.attempts() >= MAX_ATTEMPTS) {
      outbox.giveUp(delivery.eventId(), clock.instant(), error);
      LOG.error("Webhook {} ({}) given up after {} attempts: {}", delivery.eventId(), delivery.type(),
          delivery.attempts(), error);
      return;
    }
    Duration wait = backoff(delivery.attempts());
    outbox.retryAt(delivery.eventId(), clock.instant().plus(wait), error);
    LOG.warn("Webhook {} ({}) attempt {} failed ({}); retrying in {}", delivery.eventId(), delivery.type(),
        delivery.attempts(), error, wait);
  }
}
