package dev.keyhold.identity.testkit.archfixture;

import dev.keyhold.identity.core.KeyholdSettings;

/** Breaks a rule on purpose: a test-kit class that needs identity-core, which an adapter's author may not have. */
public class ContractUsingTheCore {
  KeyholdSettings settings;
}
