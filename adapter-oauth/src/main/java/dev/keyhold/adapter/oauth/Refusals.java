package dev.keyhold.adapter.oauth;

import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.openid.connect.sdk.validators.BadJWTExceptions;

/**
 * Names why Nimbus refused an ID token, as the fixed reason word of
 * {@link dev.keyhold.identity.error.ExternalLoginException#failed}. Only for audit and logs: Nimbus decided, this
 * merely labels its decision, and an unknown refusal is still a refusal ({@code invalid_id_token}). Nimbus's messages
 * quote claim values (a nonce among them), so they are never passed on.
 */
final class Refusals {

  private Refusals() {}

  static String reason(BadJOSEException refusal) {
    if (!(refusal instanceof BadJWTException)) {
      // the signature: another algorithm than RS256/ES256, no key with that id, an invalid signature, a wrong typ
      return "bad_signature";
    }
    if (refusal == BadJWTExceptions.EXPIRED_EXCEPTION || refusal == BadJWTExceptions.MISSING_EXP_CLAIM_EXCEPTION) {
      return "expired";
    }
    if (refusal == BadJWTExceptions.IAT_CLAIM_AHEAD_EXCEPTION || refusal == BadJWTExceptions.MISSING_IAT_CLAIM_EXCEPTION) {
      return "bad_issued_at";
    }
    if (refusal == BadJWTExceptions.MISSING_ISS_CLAIM_EXCEPTION) {
      return "bad_issuer";
    }
    if (refusal == BadJWTExceptions.MISSING_AUD_CLAIM_EXCEPTION) {
      return "bad_audience";
    }
    if (refusal == BadJWTExceptions.MISSING_NONCE_CLAIM_EXCEPTION) {
      return "bad_nonce";
    }
    if (refusal == BadJWTExceptions.MISSING_SUB_CLAIM_EXCEPTION) {
      return "bad_subject";
    }
    String message = refusal.getMessage() == null ? "" : refusal.getMessage();
    if (message.startsWith("Unexpected JWT issuer")) {
      return "bad_issuer";
    }
    if (message.startsWith("Unexpected JWT audience")) {
      return "bad_audience";
    }
    if (message.contains("(azp)")) {
      return "bad_azp";
    }
    if (message.contains("(nonce)")) {
      return "bad_nonce";
    }
    return "invalid_id_token";
  }
}
