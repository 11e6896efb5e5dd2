package dev.keyhold.app.archfixture;

import dev.keyhold.identity.core.internal.protection.Protection;

/** Breaks a rule on purpose: code outside the core reaching into its internals. */
public class UsesCoreInternals {
  Protection protection;
}
