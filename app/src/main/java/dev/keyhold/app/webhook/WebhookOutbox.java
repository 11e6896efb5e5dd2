package dev.keyhold.app.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The deliveries waiting to be posted to the webhook receiver: durable, shared by every node.
 *
 * <p>A delivery is claimed by one dispatcher at a time: a claim counts as an attempt and leases the delivery until
 * its lease ends, so that a node that dies mid-delivery leaves it to be claimed again (the receiver may then get it
 * twice, with the same {@code webhook-id}). Every method fails with
 * {@link dev.keyhold.identity.error.StoreUnavailableException} when the store cannot be reached; none reports an
 * outage as "nothing due".
 */
public interface WebhookOutbox {

  /** One event to post. {@code attempts} counts the claims so far, this one included. */
  record Delivery(UUID eventId, String type, String body, int attempts) {}

  /**
   * Stores a delivery of {@code body} for the event {@code eventId}, due at {@code now}. Idempotent: an event
   * enqueued again (a retried listener) is stored once.
   */
  void enqueue(UUID eventId, String type, String body, Instant now);

  /** Claims up to {@code limit} deliveries due at {@code now}, oldest due first, leasing each for {@code lease}. */
  List<Delivery> claimDue(Instant now, int limit, Duration lease);

  /** The receiver accepted the delivery: it is never claimed again. */
  void delivered(UUID eventId, Instant at);

  /** The attempt failed with {@code error}: due again at {@code next}. */
  void retryAt(UUID eventId, Instant next, String error);

  /** The attempts are used up (or the receiver is refused): never claimed again, kept with {@code error}. */
  void giveUp(UUID eventId, Instant at, String error);

  /** How many deliveries are neither delivered nor given up. */
  long backlog();
}
