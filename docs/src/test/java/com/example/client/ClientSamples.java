package com.example.client;

import dev.keyhold.client.AccessTokenException;
import dev.keyhold.client.Invitation;
import dev.keyhold.client.KeySourceUnavailableException;
import dev.keyhold.client.KeyholdApiException;
import dev.keyhold.client.KeyholdClient;
import dev.keyhold.client.KeyholdSession;
import dev.keyhold.client.KeyholdTokenVerifier;
import dev.keyhold.client.LoginResult;
import dev.keyhold.client.Member;
import dev.keyhold.client.Organization;
import dev.keyhold.client.OrganizationToken;
import dev.keyhold.client.Profile;
import dev.keyhold.client.Tokens;
import dev.keyhold.client.VerifiedToken;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The code of docs/clients.md: every {@code java} block of that page appears verbatim here ({@code ClientGuideTest}
 * in dev.keyhold.docs checks), and {@link ClientSamplesTest} runs it against a real Keyhold over HTTP.
 */
final class ClientSamples {

  private final String baseUrl;
  private final Function<List<String>, String> authenticatorApp;

  ClientSamples(String baseUrl, Function<List<String>, String> authenticatorApp) {
    this.baseUrl = baseUrl;
    this.authenticatorApp = authenticatorApp;
  }

  KeyholdClient client() {
    KeyholdClient keyhold = KeyholdClient.builder()
        .baseUrl(baseUrl) // such as "https://id.example.com"; the client appends /api/v1/...
        .connectTimeout(Duration.ofSeconds(2))
        .requestTimeout(Duration.ofSeconds(5))
        .build();
    return keyhold;
  }

  void register(KeyholdClient keyhold) {
    keyhold.register("ada@example.com", "correct horse battery staple", "Ada");
  }

  void verify(KeyholdClient keyhold, String tokenFromTheLink) {
    keyhold.verifyEmail(tokenFromTheLink);
  }

  Tokens signIn(KeyholdClient keyhold) {
    LoginResult result = keyhold.login("ada@example.com", "correct horse battery staple");
    Tokens tokens;
    if (result instanceof LoginResult.SignedIn signedIn) {
      tokens = signedIn.tokens();
    } else if (result instanceof LoginResult.TwoFactorRequired challenge) {
      tokens = keyhold.completeLogin(challenge.mfaToken(), askForTheCode(challenge.methods()));
    } else {
      throw new IllegalStateException("unknown login result " + result);
    }
    return tokens;
  }

  String explainRefusal(KeyholdClient keyhold) {
    try {
      keyhold.login("ada@example.com", "not my password");
      return "signed in";
    } catch (KeyholdApiException e) {
      // branch on the stable code, never on the detail text
      if (e.code().equals("invalid_credentials")) {
        return "Wrong email or password (request " + e.requestId().orElse("-") + ")";
      }
      if (e.status() == 429) {
        return "Too many attempts; try again in " + e.retryAfter().map(Duration::toSeconds).orElse(60L) + " s";
      }
      throw e;
    }
  }

  String useASession(KeyholdClient keyhold, Tokens tokens) {
    KeyholdSession session = keyhold.session(tokens);

    Profile me = session.me();
    Organization acme = session.call(token -> keyhold.createOrganization(token, "Acme", null));
    Invitation invitation = session.call(token -> keyhold.invite(token, acme.id(), "bob@example.com", "member"));
    List<Member> members = session.call(token -> keyhold.members(token, acme.id()));
    OrganizationToken orgToken = session.call(token -> keyhold.organizationToken(token, acme.id()));

    session.logout();
    return me.email() + " " + acme.slug() + " " + invitation.status() + " " + members.size() + " "
        + orgToken.scopes().contains("members:read") + " " + orgToken.accessToken();
  }

  KeyholdTokenVerifier verifierFromTheJwksUrl(URI jwksUri, String issuer) {
    KeyholdTokenVerifier verifier = KeyholdTokenVerifier
        .forJwks(jwksUri, issuer) // such as https://id.example.com/.well-known/jwks.json, https://id.example.com
        .audience("keyhold")      // Keyhold's JWT_AUDIENCE
        .algorithms("RS256")      // Keyhold's JWT_ALGORITHM
        .build();
    return verifier;
  }

  KeyholdTokenVerifier verifierFromTheIssuer() {
    KeyholdTokenVerifier verifier = KeyholdTokenVerifier
        .forIssuer("https://id.example.com") // Keyhold's PUBLIC_URL, exactly as its tokens' iss
        .clockSkew(Duration.ofSeconds(30))
        .keyCacheBounds(Duration.ofMinutes(1), Duration.ofHours(12))
        .refetchInterval(Duration.ofSeconds(30))
        .build();
    return verifier;
  }

  /** What a resource server's handler does for {@code GET /orgs/{orgId}/reports}; answers the HTTP status. */
  int handle(KeyholdTokenVerifier verifier, String authorization, String orgId) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return 401;
    }
    try {
      VerifiedToken caller = verifier.verify(authorization.substring("Bearer ".length()));
      caller.requireOrganization(orgId).requireScope("members:read");
      return 200; // caller.subject() is the user id, caller.sessionId() the session
    } catch (AccessTokenException e) {
      // 401 invalid_token or 403 insufficient_scope, for WWW-Authenticate: Bearer error="..."
      return e.status();
    } catch (KeySourceUnavailableException e) {
      return 503; // Keyhold's keys could not be fetched: not the caller's fault
    }
  }

  private String askForTheCode(List<String> methods) {
    return authenticatorApp.apply(methods);
  }
}
