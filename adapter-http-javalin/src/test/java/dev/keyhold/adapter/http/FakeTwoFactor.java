package dev.keyhold.adapter.http;

import dev.keyhold.identity.usecase.ConfirmTotpEnrolment;
import dev.keyhold.identity.usecase.ConfirmTotpEnrolment.RecoveryCodeSet;
import dev.keyhold.identity.usecase.DisableTotp;
import dev.keyhold.identity.usecase.ReplaceRecoveryCodes;
import dev.keyhold.identity.usecase.StartTotpEnrolment;
import dev.keyhold.identity.usecase.StartTotpEnrolment.Enrolment;
import dev.keyhold.identity.usecase.TwoFactor;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Hand-written {@link TwoFactor}: every use case answers with a fixed result (replaceable by a test), or throws what
 * {@link #failWith} installed, and keeps the last command it was given.
 */
final class FakeTwoFactor implements TwoFactor {

  static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  static final String OTPAUTH_URI = "otpauth://totp/Keyhold:ada%40example.com?secret=" + SECRET
      + "&issuer=Keyhold&algorithm=SHA1&digits=6&period=30";
  static final String QR_SVG =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 29 29\"><path d=\"M0 0h7v7H0z\"/></svg>";
  static final Enrolment ENROLMENT = new Enrolment(SECRET, OTPAUTH_URI, QR_SVG);
  /** Ten codes, as many as the core gives. */
  static final RecoveryCodeSet CODES = new RecoveryCodeSet(IntStream.range(0, 10)
      .mapToObj(i -> "abcde-fghij-klmno-pqrst-uvwx" + (char) ('a' + i)).toList());

  volatile Enrolment enrolment;
  volatile RecoveryCodeSet codes;
  volatile RuntimeException failure;

  volatile Object lastCommand;

  FakeTwoFactor() {
    reset();
  }

  void reset() {
    enrolment = ENROLMENT;
    codes = CODES;
    failure = null;
    lastCommand = null;
  }

  /** Makes every use case throw {@code failure}. */
  void failWith(RuntimeException failure) {
    this.failure = failure;
  }

  private <T> T answer(T result, Object command) {
    lastCommand = command;
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  @Override
  public Enrolment startTotpEnrolment(StartTotpEnrolment.Command command) {
    return answer(enrolment, command);
  }

  @Override
  public RecoveryCodeSet confirmTotpEnrolment(ConfirmTotpEnrolment.Command command) {
    return answer(codes, command);
  }

  @Override
  public void disableTotp(DisableTotp.Command command) {
    answer(null, command);
  }

  @Override
  public RecoveryCodeSet replaceRecoveryCodes(ReplaceRecoveryCodes.Command command) {
    return answer(codes, command);
  }

  /** The codes of {@link #CODES}, for assertions. */
  static List<String> codeList() {
    return CODES.codes();
  }
}
