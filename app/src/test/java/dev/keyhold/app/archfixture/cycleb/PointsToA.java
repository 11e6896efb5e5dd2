package dev.keyhold.app.archfixture.cycleb;

import dev.keyhold.app.archfixture.cyclea.PointsToB;

/** Breaks a rule on purpose: its package and {@link PointsToB}'s depend on each other. */
public class PointsToA {
  PointsToB other;
}
