package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static dev.keyhold.identity.core.TestKeyhold.FAST;
import static dev.keyhold.identity.core.TestKeyhold.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.Logout;
import dev.keyhold.identity.usecase.LogoutEverywhere;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Access-token checks remember an active session for a second: a revocation works at once on the node that made it
 * and within that second on another node over the same stores.
 */
class SessionCheckTest {

  private final TestKeyhold nodeA = new TestKeyhold();
  private final TestKeyhold nodeB = nodeA.redeployedWith(FAST);

  @Test
  void a_logout_stops_the_token_at_once_here_and_within_a_second_on_another_node() {
    nodeA.registerAndVerify("ada@example.com");
    IssuedTokens tokens = nodeA.login("ada@example.com").tokens();
    assertThat(nodeB.keyhold.sessions().authenticate(tokens.accessToken())).as("node B has seen it active").isNotNull();

    nodeA.keyhold.sessions().logout(new Logout.Command(tokens.refreshToken(), CLIENT));

    assertThat(code(() -> nodeA.keyhold.sessions().authenticate(tokens.accessToken()))).isEqualTo("invalid_token");
    assertThat(nodeB.keyhold.sessions().authenticate(tokens.accessToken()))
        .as("node B may rely on what it saw for up to a second").isNotNull();
    nodeA.clock.advance(Duration.ofMillis(1_001));
    assertThat(code(() -> nodeB.keyhold.sessions().authenticate(tokens.accessToken()))).isEqualTo("invalid_token");
  }

  @Test
  void logging_out_everywhere_stops_every_token_of_the_user_at_once_on_its_node() {
    nodeA.registerAndVerify("ada@example.com");
    Authenticate.Authenticated laptop = nodeA.login("ada@example.com");
    IssuedTokens phone = nodeA.login("ada@example.com").tokens();
    assertThat(nodeA.keyhold.sessions().authenticate(phone.accessToken())).isNotNull();

    nodeA.keyhold.sessions().logoutEverywhere(new LogoutEverywhere.Command(laptop.userId(), CLIENT));

    assertThat(code(() -> nodeA.keyhold.sessions().authenticate(phone.accessToken()))).isEqualTo("invalid_token");
    assertThat(code(() -> nodeA.keyhold.sessions().authenticate(laptop.tokens().accessToken())))
        .isEqualTo("invalid_token");
  }

  @Test
  void with_a_zero_ttl_every_check_reads_the_store() {
    TestKeyhold strict = new TestKeyhold(builder -> builder.sessionCheckTtl(Duration.ZERO));
    TestKeyhold other = strict.redeployedWith(FAST);
    strict.registerAndVerify("ada@example.com");
    IssuedTokens tokens = strict.login("ada@example.com").tokens();
    assertThat(strict.keyhold.sessions().authenticate(tokens.accessToken())).isNotNull();

    other.keyhold.sessions().logout(new Logout.Command(tokens.refreshToken(), CLIENT));

    assertThat(code(() -> strict.keyhold.sessions().authenticate(tokens.accessToken()))).isEqualTo("invalid_token");
  }
}
