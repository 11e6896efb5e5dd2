package dev.keyhold.identity.core.archfixture;

import com.nimbusds.jwt.SignedJWT;

/** Breaks a rule on purpose: JOSE code outside the crypto package. */
public class UsesNimbusOutsideCrypto {
  SignedJWT jwt;
}
