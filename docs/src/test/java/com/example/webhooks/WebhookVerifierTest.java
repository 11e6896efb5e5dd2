package com.example.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The verification snippet of docs/extending.md against the Standard Webhooks specification's own example. */
class WebhookVerifierTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final String TIMESTAMP = "1614265330";
  private static final String BODY = "{\"test\": 2432232314}";
  private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  private static final Instant SENT = Instant.ofEpochSecond(1614265330);

  private final WebhookVerifier verifier = new WebhookVerifier(SECRET);

  @Test
  void the_specifications_example_verifies() throws Exception {
    assertThat(verifier.verify(ID, TIMESTAMP, SIGNATURE, BODY, SENT.plusSeconds(30))).isTrue();
    assertThat(verifier.verify(ID, TIMESTAMP, "v1,bm90IGl0 " + SIGNATURE, BODY, SENT)).isTrue();
  }

  @Test
  void a_changed_body_id_or_signature_does_not() throws Exception {
    assertThat(verifier.verify(ID, TIMESTAMP, SIGNATURE, BODY.replace("2432232314", "2432232315"), SENT)).isFalse();
    assertThat(verifier.verify("msg_other", TIMESTAMP, SIGNATURE, BODY, SENT)).isFalse();
    assertThat(verifier.verify(ID, TIMESTAMP, "v1,Zm9v", BODY, SENT)).isFalse();
  }

  @Test
  void an_old_delivery_is_refused_as_a_replay() throws Exception {
    assertThat(verifier.verify(ID, TIMESTAMP, SIGNATURE, BODY, SENT.plusSeconds(301))).isFalse();
  }
}
