package dev.keyhold.adapter.smtp;

import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

/**
 * GreenMail servers on free ports, given 30 s to start: GreenMail's default 2 s is too short on a loaded build
 * machine (generating the SMTPS certificate alone can take longer), and a slow start is not what these tests test.
 */
final class GreenMailSetups {

  private static final long STARTUP_TIMEOUT_MILLIS = 30_000;

  private GreenMailSetups() {}

  static ServerSetup smtp() {
    return patient(ServerSetupTest.SMTP.dynamicPort());
  }

  static ServerSetup smtps() {
    return patient(ServerSetupTest.SMTPS.dynamicPort());
  }

  private static ServerSetup patient(ServerSetup setup) {
    setup.setServerStartupTimeout(STARTUP_TIMEOUT_MILLIS);
    return setup;
  }
}
