package dev.keyhold.adapter.fixturetwo;

/** The adapter that {@code ReachesIntoAnotherAdapter} wrongly uses. */
public class AnotherAdapter {}
