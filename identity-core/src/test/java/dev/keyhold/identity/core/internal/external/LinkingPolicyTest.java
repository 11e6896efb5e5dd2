package dev.keyhold.identity.core.internal.external;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.core.internal.external.LinkingPolicy.Decision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkingPolicyTest {

  @ParameterizedTest(name = "linked={0} account={1} accountVerified={2} vouches={3} -> {4}")
  @CsvSource({
      // a linked identity signs its user in, whatever the address says now
      "true,  false, false, false, SIGN_IN_LINKED_USER",
      "true,  false, false, true,  SIGN_IN_LINKED_USER",
      "true,  true,  false, false, SIGN_IN_LINKED_USER",
      "true,  true,  false, true,  SIGN_IN_LINKED_USER",
      "true,  true,  true,  false, SIGN_IN_LINKED_USER",
      "true,  true,  true,  true,  SIGN_IN_LINKED_USER",
      // an account with the address: linked only on the provider's word, taken over when never verified
      "false, true,  true,  true,  LINK_VERIFIED_ACCOUNT",
      "false, true,  false, true,  CLAIM_UNVERIFIED_ACCOUNT",
      "false, true,  true,  false, REFUSE_EMAIL_UNVERIFIED",
      "false, true,  false, false, REFUSE_EMAIL_UNVERIFIED",
      // no account: a user only for an address the provider vouches for
      "false, false, false, true,  CREATE_USER",
      "false, false, true,  true,  CREATE_USER",
      "false, false, false, false, REFUSE_NO_VERIFIED_EMAIL",
      "false, false, true,  false, REFUSE_NO_VERIFIED_EMAIL"})
  void decides(boolean linked, boolean account, boolean accountVerified, boolean vouches, Decision expected) {
    assertThat(LinkingPolicy.decide(linked, account, accountVerified, vouches)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
      "SIGN_IN_LINKED_USER, false, ", "LINK_VERIFIED_ACCOUNT, false, ", "CLAIM_UNVERIFIED_ACCOUNT, false, ",
      "CREATE_USER, false, ", "REFUSE_EMAIL_UNVERIFIED, true, email_unverified",
      "REFUSE_NO_VERIFIED_EMAIL, true, no_verified_email"})
  void only_refusals_carry_a_reason(Decision decision, boolean refused, String reason) {
    assertThat(decision.refused()).isEqualTo(refused);
    assertThat(decision.reason()).isEqualTo(reason);
  }
}
