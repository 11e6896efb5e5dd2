package dev.keyhold.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dispatcher against a real receiver on the loopback, over an outbox kept in this test. */
class WebhookDispatcherTest {

  private static final WebhookSecret SECRET = WebhookSecret.parse("whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  private final WebhookReceiver receiver = WebhookReceiver.start();
  private final ListOutbox outbox = new ListOutbox();

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  /** An outbox in a list, recording what the dispatcher decides about each delivery. */
  private static final class ListOutbox implements WebhookOutbox {
    final Map<UUID, Delivery> waiting = new LinkedHashMap<>();
    final List<UUID> delivered = new ArrayList<>();
    final Map<UUID, Instant> retries = new LinkedHashMap<>();
    final Map<UUID, String> errors = new LinkedHashMap<>();
    final List<UUID> givenUp = new ArrayList<>();

    @Override
    public void enqueue(UUID eventId, String type, String body, Instant now) {
      waiting.putIfAbsent(eventId, new Delivery(eventId, type, body, 0));
    }

    @Override
    public List<Delivery> claimDue(Instant now, int limit, Duration lease) {
      List<Delivery> claimed = new ArrayList<>();
      for (Delivery delivery : List.copyOf(waiting.values())) {
        Delivery next = new Delivery(delivery.eventId(), delivery.type(), delivery.body(), delivery.attempts() + 1);
        waiting.remove(delivery.eventId());
        claimed.add(next);
      }
      return claimed;
    }

    @Override
    public void delivered(UUID eventId, Instant at) {
      delivered.add(eventId);
    }

    @Override
    public void retryAt(UUID eventId, Instant next, String error) {
      retries.put(eventId, next);
      errors.put(eventId, error);
    }

    @Override
    public void giveUp(UUID eventId, Instant at, String error) {
      givenUp.add(eventId);
      errors.put(eventId, error);
    }

    @Override
    public long backlog() {
      return waiting.size();
    }
  }

  private WebhookDispatcher dispatcher(String url, boolean allowPrivate, boolean httpsOnly) {
    return new WebhookDispatcher(outbox,
        new WebhookSettings(URI.create(url), SECRET, Set.of(), allowPrivate, httpsOnly),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void a_delivery_is_posted_with_the_standard_webhooks_headers() {
    UUID id = UUID.randomUUID();
    outbox.enqueue(id, "user.registered", "{\"id\":\"" + id + "\"}", NOW);

    assertThat(dispatcher(receiver.url("/hooks"), true, false).deliverDue()).isEqualTo(1);

    WebhookReceiver.Received request = receiver.received().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("webhook-id")).isEqualTo(id.toString());
    assertThat(request.header("webhook-timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
    assertThat(request.header("webhook-signature"))
        .isEqualTo(SECRET.sign(id.toString(), NOW.getEpochSecond(), request.body()));
    assertThat(request.header("content-type")).isEqualTo("application/json");
    assertThat(outbox.delivered).containsExactly(id);
  }

  @Test
  void a_loopback_receiver_is_refused_at_delivery_without_allow_private_and_never_called() {
    UUID id = UUID.randomUUID();
    outbox.enqueue(id, "user.registered", "{}", NOW);

    dispatcher(receiver.url("/hooks"), false, false).deliverDue();

    assertThat(receiver.received()).isEmpty();
    assertThat(outbox.delivered).isEmpty();
    assertThat(outbox.errors.get(id)).startsWith("receiver refused: 127.0.0.1 resolves to 127.0.0.1");
    assertThat(outbox.retries.get(id)).isEqualTo(NOW.plus(WebhookDispatcher.FIRST_RETRY));
  }

  @Test
  void plain_http_is_refused_at_delivery_in_production() {
    UUID id = UUID.randomUUID();
    outbox.enqueue(id, "user.registered", "{}", NOW);

    dispatcher(receiver.url("/hooks"), true, true).deliverDue();

    assertThat(receiver.received()).isEmpty();
    assertThat(outbox.errors.get(id)).contains("only https");
  }

  @Test
  void a_redirect_is_not_followed_and_counts_as_a_failure() {
    try (WebhookReceiver elsewhere = WebhookReceiver.start()) {
      receiver.redirect(307, elsewhere.url("/stolen"));
      UUID id = UUID.randomUUID();
      outbox.enqueue(id, "user.registered", "{}", NOW);

      dispatcher(receiver.url("/hooks"), true, false).deliverDue();

      assertThat(receiver.received()).hasSize(1);
      assertThat(elsewhere.received()).isEmpty();
      assertThat(outbox.errors.get(id)).isEqualTo("HTTP 307");
      assertThat(outbox.delivered).isEmpty();
    }
  }

  @Test
  void the_last_attempt_failing_gives_the_delivery_up() {
    receiver.answer(500);
    UUID id = UUID.randomUUID();
    outbox.waiting.put(id, new WebhookOutbox.Delivery(id, "user.registered", "{}",
        WebhookDispatcher.MAX_ATTEMPTS - 1));

    dispatcher(receiver.url("/hooks"), true, false).deliverDue();

    assertThat(outbox.givenUp).containsExactly(id);
    assertThat(outbox.retries).isEmpty();
  }

  @Test
  void the_signature_is_the_standard_webhooks_specifications_example() {
    assertThat(WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        .sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    assertThat(WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).hasToString("WebhookSecret[***]");
  }

  @Test
  void the_backoff_doubles_from_ten_seconds_up_to_six_hours() {
    assertThat(WebhookDispatcher.backoff(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(WebhookDispatcher.backoff(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(WebhookDispatcher.backoff(5)).isEqualTo(Duration.ofSeconds(160));
    assertThat(WebhookDispatcher.backoff(14)).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void the_guard_refuses_internal_addresses_and_lets_public_ones_through() throws Exception {
    for (String internal : List.of("http://127.0.0.1/", "http://10.1.2.3/", "http://192.168.1.1/",
        "http://172.16.0.1/", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://[fd00::1]/",
        "http://[fe80::1]/", "http://0.0.0.0/", "http://100.64.0.1/", "http://224.0.0.1/")) {
      assertThatThrownBy(() -> AddressGuard.check(URI.create(internal), false, false))
          .as(internal).isInstanceOf(AddressGuard.Refused.class);
      AddressGuard.check(URI.create(internal), true, false);
    }
    AddressGuard.check(URI.create("https://93.184.215.14/hooks"), false, true);
    AddressGuard.check(URI.create("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hooks"), false, true);
    assertThatThrownBy(() -> AddressGuard.check(URI.create("http://93.184.215.14/hooks"), false, true))
        .isInstanceOf(AddressGuard.Refused.class).hasMessageContaining("https");
  }
}
