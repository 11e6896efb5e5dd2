package dev.keyhold.adapter.smtp;

import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.spi.Mailer;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each message synchronously to one SMTP server with Jakarta Mail. Opens one connection per message and
 * keeps no queue: when {@link #send} returns, the server has accepted the message. Thread-safe.
 *
 * <p>Bodies are never logged: they carry links with single-use tokens.
 */
public final class SmtpMailer implements Mailer {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpMailer.class);
  private static final String UTF_8 = StandardCharsets.UTF_8.name();

  private final SmtpSettings settings;
  private final Session session;
  private final InternetAddress from;

  private SmtpMailer(SmtpSettings settings) {
    this.settings = settings;
    this.session = Session.getInstance(properties(settings));
    this.from = Addresses.parse(settings.from(), "sender");
  }

  /** A mailer for these settings. Does not connect: an unreachable server shows on the first {@link #send}. */
  public static SmtpMailer create(SmtpSettings settings) {
    Objects.requireNonNull(settings, "settings");
    if (settings.authenticates() && settings.security() == SmtpSettings.Security.NONE) {
      LOG.warn("SMTP credentials for {}:{} will be sent without TLS.", settings.host(), settings.port());
    }
    return new SmtpMailer(settings);
  }

  /**
   * Sends the message as UTF-8 from the configured sender: {@code text/plain} alone, or {@code multipart/alternative}
   * with the text and the HTML when {@code htmlBody} is present. Each message gets a Message-ID in the sender's domain.
   *
   * @throws IllegalArgumentException if the recipient is not exactly one strictly valid address, or the subject holds
   *     a line break; nothing is sent
   * @throws StoreUnavailableException if the server cannot be reached in time, refuses the TLS handshake or the
   *     credentials, or rejects the message. This is the port family's one exception for "a backing service is
   *     unavailable"; its message names the reason and never a secret or the body. The message may or may not have
   *     been delivered only if the connection broke after the final data was written.
   */
  @Override
  public void send(Message message) {
    Objects.requireNonNull(message, "message");
    InternetAddress to = Addresses.parse(message.to(), "recipient");
    if (message.subject().indexOf('\r') >= 0 || message.subject().indexOf('\n') >= 0) {
      throw new IllegalArgumentException("The subject must not contain a line break.");
    }
    MimeMessage mime = build(message, to);
    try {
      if (settings.authenticates()) {
        Transport.send(mime, settings.username(), settings.password());
      } else {
        Transport.send(mime);
      }
    } catch (MessagingException e) {
      String reason = reason(e);
      LOG.debug("SMTP delivery to {}:{} failed: {}", settings.host(), settings.port(), reason);
      throw new StoreUnavailableException("SMTP delivery failed: " + reason, e);
    }
    LOG.debug("Sent message {} through {}:{}", messageId(mime), settings.host(), settings.port());
  }

  private MimeMessage build(Message message, InternetAddress to) {
    try {
      MimeMessage mime = new MimeMessage(session);
      mime.setFrom(from);
      mime.setRecipient(RecipientType.TO, to);
      mime.setSubject(message.subject(), UTF_8);
      mime.setSentDate(new Date());
      if (message.htmlBody() == null) {
        mime.setText(message.textBody(), UTF_8, "plain");
      } else {
        MimeBodyPart text = new MimeBodyPart();
        text.setText(message.textBody(), UTF_8, "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(message.htmlBody(), UTF_8, "html");
        mime.setContent(new MimeMultipart("alternative", text, html));
      }
      return mime;
    } catch (MessagingException e) {
      throw new IllegalStateException("Could not build the mail message.", e);
    }
  }

  private String reason(MessagingException e) {
    String server = settings.host() + ":" + settings.port();
    if (e instanceof AuthenticationFailedException) {
      return "the server " + server + " rejected the credentials";
    }
    if (e instanceof SendFailedException) {
      return "the server " + server + " rejected the sender or recipient";
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SocketTimeoutException) {
        return "timed out talking to " + server;
      }
      if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
        return "cannot connect to " + server;
      }
      if (cause instanceof UnknownHostException) {
        return "unknown host " + settings.host();
      }
      if (cause instanceof SSLException) {
        return "TLS with " + server + " failed";
      }
    }
    if (settings.security() == SmtpSettings.Security.STARTTLS && String.valueOf(e.getMessage()).contains("STARTTLS")) {
      return "the server " + server + " does not offer STARTTLS";
    }
    return "error talking to " + server + " (" + e.getClass().getSimpleName() + ")";
  }

  private static String messageId(MimeMessage mime) {
    try {
      return mime.getMessageID();
    } catch (MessagingException e) {
      return "?";
    }
  }

  private static Properties properties(SmtpSettings settings) {
    Properties props = new Properties();
    props.setProperty("mail.transport.protocol", "smtp");
    props.setProperty("mail.smtp.host", settings.host());
    props.setProperty("mail.smtp.port", Integer.toString(settings.port()));
    props.setProperty("mail.smtp.connectiontimeout", Long.toString(settings.connectTimeout().toMillis()));
    props.setProperty("mail.smtp.timeout", Long.toString(settings.readTimeout().toMillis()));
    props.setProperty("mail.smtp.writetimeout", Long.toString(settings.readTimeout().toMillis()));
    props.setProperty("mail.smtp.auth", Boolean.toString(settings.authenticates()));
    // The local address feeds the Message-ID's domain: the sender's domain, not this machine's host name.
    props.setProperty("mail.from", Addresses.parse(settings.from(), "sender").getAddress());
    props.setProperty("mail.mime.charset", UTF_8);
    switch (settings.security()) {
      case STARTTLS -> {
        props.setProperty("mail.smtp.starttls.enable", "true");
        props.setProperty("mail.smtp.starttls.required", "true");
        props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
      }
      case TLS -> {
        props.setProperty("mail.smtp.ssl.enable", "true");
        props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
      }
      case NONE -> { }
    }
    return props;
  }
}
