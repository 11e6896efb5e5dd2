package dev.keyhold.adapter.archfixture;

import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;

/** Breaks a rule on purpose: an adapter other than adapter-oauth validating ID tokens with Nimbus. */
public class UsesNimbusOutsideOAuth {
  IDTokenValidator validator;
}
