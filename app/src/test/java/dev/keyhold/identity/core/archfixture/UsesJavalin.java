package dev.keyhold.identity.core.archfixture;

import io.javalin.http.Context;

/** Breaks a rule on purpose: core logic using a web framework. */
public class UsesJavalin {
  Context context;
}
