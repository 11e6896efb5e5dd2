package dev.keyhold.client;

/**
 * Keyhold could not be asked, or its answer could not be read: a refused connection, a timeout, an interrupted wait
 * (the thread's interrupt flag is set again), or a success body that is not the JSON documented. Nothing is known
 * about whether the request took effect. Unchecked; the message never holds a token.
 */
public final class KeyholdConnectionException extends RuntimeException {

  KeyholdConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
