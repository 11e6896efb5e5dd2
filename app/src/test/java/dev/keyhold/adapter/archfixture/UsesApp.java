package dev.keyhold.adapter.archfixture;

import dev.keyhold.app.Config;

/** Breaks a rule on purpose: an adapter depending on the app. */
public class UsesApp {
  Config config;
}
