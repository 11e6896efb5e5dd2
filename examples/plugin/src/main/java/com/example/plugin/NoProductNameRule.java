package com.example.plugin;

import dev.keyhold.identity.model.hook.PasswordCandidate;
import dev.keyhold.identity.model.hook.Verdict;
import dev.keyhold.identity.spi.PasswordRule;
import java.util.Locale;

/** Refuses passwords that contain the product's name: the first word an attacker tries. Never logs the password. */
final class NoProductNameRule implements PasswordRule {

  @Override
  public Verdict check(PasswordCandidate candidate) {
    if (candidate.password().toLowerCase(Locale.ROOT).contains("keyhold")) {
      return Verdict.refuse("contains_product_name", "Choose a password that does not contain the product's name.");
    }
    return Verdict.accept();
  }
}
