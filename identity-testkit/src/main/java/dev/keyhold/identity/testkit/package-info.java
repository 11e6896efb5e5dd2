/**
 * Contract suites for the driven ports, one abstract JUnit 5 class per port, and the helpers they share.
 *
 * <p>Every suite asks its subclass for the same single thing, {@code createEmpty()}: an empty instance of what it
 * tests, called before each test. It returns the port itself where the suite needs nothing else
 * ({@code UserRepository}, {@code AuditLog}, {@code SigningKeyRepository}, {@code Mailer}, {@code PasswordHasher}),
 * and the set of stores where the suite must first store what the port refers to ({@code IdentityStores}) or where
 * the ports share one connection ({@code ProtectionStores}). A database-backed adapter empties its tables there and
 * may return the same instance every time.
 *
 * <pre>{@code
 * class MyUserRepositoryTest extends UserRepositoryContract {
 *   @Override protected UserRepository createEmpty() { return new MyUserRepository(); }
 * }
 * }</pre>
 */
package dev.keyhold.identity.testkit;
