package dev.keyhold.identity.usecase;

/**
 * Delivers the mail the use cases queued in the {@link dev.keyhold.identity.spi.MailOutbox}. The use cases never send
 * mail themselves: they queue it (mail with a link atomically with its token), and this sends it through the
 * {@link dev.keyhold.identity.spi.Mailer}. Password-reset and verification-resend requests are only queued by their
 * use cases (so that they answer alike for every address); {@link #deliverDue()} handles those first, then delivers.
 *
 * <p>Embedders call it on a schedule, every second or few; every node may, claims keep a request from being handled
 * and a message from going out twice. A message the mailer refuses stays queued and is tried again 10 seconds after
 * the first attempt, doubling up to an hour.
 */
public interface DeliverMail {

  /** The most messages one {@link #deliverDue()} claims: a call that sends fewer found nothing more due. */
  int BATCH_SIZE = 50;

  /**
   * Queues the mail of deferred work that is due, then claims up to {@link #BATCH_SIZE} due messages and tries to send
   * each once.
   *
   * @return how many were sent
   * @throws dev.keyhold.identity.error.StoreUnavailableException when the outbox's store cannot be reached
   */
  int deliverDue();

  /** How many messages wait for delivery. */
  int backlog();
}
