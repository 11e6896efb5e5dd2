package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Organizations created without a slug, over real HTTP on PostgreSQL: derived, suffixed, and safe under a race. */
class OrganizationSlugFlowTest {

  private static final String PASSWORD = "correct horse battery staple";

  @RegisterExtension
  static final RunningServer server = new RunningServer(Map.of("ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1"));

  private static ApiClient api;
  private static String token;

  @BeforeAll
  static void signUp() {
    api = server.api();
    String email = "slugs@example.com";
    assertThat(api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(202);
    assertThat(api.post("/api/v1/verify-email", Map.of("token", server.mail().lastTokenSentTo(email))).status())
        .isEqualTo(200);
    token = api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD)).text("access_token");
  }

  @Test
  void a_slug_is_derived_from_the_name_and_suffixed_while_taken() {
    ApiClient.Response first = api.post("/api/v1/orgs", Map.of("name", "Zoë's Bäckerei"), token);
    ApiClient.Response second = api.post("/api/v1/orgs", Map.of("name", "zoe s backerei"), token);

    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(first.text("slug")).isEqualTo("zoe-s-backerei");
    assertThat(second.text("slug")).isEqualTo("zoe-s-backerei-2");
    assertThat(api.post("/api/v1/orgs", Map.of("name", "Other", "slug", "zoe-s-backerei"), token).text("code"))
        .as("a given slug that is taken is still refused").isEqualTo("slug_taken");
  }

  @Test
  void concurrent_creates_of_one_name_each_end_with_an_organization_of_their_own() throws Exception {
    int creates = 6;
    ExecutorService pool = Executors.newFixedThreadPool(creates);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<ApiClient.Response>> calls = new ArrayList<>();
      for (int i = 0; i < creates; i++) {
        calls.add(CompletableFuture.supplyAsync(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          return api.post("/api/v1/orgs", Map.of("name", "Race Condition"), token);
        }, pool));
      }
      start.countDown();
      List<String> slugs = new ArrayList<>();
      for (CompletableFuture<ApiClient.Response> call : calls) {
        ApiClient.Response response = call.get();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        slugs.add(response.text("slug"));
      }
      assertThat(slugs).containsExactlyInAnyOrder("race-condition", "race-condition-2", "race-condition-3",
          "race-condition-4", "race-condition-5", "race-condition-6");
    } finally {
      pool.shutdownNow();
    }
  }
}
