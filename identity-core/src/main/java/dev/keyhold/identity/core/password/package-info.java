/** Rules for new passwords: length in code points and resistance to guessing (zxcvbn4j), without composition rules. */
package dev.keyhold.identity.core.password;
