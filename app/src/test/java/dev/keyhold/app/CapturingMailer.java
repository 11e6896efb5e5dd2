package dev.keyhold.app;

import dev.keyhold.identity.spi.Mailer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real {@link Mailer} that keeps messages in memory, so a test can follow the links a user would get. */
final class CapturingMailer implements Mailer {

  private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");

  private final List<Message> sent = new CopyOnWriteArrayList<>();
  private final List<KeyholdServer> servers = new CopyOnWriteArrayList<>();

  /**
   * Mail leaves through the outbox in the background; before a test reads what was sent, the servers using this
   * mailer deliver what is due, so the read sees every message of the requests made before it.
   */
  void deliversFor(KeyholdServer server) {
    servers.add(server);
  }

  @Override
  public void send(Message message) {
    sent.add(message);
  }

  List<Message> sentTo(String address) {
    for (KeyholdServer server : servers) {
      server.keyhold().mail().deliverDue();
    }
    return sent.stream().filter(m -> m.to().equalsIgnoreCase(address)).toList();
  }

  /** The token in the link of the newest message to {@code address}. */
  String lastTokenSentTo(String address) {
    List<Message> messages = sentTo(address);
    if (messages.isEmpty()) {
      throw new AssertionError("no mail to " + address);
    }
    Matcher matcher = TOKEN.matcher(messages.get(messages.size() - 1).textBody());
    if (!matcher.find()) {
      throw new AssertionError("the newest mail to " + address + " has no link with a token");
    }
    return matcher.group(1);
  }
}
