package dev.keyhold.identity.model.archfixture;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Breaks a rule on purpose: a port type depending on a JSON library. */
public class UsesJackson {
  ObjectMapper mapper;
}
