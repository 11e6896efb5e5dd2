package com.example.identity;

import dev.keyhold.identity.spi.Mailer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps the mail instead of sending it, so a test can follow the links in it. */
public final class CapturingMailer implements Mailer {

  private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");

  private final List<Message> sent = new CopyOnWriteArrayList<>();

  @Override
  public void send(Message message) {
    sent.add(message);
  }

  /** Every message sent so far, oldest first. */
  public List<Message> sent() {
    return List.copyOf(sent);
  }

  /** The token of the link in the latest message to {@code address}. */
  public String lastTokenTo(String address) {
    for (int i = sent.size() - 1; i >= 0; i--) {
      Message message = sent.get(i);
      Matcher link = TOKEN.matcher(message.textBody());
      if (message.to().equals(address) && link.find()) {
        return link.group(1);
      }
    }
    throw new IllegalStateException("no link was mailed to " + address);
  }
}
