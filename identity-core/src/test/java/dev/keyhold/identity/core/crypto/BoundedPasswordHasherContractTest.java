package dev.keyhold.identity.core.crypto;

import dev.keyhold.identity.spi.PasswordHasher;
import dev.keyhold.identity.testkit.PasswordHasherContract;
import java.time.Duration;

/** The bound Keyhold puts around every hasher keeps the port's contract (with a queue and a wait that fit every thread of the suite). */
class BoundedPasswordHasherContractTest extends PasswordHasherContract {

  @Override
  protected PasswordHasher createEmpty() {
    return BoundedPasswordHasher.bound(
        Argon2idPasswordHasher.withParameters(new Argon2Parameters(1024, 1, 1)), new HashingLimits(2, 16, Duration.ofSeconds(30)));
  }
}
