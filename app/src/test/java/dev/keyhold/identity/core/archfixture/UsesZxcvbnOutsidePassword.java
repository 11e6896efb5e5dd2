package dev.keyhold.identity.core.archfixture;

import com.nulabinc.zxcvbn.Zxcvbn;

/** Breaks a rule on purpose: the password dictionary outside the password package. */
public class UsesZxcvbnOutsidePassword {
  Zxcvbn zxcvbn;
}
