package dev.keyhold.identity.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The durable queue of mail waiting for delivery (a transactional outbox): the use cases enqueue, a dispatcher on any
 * node claims, sends through the {@link Mailer} and records the outcome. A message enqueued is never lost; it may be
 * sent more than once only if a node dies between sending and {@link #markSent}. Every method may throw
 * {@link dev.keyhold.identity.error.StoreUnavailableException}; all are safe under concurrency, also across
 * processes sharing one store.
 */
public interface MailOutbox {

  /**
   * One queued message.
   *
   * @param id identity
   * @param message what to send
   * @param createdAt when it was enqueued
   * @param attempts how many deliveries were tried (claims count as attempts)
   * @param nextAttemptAt not claimed before this
   * @param lastError why the last attempt failed (no secrets), or {@code null}
   */
  record Entry(UUID id, Mailer.Message message, Instant createdAt, int attempts, Instant nextAttemptAt,
      String lastError) {
    public Entry {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(createdAt, "createdAt");
      Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    }
  }

  /** Queues a message, due at once ({@code nextAttemptAt = now}). */
  void enqueue(UUID id, Mailer.Message message, Instant now);

  /**
   * Claims up to {@code max} unsent messages whose {@code nextAttemptAt} has come, oldest first, atomically: each is
   * given to one caller only (concurrent claims skip each other's rows), its {@code attempts} incremented and its
   * {@code nextAttemptAt} moved to {@code now + lease}, so a claimer that dies leaves it to be claimed again after
   * the lease. The entries are returned as they are after the claim.
   */
  List<Entry> claim(Instant now, int max, Duration lease);

  /** Records delivery; the message is never claimed again. Idempotent. */
  void markSent(UUID id, Instant at);

  /** Records a failed attempt and when to try again. */
  void markFailed(UUID id, String error, Instant nextAttemptAt);

  /** How many messages are not yet sent. */
  int backlog();
}
