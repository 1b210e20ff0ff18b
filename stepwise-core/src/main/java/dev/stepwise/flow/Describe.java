package dev.stepwise.flow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a record component used as a state field ({@link StateSchema#of(Class)}): what it
 * means, and optional bounds.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface Describe {

    /** What the field means, shown to the model. */
    String value();

    /** Inclusive lower bound for numbers; ignored when NaN. */
    double min() default Double.NaN;

    /** Inclusive upper bound for numbers; ignored when NaN. */
    double max() default Double.NaN;

    /** A named string format: {@code email}, {@code uri} or {@code date}; empty for none. */
    String format() default "";

    /** Whether the flow may finish without this field. */
    boolean optional() default false;

    /** Output-only: set by the flow's code, never by a call ({@link FieldSpec.Builder#computed()}). */
    boolean computed() default false;
}
