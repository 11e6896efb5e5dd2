package dev.keyhold.app.hooks;

/** A public class with a no-argument constructor that implements no hook interface. */
public final class NotAHook {}
