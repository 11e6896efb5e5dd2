/**
 * The secure defaults for the core's crypto ports: Argon2id password hashing (argon2-jvm), JWT access tokens and
 * their key set (nimbus-jose-jwt), and the randomness and token-digest helpers. The only package of the core that
 * may use these libraries; none of their types appears in a public signature here.
 */
package dev.keyhold.identity.core.crypto;
