package dev.keyhold.adapter.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a required component of a request record that may be {@code null}: the JSON body must name it, and an explicit
 * {@code null} is a value (such as "remove the display name"), not an omission.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface NullableField {}
