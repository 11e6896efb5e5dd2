package dev.keyhold.identity.core.mail;

import dev.keyhold.identity.spi.Mailer;
import java.lang.System.Logger.Level;

/**
 * The development mailer: writes each message, links included, to the log instead of sending it. Because links
 * carry single-use tokens, this mailer is for development only; production deployments configure real delivery.
 */
public final class LoggingMailer implements Mailer {

  private static final System.Logger LOG = System.getLogger("keyhold.mail");

  @Override
  public void send(Message message) {
    LOG.log(Level.INFO, "Mail (not sent, development mailer) to {0}: {1}\n{2}",
        message.to(), message.subject(), message.textBody());
  }
}
