package io.lrp4j.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a relevance rule. The engine finds annotated classes by a classpath scan of the packages listed in the
 * jar's {@value #MARKER_RESOURCE} resource.
 *
 * <p>The annotated class must be public, final, have a public no-argument constructor, hold no instance fields
 * (rules are shared between threads), and implement {@link LinearRule}, {@link ActivationRule} or both. Registration
 * fails with a message naming the class when any of this is not so, or when two classes claim one name.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Rule {
    /** Resource that marks a jar as declaring rules; it lists the packages to scan, one per line. */
    String MARKER_RESOURCE = "META-INF/lrp4j/rules";

    /**
     * The unique name users type, such as {@code epsilon} or {@code z+}: letters, digits and {@code +}, in groups
     * joined by single hyphens. Names are compared ignoring case.
     */
    String name();

    /** Other names that select the same rule. */
    String[] aliases() default {};

    /** One line that says what the rule does. */
    String summary();

    /** The properties this rule promises; the testkit checks exactly these. */
    Guarantee[] guarantees() default {};

    /** The paper that defines the rule. */
    String reference() default "";

    /** The inputs its guarantees assume; {@link Inputs#ANY} by default. */
    Inputs inputs() default Inputs.ANY;

    /**
     * Whether the lower relevance is linear in the upper relevance, as it is for every LRP rule. Modified gradients
     * such as guided backprop's ReLU are only positively homogeneous and say {@code false}.
     */
    boolean linearInRelevance() default true;
}
