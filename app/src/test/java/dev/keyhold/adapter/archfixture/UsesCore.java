package dev.keyhold.adapter.archfixture;

import dev.keyhold.identity.core.Keyhold;

/** Breaks a rule on purpose: an adapter reaching into the core. */
public class UsesCore {
  Keyhold keyhold;
}
