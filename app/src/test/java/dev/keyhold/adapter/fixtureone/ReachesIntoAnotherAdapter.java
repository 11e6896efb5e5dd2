package dev.keyhold.adapter.fixtureone;

import dev.keyhold.adapter.fixturetwo.AnotherAdapter;

/** Breaks a rule on purpose: one adapter using another. */
public class ReachesIntoAnotherAdapter {
  AnotherAdapter other = new AnotherAdapter();
}
