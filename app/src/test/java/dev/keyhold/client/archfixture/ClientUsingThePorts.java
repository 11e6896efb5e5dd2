package dev.keyhold.client.archfixture;

import dev.keyhold.identity.model.user.UserId;

/** Breaks the client rule: a client class reaching for a Keyhold domain type instead of speaking HTTP. */
public class ClientUsingThePorts {

  public String parse(String id) {
    return UserId.parse(id, "id").toString();
  }
}
