package com.example.identity;

import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.spi.Mailer.Message;
import dev.keyhold.identity.testkit.MailerContract;
import java.util.List;

/** The guide's capturing mailer is a mailer like any other: it passes the port's contract suite. */
class CapturingMailerTest extends MailerContract {

  private CapturingMailer mailer;

  @Override
  protected Mailer createEmpty() {
    mailer = new CapturingMailer();
    return mailer;
  }

  @Override
  protected List<Message> delivered() {
    return mailer.sent();
  }
}
