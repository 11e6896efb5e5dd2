package dev.keyhold.identity.core.crypto;

import dev.keyhold.identity.spi.PasswordHasher;
import dev.keyhold.identity.testkit.PasswordHasherContract;

/** Keyhold's default hasher passes the port's contract (with cheap parameters; the contract's checks do not depend on them). */
class Argon2idPasswordHasherContractTest extends PasswordHasherContract {

  @Override
  protected PasswordHasher createEmpty() {
    return Argon2idPasswordHasher.withParameters(new Argon2Parameters(1024, 1, 1));
  }
}
