package dev.keyhold.identity.core.mail;

import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.spi.Mailer.Message;
import dev.keyhold.identity.testkit.MailerContract;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;

/**
 * The development mailer delivers to the log: the contract reads each message back from the log line a developer
 * reads (through {@code java.util.logging}, where {@link System.Logger} writes when no other backend is installed).
 * A log line carries no HTML.
 */
class LoggingMailerContractTest extends MailerContract {

  private static final String PREFIX = "Mail (not sent, development mailer) to ";

  private final Logger log = Logger.getLogger("keyhold.mail");
  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
  private final Handler capture = new Handler() {
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
      lines.add(formatter.formatMessage(record));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @Override
  protected Mailer createEmpty() {
    log.addHandler(capture);
    log.setUseParentHandlers(false);
    return new LoggingMailer();
  }

  @AfterEach
  void stopCapturing() {
    log.removeHandler(capture);
    log.setUseParentHandlers(true);
  }

  @Override
  protected List<Message> delivered() {
    synchronized (lines) {
      return lines.stream().map(LoggingMailerContractTest::parse).collect(Collectors.toList());
    }
  }

  @Override
  protected boolean carriesHtml() {
    return false;
  }

  /** {@code PREFIX to: subject\ntext} back into a message. */
  private static Message parse(String line) {
    if (!line.startsWith(PREFIX)) {
      throw new AssertionError("not a mail log line: " + line);
    }
    String rest = line.substring(PREFIX.length());
    int colon = rest.indexOf(": ");
    int newline = rest.indexOf('\n', colon);
    return new Message(rest.substring(0, colon), rest.substring(colon + 2, newline), rest.substring(newline + 1), null);
  }
}
