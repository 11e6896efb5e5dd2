package dev.keyhold.identity.core.internal.keys;

import dev.keyhold.identity.core.crypto.KeyEncryption;
import dev.keyhold.identity.core.internal.mfa.TotpFactor;
import dev.keyhold.identity.model.key.StoredSigningKey;
import dev.keyhold.identity.model.mfa.TotpCredential;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.SigningKeyRepository;
import dev.keyhold.identity.spi.TotpCredentialRepository;
import dev.keyhold.identity.usecase.ResealSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link ResealSecrets} over the two stores that hold sealed values. Each value is read, resealed in memory and
 * written back by compare-and-set; when the compare fails the value is read again and handled as it now is, so a
 * value a node or another run wrote meanwhile is never overwritten.
 */
public final class SecretResealer implements ResealSecrets {

  /** TOTP credentials read per page. */
  static final int PAGE_SIZE = 100;

  /** Compare-and-set attempts on one value before giving up on a value that keeps changing. */
  private static final int ATTEMPTS = 10;

  private final SigningKeyRepository signingKeys;
  private final TotpCredentialRepository totpCredentials;
  private final KeyEncryption encryption;

  public SecretResealer(SigningKeyRepository signingKeys, TotpCredentialRepository totpCredentials,
      KeyEncryption encryption) {
    this.signingKeys = signingKeys;
    this.totpCredentials = totpCredentials;
    this.encryption = encryption;
  }

  @Override
  public Result reseal() {
    List<String> unreadable = new ArrayList<>();
    Tally keys = new Tally();
    for (StoredSigningKey key : signingKeys.findAll()) {
      String kid = key.kid();
      resealOne("signing key " + kid, kid, key.sealedPrivateKey(),
          () -> signingKeys.findAll().stream().filter(k -> k.kid().equals(kid)).findFirst()
              .map(StoredSigningKey::sealedPrivateKey),
          (expected, sealed) -> signingKeys.replaceSealedPrivateKey(kid, expected, sealed),
          keys, unreadable);
    }
    Tally totp = new Tally();
    UserId after = null;
    for (List<TotpCredential> page = totpCredentials.findPage(null, PAGE_SIZE); !page.isEmpty();
        page = totpCredentials.findPage(after, PAGE_SIZE)) {
      for (TotpCredential credential : page) {
        UserId userId = credential.userId();
        resealOne("TOTP secret of user " + userId, TotpFactor.associatedData(userId), credential.sealedSecret(),
            () -> totpCredentials.find(userId).map(TotpCredential::sealedSecret),
            (expected, sealed) -> totpCredentials.replaceSealedSecret(userId, expected, sealed),
            totp, unreadable);
      }
      after = page.get(page.size() - 1).userId();
    }
    return new Result(keys.count(), totp.count(), unreadable);
  }

  /** Writes {@code sealed} if the stored value is still {@code expected}. */
  private interface CompareAndSet {
    boolean replace(String expected, String sealed);
  }

  private static final class Tally {
    int resealed;
    int current;
    int gone;

    Count count() {
      return new Count(resealed, current, gone);
    }
  }

  private void resealOne(String what, String associatedData, String sealed, Supplier<Optional<String>> reread,
      CompareAndSet write, Tally tally, List<String> unreadable) {
    String expected = sealed;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      String plaintext;
      try {
        plaintext = encryption.open(expected, associatedData); // also when current: an altered value is reported
      } catch (IllegalStateException e) { // names the value and the key ids, never a key or a secret
        unreadable.add(what + ": " + reason(e.getMessage()));
        return;
      }
      if (encryption.sealedWithCurrentKey(expected)) {
        tally.current++;
        return;
      }
      if (write.replace(expected, encryption.seal(plaintext, associatedData))) {
        tally.resealed++;
        return;
      }
      Optional<String> now = reread.get(); // written meanwhile: by a node, or another run
      if (now.isEmpty()) {
        tally.gone++;
        return;
      }
      expected = now.get();
    }
    throw new IllegalStateException(what + " changed " + ATTEMPTS + " times while it was being resealed");
  }

  /** The message of {@link KeyEncryption#open} without its subject, which {@code what} names better. */
  private static String reason(String message) {
    int cut = message.indexOf("cannot be opened");
    return cut < 0 ? message : message.substring(cut);
  }
}
