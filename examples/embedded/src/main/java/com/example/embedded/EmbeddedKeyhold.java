package com.example.embedded;

import dev.keyhold.adapter.memory.MemoryProtectionStores;
import dev.keyhold.adapter.memory.MemoryStores;
import dev.keyhold.identity.core.Keyhold;
import dev.keyhold.identity.core.KeyholdSettings;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.GetProfile;
import dev.keyhold.identity.usecase.RegisterAccount;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import dev.keyhold.identity.usecase.VerifyEmail;
import java.util.ArrayList;
import java.util.List;

/** Keyhold in a plain Java main, on memory stores: register, verify the address, log in, refresh, read the profile. */
public final class EmbeddedKeyhold {

  public static void main(String[] args) {
    List<Mailer.Message> outbox = new ArrayList<>();
    Keyhold keyhold = Keyhold.builder().stores(MemoryStores.create()).protection(MemoryProtectionStores.create())
        .settings(KeyholdSettings.defaults("https://id.example.com")).mailer(outbox::add).build();
    ClientInfo client = new ClientInfo("203.0.113.7", "embedded-example", "request-1");
    String email = "ada@example.com";
    String password = "correct horse battery staple";
    keyhold.accounts().register(new RegisterAccount.Command(email, password, "Ada", client));
    keyhold.mail().deliverDue();
    String link = outbox.get(0).textBody().replaceAll("(?s).*[?&]token=([A-Za-z0-9_-]+).*", "$1");
    keyhold.accounts().verifyEmail(new VerifyEmail.Command(link, client));
    Authenticate.Authenticated login = (Authenticate.Authenticated) keyhold.accounts()
        .login(new Authenticate.Command(email, password, client));
    IssuedTokens tokens = keyhold.sessions().refresh(
        new RotateRefreshToken.Command(login.tokens().refreshToken(), client));
    Actor caller = Actor.from(keyhold.sessions().authenticate(tokens.accessToken()), client);
    GetProfile.Profile me = keyhold.accounts().profile(caller.userId());
    System.out.println("Signed in as " + me.displayName() + " <" + me.email() + ">, verified: " + me.emailVerified()
        + ", refreshed: " + !tokens.refreshToken().equals(login.tokens().refreshToken()));
  }
}
