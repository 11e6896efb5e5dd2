package dev.keyhold.app.archfixture.cyclea;

import dev.keyhold.app.archfixture.cycleb.PointsToA;

/** Breaks a rule on purpose: its package and {@link PointsToA}'s depend on each other. */
public class PointsToB {
  PointsToA other;
}
