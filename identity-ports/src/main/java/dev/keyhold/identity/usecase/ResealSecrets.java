package dev.keyhold.identity.usecase;

import java.util.List;
import java.util.Objects;

/**
 * Re-sealing every stored secret (the private parts of the signing keys, the TOTP secrets of two-factor sign-in)
 * under the current key-encryption key, the last step of rotating that key: nodes run with the new key and the old
 * one as previous, this moves every value to the new key, and then the old key can go.
 *
 * <p>Safe while nodes run: each value is replaced by one compare-and-set on its sealed form, so a value written or
 * resealed meanwhile by anyone else is never overwritten (it is read again and counted by what it then is).
 * Idempotent: a value already sealed with the current key is left alone, so a second run reseals nothing. A value
 * that opens with neither key is left as it is and reported; the others are resealed all the same.
 */
public interface ResealSecrets {

  /** What one kind of secret came to. */
  record Count(int resealed, int alreadyCurrent, int gone) {

    public Count {
      if (resealed < 0 || alreadyCurrent < 0 || gone < 0) {
        throw new IllegalArgumentException("counts are not negative");
      }
    }
  }

  /**
   * The outcome of one run.
   *
   * @param signingKeys the signing keys: resealed by this run, already sealed with the current key (by an earlier
   *     run, by a node, or by another run meanwhile), and deleted meanwhile
   * @param totpSecrets the same for TOTP secrets, pending or confirmed
   * @param unreadable what opens with neither key, one description each ({@code signing key <kid>},
   *     {@code TOTP secret of user <id>}) and why; never a secret
   */
  record Result(Count signingKeys, Count totpSecrets, List<String> unreadable) {

    public Result {
      Objects.requireNonNull(signingKeys, "signingKeys");
      Objects.requireNonNull(totpSecrets, "totpSecrets");
      unreadable = List.copyOf(unreadable);
    }

    /** How many values this run resealed. */
    public int resealed() {
      return signingKeys.resealed() + totpSecrets.resealed();
    }

    /** Whether every stored value is now sealed with the current key. */
    public boolean complete() {
      return unreadable.isEmpty();
    }
  }

  /**
   * Reseals every stored secret that is not sealed with the current key.
   *
   * @throws dev.keyhold.identity.error.StoreUnavailableException when a store cannot answer; what was resealed stays
   *     resealed, and running again finishes the rest
   */
  Result reseal();
}
