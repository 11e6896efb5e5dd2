package dev.keyhold.identity.core.internal.mail;

import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.usecase.DeliverMail;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Delivers the mail the use cases queued in the {@link MailOutbox}: claims what is due, sends it through the
 * {@link Mailer} and records the outcome. Meant to run on a schedule (every few seconds) on any number of nodes;
 * claims keep them from sending the same message twice.
 *
 * <p>A message the mailer refuses (any {@link RuntimeException}, typically
 * {@link dev.keyhold.identity.error.StoreUnavailableException} when the mail server cannot be reached) stays queued
 * and is tried again after {@link #backoff}: 10 seconds after the first attempt, doubling up to an hour. The error
 * recorded names the exception and its message, never the mail's body, with anything shaped like a link token
 * redacted. An outage of the outbox's own store propagates to the caller.
 */
public final class MailDispatcher implements DeliverMail {

  /** How long a claim keeps other dispatchers off a message; a dispatcher that dies leaves it for after this. */
  public static final Duration LEASE = Duration.ofMinutes(2);

  static final Duration FIRST_RETRY = Duration.ofSeconds(10);
  static final Duration MAX_RETRY = Duration.ofHours(1);
  private static final int MAX_ERROR_LENGTH = 300;
  private static final Pattern SECRET_LIKE = Pattern.compile("[A-Za-z0-9_-]{32,}");
  private static final System.Logger LOG = System.getLogger("keyhold.mail");

  private final MailOutbox outbox;
  private final Mailer mailer;
  private final Clock clock;
  private final Runnable queueDueMail;

  public MailDispatcher(MailOutbox outbox, Mailer mailer, Clock clock) {
    this(outbox, mailer, clock, () -> { });
  }

  /**
   * A dispatcher that runs {@code queueDueMail} at the start of every {@link #deliverDue()}: deferred work that queues
   * mail (the core's link requests), so one scheduled call does both.
   */
  public MailDispatcher(MailOutbox outbox, Mailer mailer, Clock clock, Runnable queueDueMail) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.mailer = Objects.requireNonNull(mailer, "mailer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.queueDueMail = Objects.requireNonNull(queueDueMail, "queueDueMail");
  }

  @Override
  public int deliverDue() {
    queueDueMail.run();
    List<MailOutbox.Entry> due = outbox.claim(clock.instant(), BATCH_SIZE, LEASE);
    int sent = 0;
    for (MailOutbox.Entry entry : due) {
      try {
        mailer.send(entry.message());
      } catch (RuntimeException failure) {
        Instant retryAt = clock.instant().plus(backoff(entry.attempts()));
        String error = describe(failure);
        outbox.markFailed(entry.id(), error, retryAt);
        LOG.log(Level.WARNING, "Mail {0} not delivered (attempt {1}), next try at {2}: {3}",
            entry.id(), entry.attempts(), retryAt, error);
        continue;
      }
      outbox.markSent(entry.id(), clock.instant());
      sent++;
    }
    return sent;
  }

  @Override
  public int backlog() {
    return outbox.backlog();
  }

  /** The wait after the {@code attempts}-th failed attempt: 10 s · 2^(attempts − 1), at most an hour. */
  public static Duration backoff(int attempts) {
    int doublings = Math.max(attempts, 1) - 1;
    if (doublings >= 20) {
      return MAX_RETRY;
    }
    Duration wait = FIRST_RETRY.multipliedBy(1L << doublings);
    return wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
  }

  /** The exception's class and message, single-line, bounded, long token-like runs redacted. */
  static String describe(RuntimeException failure) {
    String message = failure.getMessage();
    String text = failure.getClass().getName();
    if (message != null) {
      text += ": " + SECRET_LIKE.matcher(message.replaceAll("\\p{Cntrl}+", " ")).replaceAll("[redacted]");
    }
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH - 1) + "…";
  }
}
